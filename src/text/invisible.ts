/**
 * Characters that render as nothing (or reorder what is shown) and so let a text say something
 * other than what a reader or a keyword filter sees: zero-width characters, bidi controls
 * (Trojan Source), and Unicode tag characters (a known channel for smuggling instructions to a
 * model). Normalization drops them; the invisible-text scanner reports them.
 */
import type { Span } from '../contract/types.js';

export type InvisibleKind = 'tag' | 'bidi-control' | 'zero-width' | 'format' | 'bidi-mark';

const ZWJ = 0x200d;
const VS16 = 0xfe0f;
const CANCEL_TAG = 0xe007f;
const BLACK_FLAG = 0x1f3f4;

/** The kind of an invisible code point, or undefined for a visible one. */
export function invisibleKind(cp: number): InvisibleKind | undefined {
  if (cp >= 0xe0000 && cp <= 0xe007f) return 'tag';
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069)) return 'bidi-control';
  if (cp === 0x200e || cp === 0x200f || cp === 0x061c) return 'bidi-mark';
  if ((cp >= 0x200b && cp <= 0x200d) || cp === 0xfeff || cp === 0x180e) return 'zero-width';
  // Word joiner, invisible operators, deprecated format controls; soft hyphen; grapheme joiner;
  // Hangul fillers; variation selectors (they hide bits after any character).
  if (cp >= 0x2060 && cp <= 0x206f) return 'format';
  if (cp === 0x00ad || cp === 0x034f || cp === 0x115f || cp === 0x1160 || cp === 0x3164)
    return 'format';
  if ((cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef)) return 'format';
  return undefined;
}

const PICTOGRAPHIC = /\p{Extended_Pictographic}|\p{Emoji_Modifier}/u;

export interface CodePoint {
  readonly cp: number;
  readonly ch: string;
  /** UTF-16 offset in the text. */
  readonly at: number;
}

export function codePoints(text: string): CodePoint[] {
  const out: CodePoint[] = [];
  let at = 0;
  for (const ch of text) {
    out.push({ cp: ch.codePointAt(0) ?? 0, ch, at });
    at += ch.length;
  }
  return out;
}

/**
 * Whether an invisible code point is part of an emoji sequence (ZWJ and VS16 between
 * pictographs, a subdivision flag's tag run after U+1F3F4): legitimate, so neither dropped
 * nor reported.
 */
function inEmoji(points: readonly CodePoint[], i: number): boolean {
  const cp = points[i]?.cp;
  const prev = points[i - 1]?.ch ?? '';
  const next = points[i + 1]?.ch ?? '';
  if (cp === VS16) return PICTOGRAPHIC.test(prev) || /[\d#*]/.test(prev);
  if (cp === ZWJ) return PICTOGRAPHIC.test(prev.replace('\ufe0f', '')) && PICTOGRAPHIC.test(next);
  if (cp !== undefined && cp >= 0xe0020 && cp <= CANCEL_TAG) {
    let j = i;
    while (j > 0 && (points[j - 1]?.cp ?? 0) >= 0xe0020 && (points[j - 1]?.cp ?? 0) < CANCEL_TAG)
      j--;
    let k = i;
    while ((points[k]?.cp ?? 0) >= 0xe0020 && (points[k]?.cp ?? 0) < CANCEL_TAG) k++;
    return points[j - 1]?.cp === BLACK_FLAG && points[k]?.cp === CANCEL_TAG && k - j <= 6;
  }
  return false;
}

/** For each code point, its invisible kind, or undefined when visible or part of an emoji. */
export function invisibleKinds(points: readonly CodePoint[]): (InvisibleKind | undefined)[] {
  return points.map((p, i) => {
    const kind = invisibleKind(p.cp);
    return kind && !inEmoji(points, i) ? kind : undefined;
  });
}

export interface InvisibleRun {
  readonly kind: InvisibleKind;
  readonly span: Span;
  /** Number of code points in the run. */
  readonly count: number;
}

/** Maximal runs of invisible code points of one kind, in text order. */
export function invisibleRuns(text: string): InvisibleRun[] {
  const points = codePoints(text);
  const kinds = invisibleKinds(points);
  const runs: InvisibleRun[] = [];
  let current: { kind: InvisibleKind; start: number; end: number; count: number } | undefined;
  points.forEach((p, i) => {
    const kind = kinds[i];
    if (current && (kind !== current.kind || p.at !== current.end)) {
      runs.push({
        kind: current.kind,
        span: { start: current.start, end: current.end },
        count: current.count,
      });
      current = undefined;
    }
    if (!kind) return;
    if (current) {
      current.end = p.at + p.ch.length;
      current.count++;
    } else current = { kind, start: p.at, end: p.at + p.ch.length, count: 1 };
  });
  if (current)
    runs.push({
      kind: current.kind,
      span: { start: current.start, end: current.end },
      count: current.count,
    });
  return runs;
}
