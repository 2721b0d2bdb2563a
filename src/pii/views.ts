/**
 * The texts the recognizer scanners (pii, secrets) read besides the original, so a value
 * disguised to slip past the patterns is still found (issue 18 item 9):
 * - the text with the disguises normalization undoes that matter to a pattern: invisible
 *   characters dropped (invisible.ts, as normalize.ts does), fullwidth forms and space separators
 *   (NBSP) made ASCII, and every other decimal digit (Arabic-Indic, Devanagari...) folded to ASCII,
 *   since the patterns' `\d` and the validators read ASCII only. Not the whole normalized view:
 *   its accent and look-alike folding changes most non-English text, which would run every
 *   pattern twice for nothing a pattern reads (the PII engine is on the hot path);
 * - that text with the separators inside a long digit run squeezed out ("4242.4242.4242.4242",
 *   "4 2 4 2 ..."), for card numbers only (see SQUEEZED_ENTITIES in scan.ts);
 * - each base64 / hex / URL-encoded payload, decoded and read the same way.
 * Each maps back to the original: through the offset maps for the first two, to the whole encoded
 * run for a payload, so redaction removes the disguised value with its disguise.
 */
import type { MappedText, TextViews, ViewKey } from '../contract/text-views.js';
import type { Span } from '../contract/types.js';
import { findEncodedPayloads } from '../text/decode.js';
import { toOriginalSpan } from '../text/fold.js';
import { codePoints, invisibleKinds } from '../text/invisible.js';

export interface RecognizerView {
  readonly text: string;
  /** Maps a non-empty span of `text` to the original text. */
  readonly toOriginal: (span: Span) => Span;
  /** A decoded payload: its findings map to the whole encoded run. */
  readonly payload: boolean;
}

export interface RecognizerViews {
  /** Undisguised (see the header); undefined when it equals the original (most text). */
  readonly normalized: RecognizerView | undefined;
  /** Digit runs with their separators removed; undefined when there is no such run. */
  readonly squeezed: RecognizerView | undefined;
  /** Decoded payloads (two levels deep), each mapping to its whole encoded run. */
  readonly payloads: readonly RecognizerView[];
}

/** Shared by both scanners of a stage: the views are built once per text. */
const RECOGNIZER_VIEWS: ViewKey<RecognizerViews> = { id: 'pii-recognizer-views' };

// What undisguise changes (a cheap test first: most texts have none): decimal digits and space
// separators other than ASCII, fullwidth forms, and invisible.ts's invisible characters.
const DISGUISE =
  // eslint-disable-next-line no-misleading-character-class -- single invisible code points, on purpose
  /[^\P{Nd}0-9]|[^\P{Zs} ]|[\uff01-\uff5e\u00ad\u034f\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\u{e0000}-\u{e01ef}]/u;
const DECIMAL = /^\p{Nd}$/u;
const MAX_DEPTH = 2;

/**
 * The ASCII digit of a decimal digit: Unicode lays them out in runs of ten from zero, some runs
 * back to back (mathematical digits), so count from the start of the whole run.
 */
function asciiDigit(cp: number): string {
  let zero = cp;
  while (cp - zero < 60 && DECIMAL.test(String.fromCodePoint(zero - 1))) zero--;
  return String((cp - zero) % 10);
}

const SPACE = /^\p{Zs}$/u;

/** What a pattern should read for one visible non-ASCII code point. */
function plainForm(ch: string, cp: number): string {
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCharCode(cp - 0xfee0); // fullwidth ASCII
  if (DECIMAL.test(ch)) return asciiDigit(cp);
  if (SPACE.test(ch)) return ' ';
  return ch;
}

/** `text` undisguised for the patterns (see the header), each unit mapped to its origin. */
export function undisguise(text: string): MappedText {
  if (!DISGUISE.test(text)) {
    const origin = new Array<number>(text.length);
    for (let i = 0; i < text.length; i++) origin[i] = i;
    return { text, origin, originalLength: text.length };
  }
  const points = codePoints(text);
  const kinds = invisibleKinds(points);
  let out = '';
  const origin: number[] = [];
  points.forEach((p, i) => {
    const form = kinds[i] ? '' : p.cp < 0x80 ? p.ch : plainForm(p.ch, p.cp);
    for (let u = 0; u < form.length; u++) origin.push(p.at);
    out += form;
  });
  return { text: out, origin, originalLength: text.length };
}

// 13-19 digits (card lengths) run together with one separator. Each separator is matched on
// its own, so "4111.1111.1111.1111 192.168.10.4" stays two runs, and a run ends where its
// neighbour is another number rather than taking part of it (which would make what is found
// depend on whether that neighbour was redacted first). Spaces only between single digits
// ("4 2 4 2 ..."): digit groups with spaces are what the card patterns read already.
const DIGIT_RUNS: readonly RegExp[] = [
  // each starts with a bare \d (the lookbehind after it) so the engine can skip to digits
  /\d(?<!\d\d)(?<!(?<!\d)\d \d)(?: \d(?!\d)){12,18}(?! \d(?!\d))/g,
  ...['.', '-', '/', '_'].map(
    (sep) => new RegExp(`\\d(?<!\\d\\${sep}?\\d)(?:\\${sep}?\\d){12,18}(?!\\${sep}?\\d)`, 'g'),
  ),
];

/** `mapped` with the separators of each digit run removed, or undefined when none changed. */
export function squeezeDigitRuns(mapped: MappedText): MappedText | undefined {
  const drop = new Set<number>();
  for (const run of DIGIT_RUNS)
    for (const m of mapped.text.matchAll(run))
      for (let i = 0; i < m[0].length; i++) if (!/\d/.test(m[0][i] ?? '')) drop.add(m.index + i);
  if (drop.size === 0) return undefined;
  let text = '';
  const origin: number[] = [];
  for (let i = 0; i < mapped.text.length; i++) {
    if (drop.has(i)) continue;
    text += mapped.text.charAt(i);
    origin.push(mapped.origin[i] ?? mapped.originalLength);
  }
  return { text, origin, originalLength: mapped.originalLength };
}

function viewOf(mapped: MappedText, outer: (span: Span) => Span, payload = false): RecognizerView {
  return {
    text: mapped.text,
    payload,
    toOriginal: (span) => outer(toOriginalSpan(mapped, span.start, span.end)),
  };
}

function payloadsOf(
  mapped: MappedText,
  outer: (span: Span) => Span,
  depth: number,
): RecognizerView[] {
  if (depth === 0) return [];
  const views: RecognizerView[] = [];
  for (const payload of findEncodedPayloads(mapped.text, true)) {
    const run = outer(toOriginalSpan(mapped, payload.span.start, payload.span.end));
    const whole = () => run;
    const inner = undisguise(payload.decoded);
    views.push(viewOf(inner, whole, true), ...payloadsOf(inner, whole, depth - 1));
  }
  return views;
}

function build(views: TextViews): RecognizerViews {
  const mapped = undisguise(views.text);
  const identity = (span: Span) => span;
  const changed = mapped.text !== views.text;
  const squeezed = squeezeDigitRuns(mapped);
  return {
    normalized: changed ? viewOf(mapped, identity) : undefined,
    squeezed: squeezed && viewOf(squeezed, identity),
    payloads: payloadsOf(mapped, identity, MAX_DEPTH),
  };
}

export function recognizerViews(views: TextViews): RecognizerViews {
  return views.memo(RECOGNIZER_VIEWS, () => build(views));
}
