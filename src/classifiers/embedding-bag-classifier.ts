/**
 * A `TextClassifier` over a model directory trained by `scripts/train/` (models/<name>/):
 * featurize → embedding bag → sigmoid, on TF.js WASM, with concurrent requests micro-batched.
 * One batch is capped at `MAX_BATCH_CHARS` characters (≈ 2 ms of work measured by
 * `npm run bench:classifiers`), so the event loop is never blocked for long and no worker
 * thread is needed.
 */
import { basename } from 'node:path';
import { bagProbabilities, type EmbeddingBagWeights } from './embedding-bag.js';
import { packBatch } from './featurize.js';
import { MicroBatcher } from './micro-batcher.js';
import { loadArtifact, type LoadedArtifact } from './model-files.js';
import { recentFeatures } from './recent-features.js';
import { ensureWasmBackend, type tf } from './tf-backend.js';
import type { LabelScores, TextClassifier } from './types.js';

const MAX_BATCH_CHARS = 8_000;
/** Windows allowed to wait: ≈ 10 MB of text at the default window size. */
const MAX_QUEUED = 10_000;

export class EmbeddingBagClassifier implements TextClassifier {
  readonly labels: readonly string[];
  readonly version: string;
  readonly maxChars: number;
  readonly #artifact: LoadedArtifact;
  readonly #weights: EmbeddingBagWeights;
  readonly #batcher: MicroBatcher<string, LabelScores>;

  private constructor(artifact: LoadedArtifact, version: string, maxBatchChars: number) {
    this.#artifact = artifact;
    this.labels = artifact.labels;
    this.version = version;
    this.maxChars = artifact.featurizer.maxChars;
    this.#weights = checkedWeights(artifact);
    this.#batcher = new MicroBatcher({
      run: (texts) => this.#run(texts),
      cost: (text) => Math.min(text.length, this.maxChars) + 1,
      maxBatchCost: maxBatchChars,
      maxQueued: MAX_QUEUED,
    });
  }

  /** `maxBatchChars`: characters per synchronous model call (the event-loop budget). */
  static async load(dir: string, maxBatchChars = MAX_BATCH_CHARS): Promise<EmbeddingBagClassifier> {
    await ensureWasmBackend();
    const artifact = await loadArtifact(dir);
    const name =
      typeof artifact.metadata.name === 'string' ? artifact.metadata.name : basename(dir);
    return new EmbeddingBagClassifier(artifact, name, maxBatchChars);
  }

  /** Scoring stride the model was trained for (windows overlap by maxChars − stride). */
  get strideChars(): number {
    return this.#artifact.featurizer.strideChars;
  }

  classify(texts: readonly string[], signal?: AbortSignal): Promise<LabelScores[]> {
    return this.#batcher.submit(texts, signal);
  }

  async close(): Promise<void> {
    this.#batcher.close();
    for (const t of Object.values(this.#artifact.weights)) t.dispose();
  }

  #run(texts: readonly string[]): LabelScores[] {
    const { featurizer } = this.#artifact;
    const batch = packBatch(
      texts.map((t) => recentFeatures.featureIds(t.slice(0, this.maxChars), featurizer)),
    );
    const p = bagProbabilities(this.#weights, batch);
    const n = this.labels.length;
    return texts.map((_, row) =>
      Object.fromEntries(this.labels.map((label, l) => [label, p[row * n + l] ?? 1])),
    );
  }
}

function checkedWeights(artifact: LoadedArtifact): EmbeddingBagWeights {
  const { embeddings, kernel, bias } = artifact.weights;
  const ok =
    embeddings?.rank === 2 &&
    kernel?.rank === 2 &&
    bias?.rank === 1 &&
    embeddings.shape[0] === artifact.featurizer.buckets &&
    embeddings.shape[1] === kernel.shape[0] &&
    kernel.shape[1] === artifact.labels.length &&
    bias.shape[0] === artifact.labels.length;
  if (!ok) throw new Error('model weights do not match featurizer.json and the labels');
  return {
    embeddings: embeddings as tf.Tensor2D,
    kernel: kernel as tf.Tensor2D,
    bias: bias as tf.Tensor1D,
  };
}
