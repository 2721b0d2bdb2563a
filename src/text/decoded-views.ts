/**
 * What a content scanner reads: the text normalized (normalize.ts) and leet-folded, plus every
 * encoded payload inside it, decoded and normalized the same way (two levels deep: base64 of
 * base64). A finding in a view maps back to the original text: through the offset map for the
 * text itself, to the whole encoded run for a payload.
 */
import type { DecodedView } from '../contract/text-views.js';
import type { Span } from '../contract/types.js';
import { findEncodedPayloads } from './decode.js';
import { toOriginalSpan } from './fold.js';
import { foldLeet } from './leet.js';
import { normalizeText, type NormalizedText } from './normalize.js';
import { transformedTexts } from './transformed-views.js';

const MAX_DEPTH = 2;

/**
 * `normalized` is normalizeText(original), passed in by whoever already has it (views.ts).
 * After the text's own views come its undisguised readings (transformed-views.ts), each
 * mapping to the whole text: a spaced, reversed or ROT13 text has no finer correspondence.
 */
export function decodedViews(
  original: string,
  normalized = normalizeText(original),
): DecodedView[] {
  const views = viewsOf(normalized, 'text', (span) => span, MAX_DEPTH);
  const whole = { start: 0, end: original.length };
  for (const { transform, text } of transformedTexts(normalized.text))
    views.push({ source: transform, text: foldLeet(text), toOriginal: () => whole });
  return views;
}

function viewsOf(
  normalized: NormalizedText,
  source: DecodedView['source'],
  outer: (span: Span) => Span,
  depth: number,
): DecodedView[] {
  const toOriginal = (span: Span) => outer(toOriginalSpan(normalized, span.start, span.end));
  const views: DecodedView[] = [{ source, text: foldLeet(normalized.text), toOriginal }];
  if (depth === 0) return views;
  for (const payload of findEncodedPayloads(normalized.text)) {
    const whole = toOriginal(payload.span);
    const inner = normalizeText(payload.decoded);
    views.push(...viewsOf(inner, payload.encoding, () => whole, depth - 1));
  }
  return views;
}

const READ_AS: Readonly<Record<DecodedView['source'], string>> = {
  text: '',
  base64: ' (inside a base64 payload)',
  hex: ' (inside a hex payload)',
  url: ' (inside a url payload)',
  spaced: ' (read with its spaced letters joined)',
  reversed: ' (read backwards)',
  rot13: ' (read as ROT13)',
};

/** What a finding's note adds about the view it was found in ('' for the text itself). */
export function viewNote(source: DecodedView['source']): string {
  return READ_AS[source];
}
