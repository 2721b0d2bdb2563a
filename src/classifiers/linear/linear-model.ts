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
import { bankFor, type BankSlot } from './weight-bank.js';

/** Where a featurization is memoized: a text's views, or a worker's batch. */
export type FeatureMemo = Pick<TextViews, 'memo'>;

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
  /**
   * Sentence windows with fewer words are not scored (the whole text always is). A window of a
   * word or two ("Or,", "False" on a line of its own in a code answer) is a few character
   * n-grams and the bias: harmful-request-v2 scored such lines of pandas answers 0.88–0.97.
   * Absent: every window is scored.
   */
  readonly minWindowWords?: number;
  readonly heads: readonly LinearHead[];
  readonly weights: { readonly file: string; readonly dtype: 'int8'; readonly sha256: string };
}

export interface LinearModel {
  readonly file: LinearModelFile;
  /**
   * Its weights' columns in the table it shares with every loaded model of the same featurizer
   * config (weight-bank.ts: one cache line per feature for all of them).
   */
  readonly slot: BankSlot;
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
  const bank = bankFor(featureKey(file.featurizer), file.featurizer.buckets);
  const headMajor = new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  return { file, slot: bank.join(file.weights.sha256, headMajor, file.heads.length) };
}

/** Raw logit of each head for one featurized window (the bank's sums, scaled and biased). */
export function headLogits(model: LinearModel, x: SparseVector): Float64Array {
  const { heads } = model.file;
  const { bank, offset } = model.slot;
  const sums = bank.sums(x);
  const logits = new Float64Array(heads.length);
  for (let h = 0; h < heads.length; h++) {
    const head = heads[h] as LinearHead;
    logits[h] = head.bias + head.scale * (sums[offset + h] as number);
  }
  return logits;
}

/** The windows of a text and their features, memoized per featurizer config on the views. */
export function windowFeatures(
  model: LinearModel,
  text: string,
  views?: FeatureMemo,
): { windows: TextWindow[]; features: SparseVector[] } {
  const { featurizer, windowChars } = model.file;
  // A sentence the text and one of its views have in common (the raw text a toxicity model
  // reads, the normalized, leet-folded view the injection models read: most sentences of
  // ordinary text are equal in both) is featurized once: features depend on nothing else.
  const sentences = views?.memo(
    { id: `${featureKey(featurizer)}:sentences` },
    () => new Map<string, SparseVector>(),
  );
  const featurize = (window: string) => {
    let x = sentences?.get(window);
    if (!x) {
      x = hashedNgrams(window, featurizer);
      sentences?.set(window, x);
    }
    return x;
  };
  const compute = (t: string) => {
    const windows = textWindows(t, windowChars);
    return { windows, features: windows.map((w) => featurize(t.slice(w.start, w.end))) };
  };
  if (!views) return compute(text);
  // Per text, not only the views' own: content scanners score the normalized, leet-folded view
  // (and decoded payloads), toxicity the text itself, and every model with this config shares.
  const byText = views.memo(
    { id: `${featureKey(featurizer)}:win${windowChars}` },
    () => new Map<string, ReturnType<typeof compute>>(),
  );
  let features = byText.get(text);
  if (!features) {
    features = compute(text);
    byText.set(text, features);
  }
  return features;
}

/**
 * One memo key per loaded model (not its name: two folders may share a name or weights and
 * differ in model.json, e.g. `minWindowWords`).
 */
const memoKeys = new WeakMap<LinearModel, string>();
let loadedModels = 0;
function memoKeyOf(model: LinearModel): string {
  let key = memoKeys.get(model);
  if (key === undefined) memoKeys.set(model, (key = `${model.file.name}#${loadedModels++}`));
  return key;
}

/**
 * Calibrated per-label scores of a text: the maximum over its sentence windows. With `views`,
 * memoized per model and text there: two rules on one model (`harmful-request` and its review
 * rule, `self-harm` reading the same head) score a text once per stage, not once each. The
 * scores are a pure function of the weights and the text, and callers only read them.
 */
export function scoreText(model: LinearModel, text: string, views?: FeatureMemo): LinearScores {
  if (!views) return scoreUncached(model, text);
  const byText = views.memo(
    { id: `linear-scores:${memoKeyOf(model)}` },
    () => new Map<string, LinearScores>(),
  );
  let scores = byText.get(text);
  if (!scores) {
    scores = scoreUncached(model, text, views);
    byText.set(text, scores);
  }
  return scores;
}

function scoreUncached(model: LinearModel, text: string, views?: FeatureMemo): LinearScores {
  const { windows, features } = windowFeatures(model, text, views);
  // A shared sentence (windowFeatures) is one feature vector, and its weight sums are memoized
  // on it (weight-bank.ts): computed once for the raw text and the normalized view the toxicity
  // model reads, and for every model of the bank.
  const scores: Record<string, number> = {};
  const windowOf: Record<string, TextWindow> = {};
  const minWords = model.file.minWindowWords ?? 0;
  features.forEach((x, w) => {
    const win = windows[w] ?? { start: 0, end: 0 };
    const whole = win.start === 0 && win.end === text.length;
    if (!whole && wordCount(text.slice(win.start, win.end)) < minWords) return;
    const z = headLogits(model, x);
    model.file.heads.forEach((head, h) => {
      const p = sigmoid(head.platt.a * (z[h] ?? 0) + head.platt.c);
      if (!(head.label in scores) || p > (scores[head.label] ?? 0)) {
        scores[head.label] = p;
        windowOf[head.label] = win;
      }
    });
  });
  // Every window too short to score: nothing reads like the label (an absent score would be
  // taken as a failure and fail closed).
  for (const head of model.file.heads) {
    if (!(head.label in scores)) {
      scores[head.label] = 0;
      windowOf[head.label] = { start: 0, end: text.length };
    }
  }
  return { scores, windowOf, windows: windows.length };
}

const WORD = /[\p{L}\p{N}]+/gu;
const wordCount = (s: string) => s.match(WORD)?.length ?? 0;
