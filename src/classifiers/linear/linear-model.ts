/**
 * A multi-label linear model over hashed n-grams (models/<name>-v2, trained by
 * scripts/train/linear/): per label a logistic head whose weights are stored int8 with one
 * scale per head, and a Platt calibration (p = sigmoid(a·z + c)) fitted on a held-out split of
 * the training data. Scoring is a plain synchronous function with no module state, so it runs
 * the same on the request thread or in a worker.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { TextViews } from '../../contract/text-views.js';
import {
  featureKey,
  hashedNgrams,
  isHashedNgramConfig,
  type HashedNgramConfig,
  type SparseVector,
} from './hashed-ngrams.js';
import { textWindows, type TextWindow } from './sentence-windows.js';

export interface LinearHead {
  readonly label: string;
  /** Weight of int8 value 1. */
  readonly scale: number;
  readonly bias: number;
  readonly platt: { readonly a: number; readonly c: number };
}

export interface LinearModelFile {
  readonly format: 'parapet-linear';
  readonly name: string;
  readonly featurizer: HashedNgramConfig;
  /** Longest sentence window scored at once. */
  readonly windowChars: number;
  readonly heads: readonly LinearHead[];
  readonly weights: { readonly file: string; readonly dtype: 'int8'; readonly sha256: string };
}

export interface LinearModel {
  readonly file: LinearModelFile;
  /** heads × buckets, head-major. */
  readonly weights: Int8Array;
}

export interface LinearScores {
  /** Per label, the maximum calibrated probability over the windows. */
  readonly scores: Record<string, number>;
  /** Per label, the window that gave it. */
  readonly windowOf: Record<string, TextWindow>;
  readonly windows: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Reads and checks a model folder (model.json + its int8 weight file, hash-verified). */
export async function loadLinearModel(dir: string): Promise<LinearModel> {
  const file = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as LinearModelFile;
  const format: unknown = file.format;
  if (format !== 'parapet-linear' || !isHashedNgramConfig(file.featurizer))
    throw new Error(`${basename(dir)}: not a parapet linear model`);
  if (basename(file.weights.file) !== file.weights.file)
    throw new Error('model.json names a weight file outside its folder');
  const bytes = await readFile(join(dir, file.weights.file));
  if (createHash('sha256').update(bytes).digest('hex') !== file.weights.sha256)
    throw new Error(`${basename(dir)}: weight file does not match its sha256`);
  if (bytes.length !== file.heads.length * file.featurizer.buckets)
    throw new Error(`${basename(dir)}: weight file size does not match heads × buckets`);
  const weights = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  return { file, weights };
}

/** Raw logit of each head for one featurized window. */
export function headLogits(model: LinearModel, x: SparseVector): Float64Array {
  const { heads, featurizer } = model.file;
  const out = new Float64Array(heads.length);
  heads.forEach((head, h) => {
    const base = h * featurizer.buckets;
    let dot = 0;
    for (let i = 0; i < x.indices.length; i++)
      dot += (model.weights[base + (x.indices[i] ?? 0)] ?? 0) * (x.values[i] ?? 0);
    out[h] = head.bias + head.scale * dot;
  });
  return out;
}

/** The windows of a text and their features, memoized per featurizer config on the views. */
export function windowFeatures(
  model: LinearModel,
  text: string,
  views?: TextViews,
): { windows: TextWindow[]; features: SparseVector[] } {
  const { featurizer, windowChars } = model.file;
  const compute = (t: string) => {
    const windows = textWindows(t, windowChars);
    return {
      windows,
      features: windows.map((w) => hashedNgrams(t.slice(w.start, w.end), featurizer)),
    };
  };
  if (!views || views.text !== text) return compute(text);
  return views.memo({ id: `${featureKey(featurizer)}:win${windowChars}` }, compute);
}

/** Calibrated per-label scores of a text: the maximum over its sentence windows. */
export function scoreText(model: LinearModel, text: string, views?: TextViews): LinearScores {
  const { windows, features } = windowFeatures(model, text, views);
  const scores: Record<string, number> = {};
  const windowOf: Record<string, TextWindow> = {};
  features.forEach((x, w) => {
    const z = headLogits(model, x);
    model.file.heads.forEach((head, h) => {
      const p = sigmoid(head.platt.a * (z[h] ?? 0) + head.platt.c);
      if (!(head.label in scores) || p > (scores[head.label] ?? 0)) {
        scores[head.label] = p;
        windowOf[head.label] = windows[w] ?? { start: 0, end: 0 };
      }
    });
  });
  return { scores, windowOf, windows: windows.length };
}
