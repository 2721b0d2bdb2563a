/**
 * The texts the recognizer scanners (pii, secrets) read besides the original, so a value
 * disguised to slip past the patterns is still found (issue 18 item 9):
 * - the normalized text (zero-width characters dropped, NFKC: fullwidth digits, NBSP → space)
 *   with every other decimal digit (Arabic-Indic, Devanagari...) folded to ASCII, since the
 *   patterns' `\d` and the validators read ASCII only;
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
import { normalizeText } from '../text/normalize.js';

export interface RecognizerView {
  readonly text: string;
  /** Maps a non-empty span of `text` to the original text. */
  readonly toOriginal: (span: Span) => Span;
  /** A decoded payload: its findings map to the whole encoded run. */
  readonly payload: boolean;
}

export interface RecognizerViews {
  /** Normalized, digits folded; undefined when it equals the original (most text). */
  readonly normalized: RecognizerView | undefined;
  /** Digit runs with their separators removed; undefined when there is no such run. */
  readonly squeezed: RecognizerView | undefined;
  /** Decoded payloads (two levels deep), each mapping to its whole encoded run. */
  readonly payloads: readonly RecognizerView[];
}

/** Shared by both scanners of a stage: the views are built once per text. */
const RECOGNIZER_VIEWS: ViewKey<RecognizerViews> = { id: 'pii-recognizer-views' };

const OTHER_DIGIT = /[^\P{Nd}0-9]/u;
const DECIMAL = /^\p{Nd}$/u;
const MAX_DEPTH = 2;

/** The ASCII digit of a decimal digit: Unicode lays them out as runs of ten from zero. */
function asciiDigit(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  let zero = cp;
  while (cp - zero < 9 && DECIMAL.test(String.fromCodePoint(zero - 1))) zero--;
  return String((cp - zero) % 10);
}

/** `mapped` with non-ASCII decimal digits folded to ASCII, origins carried over. */
export function foldDigits(mapped: MappedText): MappedText {
  if (!OTHER_DIGIT.test(mapped.text)) return mapped;
  let text = '';
  const origin: number[] = [];
  let unit = 0;
  for (const ch of mapped.text) {
    const out = OTHER_DIGIT.test(ch) ? asciiDigit(ch) : ch;
    const from = mapped.origin[unit] ?? mapped.originalLength;
    for (let i = 0; i < out.length; i++) origin.push(from);
    text += out;
    unit += ch.length;
  }
  return { text, origin, originalLength: mapped.originalLength };
}

// 13-19 digits (card lengths) run together with one separator. Each separator is matched on
// its own, so "4111.1111.1111.1111 192.168.10.4" stays two runs, and a run ends where its
// neighbour is another number rather than taking part of it (which would make what is found
// depend on whether that neighbour was redacted first). Spaces only between single digits
// ("4 2 4 2 ..."): digit groups with spaces are what the card patterns read already.
const DIGIT_RUNS: readonly RegExp[] = [
  /(?<!\d)(?<!(?<!\d)\d )\d(?: \d(?!\d)){12,18}(?! \d(?!\d))/g,
  ...['.', '-', '/', '_'].map(
    (sep) => new RegExp(`(?<!\\d\\${sep}?)\\d(?:\\${sep}?\\d){12,18}(?!\\${sep}?\\d)`, 'g'),
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
    const inner = foldDigits(normalizeText(payload.decoded));
    views.push(viewOf(inner, whole, true), ...payloadsOf(inner, whole, depth - 1));
  }
  return views;
}

function build(views: TextViews): RecognizerViews {
  const mapped = foldDigits(views.normalized());
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
