/**
 * Trains the embedding-bag model on TF.js (WASM). The gradient is written out by hand: it is
 * four lines for this model, it lets the embedding gradient be one `scatterND` over the ids a
 * batch used, and tfjs-core's gradient registry cannot be imported from Node's ESM loader
 * (its `register_all_gradients` module uses directory imports).
 */
import type { EmbeddingBagWeights } from '../../src/classifiers/embedding-bag.js';
import { bagLogits } from '../../src/classifiers/embedding-bag.js';
import { packBatch, type FeatureBatch } from '../../src/classifiers/featurize.js';
import { tf } from '../../src/classifiers/tf-backend.js';
import { seededRandom, shuffle } from './dataset.js';

export interface Example {
  readonly ids: readonly number[];
  readonly target: Float32Array;
  readonly mask: Float32Array;
}

export interface TrainOptions {
  readonly buckets: number;
  readonly dim: number;
  readonly labels: number;
  readonly seed: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly maxEpochs: number;
  /** Epochs without a better validation loss before stopping. */
  readonly patience: number;
}

export interface EpochLog {
  readonly epoch: number;
  readonly trainLoss: number;
  readonly validLoss: number;
  readonly seconds: number;
}

interface Variables {
  readonly embeddings: tf.Variable<tf.Rank.R2>;
  readonly kernel: tf.Variable<tf.Rank.R2>;
  readonly bias: tf.Variable<tf.Rank.R1>;
}

function initialVariables(o: TrainOptions): Variables {
  const random = seededRandom(o.seed);
  const uniform = (n: number, limit: number) =>
    Float32Array.from({ length: n }, () => (random() * 2 - 1) * limit);
  return {
    embeddings: tf.variable(tf.tensor2d(uniform(o.buckets * o.dim, 1 / o.dim), [o.buckets, o.dim])),
    kernel: tf.variable(tf.tensor2d(uniform(o.dim * o.labels, 0.01), [o.dim, o.labels])),
    bias: tf.variable(tf.zeros([o.labels])),
  };
}

function stack(examples: readonly Example[], labels: number) {
  const target = new Float32Array(examples.length * labels);
  const mask = new Float32Array(examples.length * labels);
  examples.forEach((e, r) => {
    target.set(e.target, r * labels);
    mask.set(e.mask, r * labels);
  });
  const batch = packBatch(examples.map((e) => e.ids));
  const invCount = Float32Array.from(batch.segments, (s) => 1 / examples[s]!.ids.length);
  return { batch, target, mask, invCount };
}

/** Masked binary cross-entropy, summed, with the number of masked-in entries. */
function maskedLoss(logits: tf.Tensor2D, target: tf.Tensor2D, mask: tf.Tensor2D): tf.Scalar {
  // log(1 + e^z) − y·z, the stable form of BCE on logits
  const perEntry = tf.sub(tf.softplus(logits), tf.mul(target, logits));
  return tf.sum(tf.mul(perEntry, mask));
}

function step(v: Variables, optimizer: tf.Optimizer, examples: readonly Example[], labels: number) {
  const { batch, target, mask, invCount } = stack(examples, labels);
  return tf.tidy(() => {
    const ids = tf.tensor1d(batch.ids, 'int32');
    const segments = tf.tensor1d(batch.segments, 'int32');
    const h = tf.sparse.sparseSegmentMean(v.embeddings, ids, segments) as tf.Tensor2D;
    const logits = tf.add<tf.Tensor2D>(tf.matMul(h, v.kernel), v.bias);
    const y = tf.tensor2d(target, [batch.rows, labels]);
    const m = tf.tensor2d(mask, [batch.rows, labels]);
    const loss = maskedLoss(logits, y, m).dataSync()[0]!;
    const dLogits = tf.div(tf.mul(tf.sub(tf.sigmoid(logits), y), m), batch.rows);
    const dH = tf.matMul(dLogits, v.kernel, false, true);
    const perId = tf.mul(tf.gather(dH, segments), tf.expandDims(tf.tensor1d(invCount), 1));
    const dE = tf.scatterND(tf.expandDims(ids, 1), perId, v.embeddings.shape);
    optimizer.applyGradients({
      [v.embeddings.name]: dE,
      [v.kernel.name]: tf.matMul(h, dLogits, true, false),
      [v.bias.name]: tf.sum(dLogits, 0),
    });
    return loss;
  });
}

/** Logits [rows × labels] for many examples, in chunks. */
export function predictLogits(w: EmbeddingBagWeights, rows: readonly (readonly number[])[]) {
  const labels = w.bias.shape[0];
  const out = new Float32Array(rows.length * labels);
  for (let at = 0; at < rows.length; at += 2048) {
    const batch: FeatureBatch = packBatch(rows.slice(at, at + 2048));
    const logits = bagLogits(w, batch);
    out.set(logits.dataSync(), at * labels);
    logits.dispose();
  }
  return out;
}

export function meanMaskedLoss(logits: Float32Array, examples: readonly Example[], labels: number) {
  let sum = 0;
  let n = 0;
  examples.forEach((e, r) => {
    for (let l = 0; l < labels; l++) {
      if (e.mask[l] === 0) continue;
      const z = logits[r * labels + l]!;
      const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
      sum += softplus - e.target[l]! * z;
      n++;
    }
  });
  return sum / Math.max(1, n);
}

export function train(
  o: TrainOptions,
  trainSet: readonly Example[],
  validSet: readonly Example[],
  log: (entry: EpochLog) => void,
): { weights: EmbeddingBagWeights; epochs: EpochLog[]; bestEpoch: number } {
  const v = initialVariables(o);
  const optimizer = tf.train.adam(o.learningRate);
  const random = seededRandom(o.seed + 1);
  let best: { loss: number; epoch: number; weights: EmbeddingBagWeights } | undefined;
  const epochs: EpochLog[] = [];
  for (let epoch = 1; epoch <= o.maxEpochs; epoch++) {
    const started = performance.now();
    const order = shuffle(trainSet, random);
    let lossSum = 0;
    for (let at = 0; at < order.length; at += o.batchSize)
      lossSum += step(v, optimizer, order.slice(at, at + o.batchSize), o.labels);
    const validLogits = predictLogits(
      v,
      validSet.map((e) => e.ids),
    );
    const entry = {
      epoch,
      trainLoss: lossSum / (order.length * o.labels),
      validLoss: meanMaskedLoss(validLogits, validSet, o.labels),
      seconds: (performance.now() - started) / 1000,
    };
    epochs.push(entry);
    log(entry);
    if (!best || entry.validLoss < best.loss) {
      best?.weights.embeddings.dispose();
      best?.weights.kernel.dispose();
      best?.weights.bias.dispose();
      best = { loss: entry.validLoss, epoch, weights: snapshot(v) };
    } else if (epoch - best.epoch >= o.patience) break;
  }
  optimizer.dispose();
  return { weights: best!.weights, epochs, bestEpoch: best!.epoch };
}

function snapshot(v: Variables): EmbeddingBagWeights {
  return {
    embeddings: tf.clone(v.embeddings),
    kernel: tf.clone(v.kernel),
    bias: tf.clone(v.bias),
  };
}
