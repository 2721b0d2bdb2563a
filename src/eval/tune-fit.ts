/**
 * The adapter's fit: an L2-regularized logistic regression of "this rule should fire" on the
 * rule's margin (Platt: a · margin + c) and, when asked, a sparse linear term over the text's
 * hashed n-grams. The prior is the shipped rule (a = 1, c = 0, no correction): with few labels
 * the fit stays near it. Full-batch Adam on a few hundred examples: deterministic, well under a
 * second.
 */
import type { SparseVector } from '../classifiers/linear/hashed-ngrams.js';
import { sigmoid } from '../pipeline/rule-margin.js';

export interface FitExample {
  readonly margin: number;
  readonly features: SparseVector;
  readonly y: 0 | 1;
}

export interface FittedRule {
  readonly a: number;
  readonly c: number;
  /** Sorted bucket indices with their weights; absent when fitted without the correction. */
  readonly correction?: { readonly indices: number[]; readonly weights: number[] };
}

export interface FitOptions {
  readonly correction: boolean;
  /** L2 on the n-gram weights. */
  readonly l2Weights?: number;
  /** L2 pulling (a, c) towards the shipped rule's (1, 0). */
  readonly l2Platt?: number;
  readonly iterations?: number;
  /**
   * How much more a missed positive costs than a false positive. The classes are balanced first
   * (reviewers label what was flagged, so their mix is not the traffic's), then positives weigh
   * this much more: a safety rule should give up a false positive before a catch.
   */
  readonly missCost?: number;
}

/** Weights smaller than this are dropped from the file: they change no logit noticeably. */
const MIN_WEIGHT = 1e-4;

export function fitRule(examples: readonly FitExample[], options: FitOptions): FittedRule {
  const l2w = options.l2Weights ?? 1e-3;
  const l2p = options.l2Platt ?? 1e-2;
  const iterations = options.iterations ?? 600;
  const buckets = options.correction
    ? [...new Set(examples.flatMap((e) => [...e.features.indices]))].sort((x, y) => x - y)
    : [];
  const slot = new Map(buckets.map((b, i) => [b, i]));
  // params: [a, c, w_0 … w_k]
  const theta = new Float64Array(2 + buckets.length);
  theta[0] = 1;
  const m = new Float64Array(theta.length);
  const v = new Float64Array(theta.length);
  const grad = new Float64Array(theta.length);
  const pos = examples.filter((e) => e.y === 1).length;
  const neg = examples.length - pos;
  const missCost = options.missCost ?? 2;
  const weightOf = (y: 0 | 1) => (y === 1 ? missCost / Math.max(1, pos) : 1 / Math.max(1, neg));
  const total = pos * weightOf(1) + neg * weightOf(0);
  const rate = 0.05;
  for (let t = 1; t <= iterations; t++) {
    grad.fill(0);
    for (const e of examples) {
      let z = theta[0] * e.margin + (theta[1] ?? 0);
      if (options.correction) z += dot(theta, slot, e.features);
      const r = ((sigmoid(z) - e.y) * weightOf(e.y)) / total;
      grad[0] = (grad[0] ?? 0) + r * e.margin;
      grad[1] = (grad[1] ?? 0) + r;
      if (!options.correction) continue;
      e.features.indices.forEach((b, i) => {
        const k = 2 + (slot.get(b) ?? 0);
        grad[k] = (grad[k] ?? 0) + r * (e.features.values[i] ?? 0);
      });
    }
    grad[0] = (grad[0] ?? 0) + l2p * (theta[0] - 1);
    grad[1] = (grad[1] ?? 0) + l2p * (theta[1] ?? 0);
    for (let k = 2; k < theta.length; k++) grad[k] = (grad[k] ?? 0) + l2w * (theta[k] ?? 0);
    adamStep(theta, grad, m, v, t, rate);
  }
  const fitted = { a: theta[0], c: theta[1] ?? 0 };
  if (!options.correction) return fitted;
  const indices: number[] = [];
  const weights: number[] = [];
  buckets.forEach((b, i) => {
    const w = theta[2 + i] ?? 0;
    if (Math.abs(w) < MIN_WEIGHT) return;
    indices.push(b);
    weights.push(Math.round(w * 1e6) / 1e6);
  });
  return { ...fitted, correction: { indices, weights } };
}

function dot(theta: Float64Array, slot: ReadonlyMap<number, number>, x: SparseVector): number {
  let s = 0;
  x.indices.forEach((b, i) => {
    const k = slot.get(b);
    if (k !== undefined) s += (theta[2 + k] ?? 0) * (x.values[i] ?? 0);
  });
  return s;
}

function adamStep(
  theta: Float64Array,
  grad: Float64Array,
  m: Float64Array,
  v: Float64Array,
  t: number,
  rate: number,
): void {
  const [b1, b2, eps] = [0.9, 0.999, 1e-8];
  for (let k = 0; k < theta.length; k++) {
    const g = grad[k] ?? 0;
    m[k] = b1 * (m[k] ?? 0) + (1 - b1) * g;
    v[k] = b2 * (v[k] ?? 0) + (1 - b2) * g * g;
    const mh = (m[k] ?? 0) / (1 - b1 ** t);
    const vh = (v[k] ?? 0) / (1 - b2 ** t);
    theta[k] = (theta[k] ?? 0) - (rate * mh) / (Math.sqrt(vh) + eps);
  }
}
