/**
 * What a content scanner reads: the text normalized (normalize.ts) and leet-folded, plus every
 * encoded payload inside it, decoded and normalized the same way (two levels deep: base64 of
 * base64). A finding in a view maps back to the original text: through the offset map for the
 * text itself, to the whole encoded run for a payload.
 */
import type { Span } from '../contract/types.js';
import { findEncodedPayloads, type Encoding } from './decode.js';
import { toOriginalSpan } from './fold.js';
import { foldLeet } from './leet.js';
import { normalizeText } from './normalize.js';

export interface ScanView {
  readonly source: 'text' | Encoding;
  /** Normalized and leet-folded; same length as the normalized text, so offsets carry over. */
  readonly text: string;
  /** Maps a non-empty span of `text` to the original text. */
  readonly toOriginal: (span: Span) => Span;
}

const MAX_DEPTH = 2;

export function scanViews(original: string): ScanView[] {
  return viewsOf(original, 'text', (span) => span, MAX_DEPTH);
}

function viewsOf(
  original: string,
  source: ScanView['source'],
  outer: (span: Span) => Span,
  depth: number,
): ScanView[] {
  const normalized = normalizeText(original);
  const toOriginal = (span: Span) => outer(toOriginalSpan(normalized, span.start, span.end));
  const views: ScanView[] = [{ source, text: foldLeet(normalized.text), toOriginal }];
  if (depth === 0) return views;
  for (const payload of findEncodedPayloads(normalized.text)) {
    const whole = toOriginal(payload.span);
    views.push(...viewsOf(payload.decoded, payload.encoding, () => whole, depth - 1));
  }
  return views;
}
