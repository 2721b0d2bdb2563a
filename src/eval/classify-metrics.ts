/**
 * Classification figures from per-row outcomes: the confusion counts of the deployed decision,
 * threshold-free ranking figures (AUPRC, ROC-AUC) from a per-row score, recall per category and
 * per-rule operating points. Ties in scores are handled as groups, never by row order.
 */
import { compact, fBeta, ratio } from './numbers.js';
import type { CategoryMetrics, ClassifyMetrics, OperatingPoint } from './types.js';

export interface ScoredRow {
  readonly label: 0 | 1;
  /** The deployed decision counted as flagged (block, or flag with --count-flag). */
  readonly flagged: boolean;
  /** Ranking score for AUPRC / ROC-AUC. */
  readonly score: number;
  readonly categories: readonly string[];
  /** Per rule id, that rule's own score (for --sweep). */
  readonly ruleScores: Readonly<Record<string, number>>;
}

interface Labeled {
  readonly label: 0 | 1;
  readonly score: number;
}

/** Rows grouped by equal score, highest score first. */
function tieGroups(rows: readonly Labeled[]): { score: number; pos: number; neg: number }[] {
  const sorted = [...rows].sort((a, b) => b.score - a.score);
  const groups: { score: number; pos: number; neg: number }[] = [];
  for (const row of sorted) {
    let last = groups.at(-1);
    if (last?.score !== row.score) {
      last = { score: row.score, pos: 0, neg: 0 };
      groups.push(last);
    }
    if (row.label === 1) last.pos++;
    else last.neg++;
  }
  return groups;
}

/**
 * Average precision (sklearn's definition): Σ (R_k − R_{k−1}) · P_k over the distinct scores,
 * each tie group entering at once, so the order of tied rows cannot change the result.
 */
export function averagePrecision(rows: readonly Labeled[]): number | undefined {
  const positives = rows.filter((r) => r.label === 1).length;
  if (positives === 0) return undefined;
  let tp = 0;
  let fp = 0;
  let ap = 0;
  let previousRecall = 0;
  for (const group of tieGroups(rows)) {
    tp += group.pos;
    fp += group.neg;
    const recall = tp / positives;
    ap += (recall - previousRecall) * (tp / (tp + fp));
    previousRecall = recall;
  }
  return ap;
}

/**
 * ROC-AUC as the Mann-Whitney statistic: the share of (positive, negative) pairs where the
 * positive scores higher, a tie counting one half. Undefined unless both classes are present.
 */
export function rocAuc(rows: readonly Labeled[]): number | undefined {
  const positives = rows.filter((r) => r.label === 1).length;
  const negatives = rows.length - positives;
  if (positives === 0 || negatives === 0) return undefined;
  let wins = 0;
  let negativesBelow = 0;
  for (const group of tieGroups(rows).reverse()) {
    wins += group.pos * (negativesBelow + group.neg / 2);
    negativesBelow += group.neg;
  }
  return wins / (positives * negatives);
}

function perCategory(rows: readonly ScoredRow[]): Record<string, CategoryMetrics> {
  const tally = new Map<string, { n: number; pos: number; tp: number; fp: number }>();
  for (const row of rows) {
    for (const category of new Set(row.categories)) {
      const t = tally.get(category) ?? { n: 0, pos: 0, tp: 0, fp: 0 };
      t.n++;
      if (row.label === 1) t.pos++;
      if (row.flagged && row.label === 1) t.tp++;
      if (row.flagged && row.label === 0) t.fp++;
      tally.set(category, t);
    }
  }
  const entries = [...tally.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(
    entries.map(([category, t]) => [
      category,
      compact<CategoryMetrics>({
        n: t.n,
        positives: t.pos,
        recall: ratio(t.tp, t.pos),
        fpr: ratio(t.fp, t.n - t.pos),
      }),
    ]),
  );
}

/** Each distinct score of one rule as a threshold (flag when score >= threshold), highest first. */
export function operatingPoints(rows: readonly Labeled[]): OperatingPoint[] {
  const positives = rows.filter((r) => r.label === 1).length;
  const negatives = rows.length - positives;
  let tp = 0;
  let fp = 0;
  return tieGroups(rows).map((group) => {
    tp += group.pos;
    fp += group.neg;
    return compact<OperatingPoint>({
      threshold: group.score,
      flagged: tp + fp,
      precision: ratio(tp, tp + fp),
      recall: ratio(tp, positives),
      fpr: ratio(fp, negatives),
    });
  });
}

function sweepOf(rows: readonly ScoredRow[]): Record<string, OperatingPoint[]> {
  const ruleIds = [...new Set(rows.flatMap((r) => Object.keys(r.ruleScores)))];
  return Object.fromEntries(
    ruleIds.map((id) => [
      id,
      operatingPoints(rows.map((r) => ({ label: r.label, score: r.ruleScores[id] ?? 0 }))),
    ]),
  );
}

/**
 * Every figure that means something for these rows: a file of positives only gets recall, one
 * of negatives only gets the false-positive rate, a mixed file gets everything.
 */
export function classifyMetrics(
  rows: readonly ScoredRow[],
  options: { readonly sweep: boolean },
): ClassifyMetrics {
  const n = rows.length;
  const positives = rows.filter((r) => r.label === 1).length;
  const negatives = n - positives;
  const tp = rows.filter((r) => r.flagged && r.label === 1).length;
  const fp = rows.filter((r) => r.flagged && r.label === 0).length;
  const fn = positives - tp;
  const tn = negatives - fp;
  const hasPos = positives > 0;
  const hasNeg = negatives > 0;
  const mixed = hasPos && hasNeg;
  const precision = mixed ? ratio(tp, tp + fp) : undefined;
  const recall = hasPos ? ratio(tp, positives) : undefined;
  return compact<ClassifyMetrics>({
    n,
    positives,
    tp: hasPos ? tp : undefined,
    fp: hasNeg ? fp : undefined,
    tn: hasNeg ? tn : undefined,
    fn: hasPos ? fn : undefined,
    precision,
    recall,
    f1: mixed ? fBeta(precision, recall, 1) : undefined,
    fpr: hasNeg ? ratio(fp, negatives) : undefined,
    accuracy: mixed ? ratio(tp + tn, n) : undefined,
    auprc: mixed ? averagePrecision(rows) : undefined,
    roc_auc: rocAuc(rows),
    per_category: perCategory(rows),
    sweep: options.sweep ? sweepOf(rows) : undefined,
  });
}
