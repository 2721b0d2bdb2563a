/**
 * Writes a model directory in the format `src/classifiers/model-files.ts` reads: `model.json`
 * (TF.js model-artifacts JSON: topology + weights manifest), `weights.bin`, `featurizer.json`
 * and `metadata.json`. The embedding table is stored as uint8 with TF.js's own affine
 * quantization (`tf.io.decodeWeights` dequantizes it on load): a quarter of the float32 size.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EmbeddingBagWeights } from '../../src/classifiers/embedding-bag.js';
import type { ModelFiles } from '../../src/classifiers/model-files.js';
import { tf } from '../../src/classifiers/tf-backend.js';

type Spec = tf.io.WeightsManifestEntry;

function quantizeUint8(values: Float32Array): { bytes: Uint8Array; min: number; scale: number } {
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const scale = (max - min) / 255 || 1;
  const bytes = Uint8Array.from(values, (v) => Math.round((v - min) / scale));
  return { bytes, min, scale };
}

/** The weights as the runtime will see them after loading (quantization included). */
export function encode(weights: EmbeddingBagWeights) {
  const q = quantizeUint8(weights.embeddings.dataSync() as Float32Array);
  const kernel = weights.kernel.dataSync() as Float32Array;
  const bias = weights.bias.dataSync() as Float32Array;
  const specs: Spec[] = [
    {
      name: 'embeddings',
      shape: weights.embeddings.shape,
      dtype: 'float32',
      quantization: { dtype: 'uint8', min: q.min, scale: q.scale },
    },
    { name: 'kernel', shape: weights.kernel.shape, dtype: 'float32' },
    { name: 'bias', shape: weights.bias.shape, dtype: 'float32' },
  ];
  const data = Buffer.concat([
    Buffer.from(q.bytes.buffer, q.bytes.byteOffset, q.bytes.byteLength),
    Buffer.from(kernel.buffer, kernel.byteOffset, kernel.byteLength),
    Buffer.from(bias.buffer, bias.byteOffset, bias.byteLength),
  ]);
  return { specs, data };
}

export function decodeForEvaluation(encoded: ReturnType<typeof encode>): EmbeddingBagWeights {
  const buffer = encoded.data.buffer.slice(
    encoded.data.byteOffset,
    encoded.data.byteOffset + encoded.data.byteLength,
  );
  const named = tf.io.decodeWeights(buffer, encoded.specs);
  return {
    embeddings: named.embeddings as tf.Tensor2D,
    kernel: named.kernel as tf.Tensor2D,
    bias: named.bias as tf.Tensor1D,
  };
}

export function writeArtifact(
  dir: string,
  encoded: ReturnType<typeof encode>,
  files: Omit<ModelFiles, 'model'> & { readonly metadata: unknown },
): void {
  mkdirSync(dir, { recursive: true });
  const model: ModelFiles['model'] = {
    format: 'parapet-embedding-bag',
    generatedBy: 'scripts/train/train.ts',
    modelTopology: { kind: 'embedding-bag', labels: files.labels },
    weightsManifest: [{ paths: ['weights.bin'], weights: encoded.specs }],
  };
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  writeFileSync(join(dir, 'model.json'), json(model));
  writeFileSync(join(dir, 'weights.bin'), encoded.data);
  writeFileSync(join(dir, 'featurizer.json'), json(files.featurizer));
  writeFileSync(join(dir, 'metadata.json'), json(files.metadata));
}
