/**
 * The before/after figures `parapet tune` prints for the held-back labels: per rule, precision,
 * recall and false-positive rate of the shipped rule (at the policy's thresholds) and of the
 * adapted one, each with a 95 % Wilson score interval (a few dozen labels make wide intervals,
 * and the table should say so).
 */
import { ratio } from './numbers.js';

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface Rate {
  readonly value: number;
  readonly low: number;
  readonly high: number;
  readonly n: number;
}

export interface RuleFigures {
  readonly precision?: Rate;
  readonly recall?: Rate;
  readonly fpr?: Rate;
}

export const emptyConfusion = (): Confusion => ({ tp: 0, fp: 0, fn: 0, tn: 0 });

export function count(c: Confusion, fired: boolean, y: 0 | 1): void {
  if (fired && y === 1) c.tp++;
  else if (fired) c.fp++;
  else if (y === 1) c.fn++;
  else c.tn++;
}

/** Wilson score interval for k successes in n trials (z = 1.96). */
export function wilson(k: number, n: number): Rate | undefined {
  const p = ratio(k, n);
  if (p === undefined) return undefined;
  const z = 1.96;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { value: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), n };
}

export function figures(c: Confusion): RuleFigures {
  const precision = wilson(c.tp, c.tp + c.fp);
  const recall = wilson(c.tp, c.tp + c.fn);
  const fpr = wilson(c.fp, c.fp + c.tn);
  return {
    ...(precision ? { precision } : {}),
    ...(recall ? { recall } : {}),
    ...(fpr ? { fpr } : {}),
  };
}

function cell(rate: Rate | undefined): string {
  if (!rate) return '—';
  const f = (x: number) => x.toFixed(2);
  return `${f(rate.value)} [${f(rate.low)}, ${f(rate.high)}] n=${rate.n}`;
}

export interface TableRow {
  readonly rule: string;
  readonly before: RuleFigures;
  readonly after: RuleFigures;
}

/** A plain-text table: one line per rule and side (before/after). */
export function renderTable(rows: readonly TableRow[]): string {
  const header = ['rule', 'model', 'precision', 'recall', 'FPR'];
  const lines = rows.flatMap((r) => [
    [r.rule, 'shipped', cell(r.before.precision), cell(r.before.recall), cell(r.before.fpr)],
    ['', 'adapted', cell(r.after.precision), cell(r.after.recall), cell(r.after.fpr)],
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const fmt = (cols: readonly string[]) =>
    cols
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [fmt(header), ...lines.map(fmt)].join('\n') + '\n';
}
