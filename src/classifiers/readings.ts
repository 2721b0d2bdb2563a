/**
 * The readings of a text a whole-text classifier scores: the text as written, then each decoded
 * view (src/text/decoded-views.ts: normalized and leet-folded, decoded payloads, spaced /
 * reversed / ROT13 undone) that differs from it. Ordinary text has no other reading, so it
 * costs one scoring as before; "y0u 4r3 4n 1d10t" is also scored as "you are an idiot".
 * Each label keeps its best reading.
 */
import type { DecodedView, TextViews } from '../contract/text-views.js';
import { viewNote } from '../text/decoded-views.js';

export interface Reading {
  readonly text: string;
  /** '' for the text as written, else what the note adds (" (read backwards)"). */
  readonly note: string;
}

export function readings(text: string, views: TextViews): Reading[] {
  const out: Reading[] = [{ text, note: '' }];
  const seen = new Set([text]);
  for (const view of views.decoded()) {
    if (seen.has(view.text)) continue;
    seen.add(view.text);
    out.push({ text: view.text, note: noteOf(view) });
  }
  return out;
}

function noteOf(view: DecodedView): string {
  return view.source === 'text' ? ' (read normalized)' : viewNote(view.source);
}

/** Per label, the index of the result with the highest score (the first on ties). */
export function bestReading(
  results: readonly { readonly scores: Readonly<Record<string, number>> }[],
  label: string,
): number {
  let best = 0;
  results.forEach((r, i) => {
    if ((r.scores[label] ?? 0) > (results[best]?.scores[label] ?? 0)) best = i;
  });
  return best;
}
