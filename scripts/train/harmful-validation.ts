/**
 * The validation split of harmful-request-v2: a tenth of every training source, chosen by a
 * stable hash of the text (so a question and its rephrasings fall on the same side), never
 * trained on nor used for calibration. Thresholds and data choices are made on it; the dev sets
 * are only reported. Short (< 200 characters) and long texts are measured apart: the long
 * role-play rows are easy, the short questions are where the shortcuts show.
 */
import { averagePrecision } from '../../src/eval/classify-metrics.js';
import { scoreText, type LinearModel } from '../../src/classifiers/linear/linear-model.js';
import { hashText } from './harmful-phrasings.js';

export interface ValidationRow {
  readonly text: string;
  readonly label: 0 | 1;
  readonly source: string;
}

/** One row in ten, by text. */
export const isValidation = (text: string): boolean => hashText(text) % 10 === 0;

/** The policy's block rule on the model alone: `harmful` ≥ h, or any category head ≥ c. */
export interface BlockRule {
  readonly harmful: number;
  readonly category: number;
}

type Scored = ValidationRow & { harmful: number; category: number };

export function scoreValidation(model: LinearModel, rows: readonly ValidationRow[]): Scored[] {
  return rows.map((r) => {
    const { harmful = 0, ...rest } = scoreText(model, r.text).scores;
    return { ...r, harmful, category: Math.max(0, ...Object.values(rest)) };
  });
}

const blocks = (r: Scored, rule: BlockRule) =>
  r.harmful >= rule.harmful || r.category >= rule.category;

const f3 = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(3));

function line(name: string, rows: readonly Scored[], rule: BlockRule): string {
  const pos = rows.filter((r) => r.label === 1);
  const neg = rows.filter((r) => r.label === 0);
  const rate = (rs: readonly Scored[]) =>
    rs.length === 0 ? undefined : rs.filter((r) => blocks(r, rule)).length / rs.length;
  const ap =
    pos.length && neg.length
      ? averagePrecision(rows.map((r) => ({ label: r.label, score: r.harmful })))
      : undefined;
  return `| ${name} | ${rows.length} | ${pos.length} | ${f3(rate(pos))} | ${f3(rate(neg))} | ${f3(ap)} |`;
}

/** Per source, then short and long texts, then all: recall and FPR of the block rule. */
export function validationTable(scored: readonly Scored[], rule: BlockRule): string {
  const sources = [...new Set(scored.map((r) => r.source))];
  return [
    '| validation rows | rows | pos | block recall | block FPR | AUPRC (harmful) |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...sources.map((s) =>
      line(
        s,
        scored.filter((r) => r.source === s),
        rule,
      ),
    ),
    line(
      'short (< 200 chars)',
      scored.filter((r) => r.text.length < 200),
      rule,
    ),
    line(
      'long (≥ 200 chars)',
      scored.filter((r) => r.text.length >= 200),
      rule,
    ),
    line('all', scored, rule),
  ].join('\n');
}

/**
 * The lowest `harmful` threshold at which no benign validation source (of at least 50 rows) is
 * blocked more than `maxFpr` of the time by that head alone: long role prompts and short support
 * questions are held to the same bound, whichever there are more of.
 */
export function worstSourceThreshold(scored: readonly Scored[], maxFpr: number): number {
  const bySource = new Map<string, number[]>();
  for (const r of scored)
    if (r.label === 0) bySource.set(r.source, [...(bySource.get(r.source) ?? []), r.harmful]);
  const sources = [...bySource.values()].filter((s) => s.length >= 50);
  for (let t = 0.5; t < 0.995; t += 0.01)
    if (sources.every((s) => s.filter((x) => x >= t).length / s.length <= maxFpr))
      return Math.round(t * 100) / 100;
  return 0.99;
}
