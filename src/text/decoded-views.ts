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

const MAX_DEPTH = 2;

/** `normalized` is normalizeText(original), passed in by whoever already has it (views.ts). */
export function decodedViews(
  original: string,
  normalized = normalizeText(original),
): DecodedView[] {
  return viewsOf(normalized, 'text', (span) => span, MAX_DEPTH);
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
