/**
 * Figures on the held-out calibration rows of the training data (never fitted on, Platt aside),
 * per source and by length: the validation split a threshold or a data change is decided on,
 * so that the dev sets stay a measurement. Scored on the written artifact through the scanner's
 * `scoreText` (sentence windows, maximum), as measure.ts does for the dev files.
 */
import { averagePrecision } from '../../../src/eval/classify-metrics.js';
import type { LinearModel } from '../../../src/classifiers/linear/linear-model.js';
import { scoreRows } from './measure.js';

/** Operating points reported: 0.5, and the default policy's block threshold. */
export const HELD_OUT_THRESHOLDS = [0.5, 0.95] as const;

export interface HeldOutFigures {
  readonly group: string;
  readonly rows: number;
  readonly positives: number;
  readonly auprc: number | null;
  /** Per threshold of HELD_OUT_THRESHOLDS: recall on positives, FPR on negatives. */
  readonly recall: readonly (number | null)[];
  readonly fpr: readonly (number | null)[];
}

type Scored = { readonly label: 0 | 1; readonly score: number };

const r3 = (x: number) => Math.round(x * 1000) / 1000;

function group(name: string, rows: readonly Scored[]): HeldOutFigures {
  const pos = rows.filter((r) => r.label === 1);
  const neg = rows.filter((r) => r.label === 0);
  const share = (of: readonly Scored[], t: number) =>
    of.length === 0 ? null : r3(of.filter((r) => r.score >= t).length / of.length);
  const ap = pos.length > 0 && neg.length > 0 ? averagePrecision(rows) : undefined;
  return {
    group: name,
    rows: rows.length,
    positives: pos.length,
    auprc: ap === undefined ? null : r3(ap),
    recall: HELD_OUT_THRESHOLDS.map((t) => share(pos, t)),
    fpr: HELD_OUT_THRESHOLDS.map((t) => share(neg, t)),
  };
}

/** Short texts apart from long ones: a model can learn length instead of content (issue 16). */
const SHORT_CHARS = 100;

export function heldOutFigures(
  model: LinearModel,
  rows: readonly { text: string; source: string; label: 0 | 1 }[],
): HeldOutFigures[] {
  const scores = scoreRows(
    model,
    rows.map((r) => r.text),
  );
  const scored = rows.map((r, i) => ({ ...r, score: scores[i] ?? 0 }));
  const sources = [...new Set(rows.map((r) => r.source))];
  return [
    ...sources.map((s) =>
      group(
        s,
        scored.filter((r) => r.source === s),
      ),
    ),
    group(
      `all, under ${SHORT_CHARS} characters`,
      scored.filter((r) => r.text.length < SHORT_CHARS),
    ),
    group(
      `all, ${SHORT_CHARS} characters or more`,
      scored.filter((r) => r.text.length >= SHORT_CHARS),
    ),
    group('all', scored),
  ];
}

export function heldOutTable(rows: readonly HeldOutFigures[]): string {
  const f = (x: number | null | undefined) => (x == null ? '-' : x.toFixed(3));
  const at = HELD_OUT_THRESHOLDS.flatMap((t) => [`recall@${t}`, `FPR@${t}`]);
  return [
    `| held-out rows | rows | pos | AUPRC | ${at.join(' | ')} |`,
    `| --- | ---: | ---: | ---: | ${at.map(() => '---:').join(' | ')} |`,
    ...rows.map(
      (r) =>
        `| ${r.group} | ${r.rows} | ${r.positives} | ${f(r.auprc)} | ${HELD_OUT_THRESHOLDS.map((_, i) => `${f(r.recall[i])} | ${f(r.fpr[i])}`).join(' | ')} |`,
    ),
  ].join('\n');
}
