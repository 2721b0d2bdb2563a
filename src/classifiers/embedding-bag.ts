/**
 * The fastText-style model the project trains itself: hashed feature ids → embedding rows →
 * mean per text (one `sparseSegmentMean` kernel: gather and segment mean in one pass) → dense
 * layer → one sigmoid per label. Shared by the runtime and the trainer, so both compute the
 * same function.
 */
import type { FeatureBatch } from './featurize.js';
import { tf } from './tf-backend.js';

export interface EmbeddingBagWeights {
  /** [buckets, dim] */
  readonly embeddings: tf.Tensor2D;
  /** [dim, labels] */
  readonly kernel: tf.Tensor2D;
  /** [labels] */
  readonly bias: tf.Tensor1D;
}

/** Mean embedding per row of the batch: [rows, dim]. */
export function bagMeans(weights: EmbeddingBagWeights, batch: FeatureBatch): tf.Tensor2D {
  return tf.tidy(
    () =>
      tf.sparse.sparseSegmentMean(
        weights.embeddings,
        tf.tensor1d(batch.ids, 'int32'),
        tf.tensor1d(batch.segments, 'int32'),
      ) as tf.Tensor2D,
  );
}

/** Logits [rows, labels]. */
export function bagLogits(weights: EmbeddingBagWeights, batch: FeatureBatch): tf.Tensor2D {
  return tf.tidy(() => tf.add(tf.matMul(bagMeans(weights, batch), weights.kernel), weights.bias));
}

/** Probabilities, row-major [rows × labels], read back synchronously (WASM runs on this thread). */
export function bagProbabilities(weights: EmbeddingBagWeights, batch: FeatureBatch): Float32Array {
  const probabilities = tf.tidy(() => tf.sigmoid(bagLogits(weights, batch)));
  try {
    return probabilities.dataSync() as Float32Array;
  } finally {
    probabilities.dispose();
  }
}
