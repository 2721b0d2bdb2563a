/**
 * The row type of gen-injection-data.ts's families and the one dedupe they all pass through:
 * a text generated with both labels would teach the model nothing but noise, so neither is kept.
 */
import type { JsonRow } from './dataset.js';

export interface GeneratedRow extends JsonRow {
  readonly categories: readonly string[];
}

/** Drops repeated texts, and any text generated with both labels (keeps neither). */
export function dedupe(rows: readonly GeneratedRow[]): GeneratedRow[] {
  const labels = new Map<string, Set<number>>();
  for (const r of rows) labels.set(r.text, (labels.get(r.text) ?? new Set()).add(r.label));
  const seen = new Set<string>();
  return rows.filter((r) => {
    if (labels.get(r.text)!.size > 1 || seen.has(r.text)) return false;
    seen.add(r.text);
    return true;
  });
}
