/**
 * Case- and accent-folding with a map back to the original offsets, so a match found in the
 * folded text still redacts the right characters of the original.
 */
import type { MappedText, ViewKey } from '../contract/text-views.js';

export type FoldedText = MappedText;

/** The case-folded text as a per-text view (`views.memo(CASE_FOLDED, foldText)`). */
export const CASE_FOLDED: ViewKey<FoldedText> = { id: 'case-folded' };

const COMBINING_MARKS = /\p{M}/gu;

/** Folds one character (code point): decompose, drop combining marks, lower-case. */
export function foldChar(ch: string): string {
  return ch.normalize('NFKD').replace(COMBINING_MARKS, '').toLowerCase();
}

/** foldChar of each ASCII unit, computed once: most text is ASCII, and foldChar allocates. */
const ASCII_FOLDED = Array.from({ length: 128 }, (_, c) => foldChar(String.fromCharCode(c)));

export function foldText(original: string): FoldedText {
  let text = '';
  const origin: number[] = [];
  let offset = 0;
  for (const ch of original) {
    const folded = ASCII_FOLDED[ch.charCodeAt(0)] ?? foldChar(ch);
    for (let i = 0; i < folded.length; i++) origin.push(offset);
    text += folded;
    offset += ch.length;
  }
  return { text, origin, originalLength: original.length };
}

/** Maps a [start, end) span of folded text back to the original text. */
export function toOriginalSpan(
  folded: FoldedText,
  start: number,
  end: number,
): { start: number; end: number } {
  const from = folded.origin[start] ?? folded.originalLength;
  const lastUnit = folded.origin[end - 1];
  if (lastUnit === undefined) return { start: from, end: folded.originalLength };
  // The end is exclusive: advance past every folded unit of the last original character.
  let i = end;
  while (folded.origin[i] === lastUnit) i++;
  return { start: from, end: folded.origin[i] ?? folded.originalLength };
}

/** Escapes a literal for use inside a RegExp. */
export function escapeRegExp(literal: string): string {
  return literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
