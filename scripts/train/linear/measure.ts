/**
 * Dev-set figures of a linear model, measured on the shipped (quantized, calibrated) artifact
 * through the same `scoreText` the scanner runs: per file AUPRC, ROC-AUC, recall at fixed
 * false-positive rates (the scanner's score: the maximum over the model's labels), with a
 * seeded bootstrap 90 % interval for AUPRC. Read-only on the dev sets: nothing here trains.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { averagePrecision, operatingPoints, rocAuc } from '../../../src/eval/classify-metrics.js';
import { scoreText, type LinearModel } from '../../../src/classifiers/linear/linear-model.js';
import { seededRandom } from '../dataset.js';

export interface FileFigures {
  readonly file: string;
  readonly rows: number;
  readonly positives: number;
  readonly auprc: number | null;
  readonly auprcCi: readonly [number, number] | null;
  readonly rocAuc: number | null;
  readonly recallAtFpr05: number | null;
  readonly recallAtFpr10: number | null;
  /** Share of negatives at or above 0.5. */
  readonly fprAt05: number | null;
  readonly recallAt05: number | null;
}

type Labeled = { label: 0 | 1; score: number };

const r4 = (x: number | undefined | null) => (x == null ? null : Math.round(x * 1000) / 1000);

function recallAtFpr(rows: readonly Labeled[], fpr: number): number | null {
  if (!rows.some((r) => r.label === 0) || !rows.some((r) => r.label === 1)) return null;
  let best = 0;
  for (const p of operatingPoints(rows))
    if ((p.fpr ?? 1) <= fpr) best = Math.max(best, p.recall ?? 0);
  return best;
}

function bootstrap(rows: readonly Labeled[], seed: number): [number, number] | null {
  if (!rows.some((r) => r.label === 0) || !rows.some((r) => r.label === 1)) return null;
  const random = seededRandom(seed);
  const values: number[] = [];
  for (let b = 0; b < 200; b++) {
    const sample = rows.map(() => rows[Math.floor(random() * rows.length)]!);
    const ap = averagePrecision(sample);
    if (ap !== undefined) values.push(ap);
  }
  values.sort((a, b) => a - b);
  return [
    r4(values[Math.floor(values.length * 0.05)]) ?? 0,
    r4(values[Math.floor(values.length * 0.95)]) ?? 0,
  ];
}

export function scoreRows(model: LinearModel, texts: readonly string[]): number[] {
  return texts.map((t) => Math.max(0, ...Object.values(scoreText(model, t).scores)));
}

export function figures(file: string, rows: readonly Labeled[]): FileFigures {
  const pos = rows.filter((r) => r.label === 1);
  const neg = rows.filter((r) => r.label === 0);
  const mixed = pos.length > 0 && neg.length > 0;
  return {
    file,
    rows: rows.length,
    positives: pos.length,
    auprc: mixed ? r4(averagePrecision(rows)) : null,
    auprcCi: bootstrap(rows, 7),
    rocAuc: mixed ? r4(rocAuc(rows)) : null,
    recallAtFpr05: r4(recallAtFpr(rows, 0.05)),
    recallAtFpr10: r4(recallAtFpr(rows, 0.1)),
    fprAt05: neg.length ? r4(neg.filter((r) => r.score >= 0.5).length / neg.length) : null,
    recallAt05: pos.length ? r4(pos.filter((r) => r.score >= 0.5).length / pos.length) : null,
  };
}

export function readLabeled(path: string): { text: string; label: 0 | 1 }[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { text: string; label: 0 | 1 });
}

// Benign padding written here (about 560 characters, several sentences): a friendly message a
// toxic sentence can hide behind. Longer than a window, so the whole text is never one bag.
const PADDING =
  'Hello, and thank you for getting back to me so quickly yesterday. I ordered the blue kettle ' +
  'and the matching toaster for my parents, who are moving into their new flat next week. The ' +
  'delivery note says Thursday between nine and one, which suits us well. Could you also add a ' +
  'gift receipt to the parcel, please? My mother likes to check the warranty details herself. ' +
  'We have been happy customers for years and the last order arrived in perfect condition. ' +
  'If anything changes with the date, an email is the easiest way to reach me.';

const PADDING_SENTENCES = PADDING.match(/[^.?]+[.?]/g) ?? [PADDING];

/**
 * PADDING, then the first 1–12 words of one of its sentences glued to the text with no full
 * stop between (issue 18 item 10): the sentence window then holds benign words and the text
 * in one bag. Which sentence and how many words depend on `i` only, so the figure is stable.
 */
function glued(text: string, i: number): string {
  const sentence = PADDING_SENTENCES[i % PADDING_SENTENCES.length] ?? PADDING;
  const words = sentence.trim().replace(/[.?]$/, '').split(' ');
  return `${PADDING} ${words.slice(0, 1 + (i % 12)).join(' ')} ${text}`;
}

/**
 * Per dev file plus the pooled rows, and the pooled rows again with every positive after
 * PADDING, and glued after benign words (glued above): the padded and glued positives should
 * score as the unpadded ones (issue 15, long texts).
 */
export function measureDev(model: LinearModel, files: readonly string[]): FileFigures[] {
  const pooled: Labeled[] = [];
  const padded: Labeled[] = [];
  const gluedRows: Labeled[] = [];
  const out = files.map((path) => {
    const data = readLabeled(path);
    const scores = scoreRows(
      model,
      data.map((d) => d.text),
    );
    const rows = data.map((d, i) => ({ label: d.label, score: scores[i] ?? 0 }));
    pooled.push(...rows);
    const positives = data.filter((d) => d.label === 1).map((d) => d.text);
    const negatives = rows.filter((r) => r.label === 0);
    const asPositives = (texts: string[]) =>
      scoreRows(model, texts).map((score) => ({ label: 1 as const, score }));
    padded.push(...negatives, ...asPositives(positives.map((t) => `${PADDING} ${t}`)));
    gluedRows.push(...negatives, ...asPositives(positives.map(glued)));
    return figures(basename(path, '.jsonl').replace(/\.dev$/, ''), rows);
  });
  return [
    ...out,
    figures('pooled', pooled),
    figures('pooled, positives padded', padded),
    figures('pooled, positives glued', gluedRows),
  ];
}

export function figuresTable(rows: readonly FileFigures[]): string {
  const f = (x: number | null) => (x === null ? '-' : x.toFixed(3));
  const lines = [
    '| file | rows | pos | AUPRC (90% CI) | ROC-AUC | recall@FPR.05 | recall@FPR.10 | recall@0.5 | FPR@0.5 |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.file} | ${r.rows} | ${r.positives} | ${f(r.auprc)}${r.auprcCi ? ` (${r.auprcCi[0].toFixed(2)}–${r.auprcCi[1].toFixed(2)})` : ''} | ${f(r.rocAuc)} | ${f(r.recallAtFpr05)} | ${f(r.recallAtFpr10)} | ${f(r.recallAt05)} | ${f(r.fprAt05)} |`,
    ),
  ];
  return lines.join('\n');
}
