/**
 * Entity figures in the style of presidio-research, per entity type and micro-averaged:
 * - exact: a predicted span counts only when start, end and type all equal a gold span's
 *   (one-to-one);
 * - overlap: a predicted span is correct when it overlaps a gold span of its type, and a gold
 *   span is found when a predicted span of its type overlaps it (precision and recall are
 *   counted on their own sides, so two halves of one name are both correct and find it once);
 * - token: every word or punctuation token carries the types of the spans that overlap it, and
 *   tokens are compared type by type (tokens outside every span are not scored).
 * Offsets are UTF-16 code units (JavaScript string indices), end exclusive, as in the datasets.
 */
import { compact, fBeta, ratio } from './numbers.js';
import type { GoldSpan, Prf, SpanMetrics, TypeMetrics } from './types.js';

export interface SpanCase {
  readonly text: string;
  readonly gold: readonly GoldSpan[];
  /** Predicted spans with their kinds already mapped to dataset types. */
  readonly predicted: readonly GoldSpan[];
}

interface Tally {
  gold: number;
  predicted: number;
  exact: number;
  overlapPredicted: number;
  overlapGold: number;
  tokenTp: number;
  tokenFp: number;
  tokenFn: number;
}

const emptyTally = (): Tally => ({
  gold: 0,
  predicted: 0,
  exact: 0,
  overlapPredicted: 0,
  overlapGold: 0,
  tokenTp: 0,
  tokenFp: 0,
  tokenFn: 0,
});

// Words are runs of letters, digits, marks and underscores; any other non-space character
// (punctuation, symbols, an emoji) is a token of its own. The `u` flag keeps a surrogate pair whole.
const TOKEN = /[\p{L}\p{N}\p{M}_]+|[^\s\p{L}\p{N}\p{M}_]/gu;

export function tokenize(text: string): { start: number; end: number }[] {
  return [...text.matchAll(TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

function countExact(gold: readonly GoldSpan[], predicted: readonly GoldSpan[], at: Tally[]) {
  const unused = new Map<string, number>();
  const keyOf = (s: GoldSpan) => `${s.type}\0${s.start}\0${s.end}`;
  for (const p of predicted) unused.set(keyOf(p), (unused.get(keyOf(p)) ?? 0) + 1);
  gold.forEach((g, i) => {
    const left = unused.get(keyOf(g)) ?? 0;
    if (left > 0) {
      unused.set(keyOf(g), left - 1);
      if (at[i]) at[i].exact++;
    }
  });
}

function countTokens(c: SpanCase, tally: (type: string) => Tally) {
  for (const token of tokenize(c.text)) {
    const gold = new Set(c.gold.filter((s) => overlaps(s, token)).map((s) => s.type));
    const predicted = new Set(c.predicted.filter((s) => overlaps(s, token)).map((s) => s.type));
    for (const type of new Set([...gold, ...predicted])) {
      const t = tally(type);
      if (gold.has(type) && predicted.has(type)) t.tokenTp++;
      else if (predicted.has(type)) t.tokenFp++;
      else t.tokenFn++;
    }
  }
}

function addCase(c: SpanCase, tally: (type: string) => Tally): void {
  for (const g of c.gold) {
    const t = tally(g.type);
    t.gold++;
    if (c.predicted.some((p) => p.type === g.type && overlaps(p, g))) t.overlapGold++;
  }
  for (const p of c.predicted) {
    const t = tally(p.type);
    t.predicted++;
    if (c.gold.some((g) => g.type === p.type && overlaps(p, g))) t.overlapPredicted++;
  }
  countExact(
    c.gold,
    c.predicted,
    c.gold.map((g) => tally(g.type)),
  );
  countTokens(c, tally);
}

function prf(tp: number, predicted: number, goldFound: number, gold: number): Prf {
  const precision = ratio(tp, predicted);
  const recall = ratio(goldFound, gold);
  return compact<Prf>({
    precision,
    recall,
    f1: fBeta(precision, recall, 1),
    f2: fBeta(precision, recall, 2),
  });
}

function typeMetrics(t: Tally): TypeMetrics {
  return {
    gold: t.gold,
    predicted: t.predicted,
    ...prf(t.exact, t.predicted, t.exact, t.gold),
    overlap: prf(t.overlapPredicted, t.predicted, t.overlapGold, t.gold),
    token: prf(t.tokenTp, t.tokenTp + t.tokenFp, t.tokenTp, t.tokenTp + t.tokenFn),
  };
}

function sum(tallies: readonly Tally[]): Tally {
  const total = emptyTally();
  for (const t of tallies) {
    for (const key of Object.keys(total) as (keyof Tally)[]) total[key] += t[key];
  }
  return total;
}

export function spanMetrics(cases: readonly SpanCase[]): SpanMetrics {
  const byType = new Map<string, Tally>();
  const tally = (type: string): Tally => {
    let t = byType.get(type);
    if (!t) byType.set(type, (t = emptyTally()));
    return t;
  };
  for (const c of cases) addCase(c, tally);
  const types = [...byType.keys()].sort();
  return {
    n: cases.length,
    per_type: Object.fromEntries(types.map((type) => [type, typeMetrics(tally(type))])),
    micro: typeMetrics(sum([...byType.values()])),
  };
}
