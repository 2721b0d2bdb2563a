/**
 * Finds base64, hex and URL-encoded runs that decode to readable text, so a scanner can read
 * an instruction an attacker encoded to get it past keyword filters ("decode this and do it:
 * aWdub3Jl..."). A run counts only when its bytes are valid UTF-8 and nearly all printable:
 * API keys, hashes and long words decode to binary noise and are left alone.
 */
import type { Encoding } from '../contract/text-views.js';
import type { Span } from '../contract/types.js';

export interface EncodedPayload {
  readonly encoding: Encoding;
  /** Where the encoded run sits in the text searched. */
  readonly span: Span;
  readonly decoded: string;
}

const MAX_PAYLOADS = 16;
const MAX_DECODED = 20_000;

/**
 * A run that may be base64. A match always starts where a run of these characters starts
 * (inside a run it would have matched from the run's start), so the look-behind finds the
 * same runs and only spares the engine a try from every letter of every shorter word.
 */
export const BASE64_RUN = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{12,}={0,2}/g;

/** Per pattern, a string every match contains, if any: most texts have none, and are not searched. */
const PATTERNS: readonly [Encoding, RegExp, string?][] = [
  ['base64', BASE64_RUN],
  ['hex', /(?<![0-9A-Fa-f])(?:[0-9A-Fa-f]{2}){8,}(?![0-9A-Fa-f])/g],
  ['hex', /(?:\\x[0-9A-Fa-f]{2}){6,}/g, '\\x'],
  ['hex', /(?<![0-9A-Fa-f])[0-9A-Fa-f]{2}(?: [0-9A-Fa-f]{2}){7,}(?![0-9A-Fa-f])/g],
  ['url', /(?<!\S)(?:[^\s%]*%[0-9A-Fa-f]{2}){3,}[^\s%]*/g, '%'],
];

// Not `fatal`: invalid UTF-8 decodes to U+FFFD, which CONTROL rejects below, exactly as a
// fatal decoder's throw did. Most runs tried are plain long words ("confirmation" reads as
// base64) whose bytes are invalid UTF-8, and a throw per word cost more than the decoding.
const utf8 = new TextDecoder('utf-8');
const READABLE = /[\p{L}\p{N}\p{P}\p{S}\p{Zs}\n\r\t]/u;
// eslint-disable-next-line no-control-regex -- control characters are what this rejects
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/u;

/**
 * Text, not noise: valid UTF-8, no control characters, ≥ 90 % readable, a letter. Random bytes
 * pass this with a probability of about 0.4 per byte, so 9+ decoded bytes are nearly never
 * mistaken for text; symbol-heavy attacks (") ] } ) ] }" padding) still count.
 */
function readable(bytes: Uint8Array, digitsCount = false): string | undefined {
  if (bytes.length < 4) return undefined;
  const text = utf8.decode(bytes);
  if (CONTROL.test(text)) return undefined;
  const chars = Array.from(text);
  const good = chars.filter((c) => READABLE.test(c)).length;
  const wanted = digitsCount ? /[\p{L}\p{N}]/u : /\p{L}/u;
  return good >= chars.length * 0.9 && wanted.test(text) ? text : undefined;
}

function decodeRun(encoding: Encoding, run: string, digitsCount: boolean): string | undefined {
  if (encoding === 'base64') {
    // Pure hex or a plain word is more likely something else; padding aside, base64 has no
    // length ≡ 1 (mod 4).
    const body = run.replace(/=+$/, '');
    if (body.length % 4 === 1 || /^[0-9A-Fa-f]+$/.test(body)) return undefined;
    const standard = body.replace(/-/g, '+').replace(/_/g, '/');
    return readable(Buffer.from(standard, 'base64'), digitsCount);
  }
  if (encoding === 'hex') return readable(Buffer.from(run.replace(/\\x| /g, ''), 'hex'));
  try {
    return readable(Buffer.from(decodeURIComponent(run.replace(/\+/g, ' ')), 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Encoded runs of `text` that decode to readable text, in text order. With `digitsCount`, base64
 * of digits alone counts too: a card or phone number wrapped in base64 has no letter in it
 * (the PII scanners ask for this; instructions always have letters).
 */
export function findEncodedPayloads(text: string, digitsCount = false): EncodedPayload[] {
  const found: EncodedPayload[] = [];
  for (const [encoding, pattern, needs] of PATTERNS) {
    if (needs !== undefined && !text.includes(needs)) continue;
    for (const match of text.matchAll(pattern)) {
      if (found.length >= MAX_PAYLOADS) break;
      const decoded = decodeRun(encoding, match[0], digitsCount);
      if (decoded === undefined) continue;
      const span = { start: match.index, end: match.index + match[0].length };
      found.push({ encoding, span, decoded: decoded.slice(0, MAX_DECODED) });
    }
  }
  return found.sort((a, b) => a.span.start - b.span.start);
}
