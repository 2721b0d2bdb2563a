/**
 * Training rows from `../shared/data/train/<task>/*.jsonl`: only the configured sources (each
 * with its licence), text cut to the model's window, multi-hot targets plus a mask that says
 * which labels a row's source actually annotates (a source without `threat` labels says
 * nothing about threats in its toxic rows; its non-toxic rows are negative for every label).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SourceSpec {
  /** File name without `.jsonl`. */
  readonly file: string;
  /** Task folder under the training data root; the trained task's own folder when omitted. */
  readonly folder?: string;
  readonly licence: string;
  readonly origin: string;
  /** Labels this source annotates (besides the always-present first label). */
  readonly annotates: readonly string[];
  /** Rows written by a script instead of read from `<file>.jsonl` (e.g. identity-balance.ts). */
  readonly generate?: () => readonly JsonRow[];
}

export interface Row {
  readonly text: string;
  readonly source: string;
  /** One 0/1 per label. */
  readonly target: Float32Array;
  /** One 0/1 per label: 1 when the target for that label is known. */
  readonly mask: Float32Array;
}

export interface JsonRow {
  readonly text: string;
  readonly label: 0 | 1;
  readonly categories?: readonly string[];
}

export function readSource(
  dataDir: string,
  spec: SourceSpec,
  labels: readonly string[],
  maxChars: number,
): Row[] {
  const rows =
    spec.generate?.() ??
    readFileSync(join(dataDir, `${spec.file}.jsonl`), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as JsonRow);
  return rows.map((row) => toRow(row, spec, labels, maxChars));
}

function toRow(row: JsonRow, spec: SourceSpec, labels: readonly string[], maxChars: number): Row {
  const target = new Float32Array(labels.length);
  const mask = new Float32Array(labels.length);
  labels.forEach((label, i) => {
    const positive = row.label === 1 && (i === 0 || (row.categories ?? []).includes(label));
    target[i] = positive ? 1 : 0;
    mask[i] = i === 0 || row.label === 0 || spec.annotates.includes(label) ? 1 : 0;
  });
  return { text: row.text.slice(0, maxChars), source: spec.file, target, mask };
}

/** mulberry32: a small seeded PRNG, so shuffles and initial weights are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Train / early-stopping / calibration split of an already shuffled list. */
export function split<T>(rows: readonly T[], validFraction: number, calibFraction: number) {
  const nValid = Math.round(rows.length * validFraction);
  const nCalib = Math.round(rows.length * calibFraction);
  return {
    valid: rows.slice(0, nValid),
    calib: rows.slice(nValid, nValid + nCalib),
    train: rows.slice(nValid + nCalib),
  };
}

/**
 * Mixing augmentation: a share of the rows is added again with a random negative row's text
 * joined to it (before or after), keeping the first row's labels. A mean-of-embeddings model
 * otherwise learns that abuse fills the whole text, and a short insult inside a longer
 * friendly message is averaged away.
 */
export function mixWithNegatives(
  rows: readonly Row[],
  share: number,
  random: () => number,
  maxChars: number,
): Row[] {
  const negatives = rows.filter((r) => r.target[0] === 0);
  const extra: Row[] = [];
  for (const row of rows) {
    if (random() >= share || negatives.length === 0) continue;
    const other = negatives[Math.floor(random() * negatives.length)]!;
    const text = random() < 0.5 ? `${row.text} ${other.text}` : `${other.text} ${row.text}`;
    extra.push({ ...row, text: text.slice(0, maxChars) });
  }
  return [...rows, ...extra];
}
