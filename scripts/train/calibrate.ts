/**
 * Platt scaling per label on the calibration split: p = sigmoid(a·z + c), fitted by Newton's
 * method on the model's logits z. The fit folds into the dense layer (kernel·a, bias·a + c), so
 * the shipped model outputs calibrated probabilities with no extra runtime step.
 */
import type { EmbeddingBagWeights } from '../../src/classifiers/embedding-bag.js';
import { tf } from '../../src/classifiers/tf-backend.js';
import type { Example } from './embedding-bag-trainer.js';

export interface Platt {
  readonly a: number;
  readonly c: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Newton iterations on the 2-parameter logistic loss (convex; converges in a few steps). */
export function fitPlatt(z: readonly number[], y: readonly number[]): Platt {
  let a = 1;
  let c = 0;
  for (let iter = 0; iter < 50; iter++) {
    let ga = 0,
      gc = 0,
      haa = 0,
      hac = 0,
      hcc = 0;
    for (let i = 0; i < z.length; i++) {
      const p = sigmoid(a * z[i]! + c);
      const r = p - y[i]!;
      const w = p * (1 - p) + 1e-9;
      ga += r * z[i]!;
      gc += r;
      haa += w * z[i]! * z[i]!;
      hac += w * z[i]!;
      hcc += w;
    }
    const det = haa * hcc - hac * hac;
    if (Math.abs(det) < 1e-12) break;
    const da = (hcc * ga - hac * gc) / det;
    const dc = (haa * gc - hac * ga) / det;
    a -= da;
    c -= dc;
    if (Math.abs(da) + Math.abs(dc) < 1e-7) break;
  }
  return { a, c };
}

export function calibrate(
  weights: EmbeddingBagWeights,
  logits: Float32Array,
  examples: readonly Example[],
  labels: number,
): { weights: EmbeddingBagWeights; platt: Platt[] } {
  const platt = Array.from({ length: labels }, (_, l) => {
    const z: number[] = [];
    const y: number[] = [];
    examples.forEach((e, r) => {
      if (e.mask[l] === 0) return;
      z.push(logits[r * labels + l]!);
      y.push(e.target[l]!);
    });
    return y.some((t) => t === 1) ? fitPlatt(z, y) : { a: 1, c: 0 };
  });
  const a = tf.tensor1d(platt.map((p) => p.a));
  const c = tf.tensor1d(platt.map((p) => p.c));
  const calibrated = {
    embeddings: weights.embeddings,
    kernel: tf.mul<tf.Tensor2D>(weights.kernel, a),
    bias: tf.add<tf.Tensor1D>(tf.mul(weights.bias, a), c),
  };
  a.dispose();
  c.dispose();
  return { weights: calibrated, platt };
}
