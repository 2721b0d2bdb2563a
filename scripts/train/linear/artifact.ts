/**
 * Writes a linear model folder as src/classifiers/linear/linear-model.ts reads it: `model.json`
 * (featurizer, heads with int8 scale, bias and Platt calibration, weight file sha256) and
 * `weights.int8` (heads × buckets). int8 with one scale per head keeps a 2^20-bucket,
 * six-head model at 6 MB; the dev figures in the report are measured on the quantized model.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HashedNgramConfig } from '../../../src/classifiers/linear/hashed-ngrams.js';
import type { LinearModelFile } from '../../../src/classifiers/linear/linear-model.js';
import type { LogRegWeights } from './logreg.js';

export function writeLinearModel(
  dir: string,
  name: string,
  labels: readonly string[],
  featurizer: HashedNgramConfig,
  windowChars: number,
  model: LogRegWeights,
  platt: readonly { a: number; c: number }[],
  minWindowWords?: number,
): LinearModelFile {
  const buckets = featurizer.buckets;
  const bytes = new Int8Array(labels.length * buckets);
  const heads = labels.map((label, h) => {
    let max = 0;
    for (let i = h * buckets; i < (h + 1) * buckets; i++)
      max = Math.max(max, Math.abs(model.w[i] ?? 0));
    const scale = max / 127 || 1;
    for (let i = h * buckets; i < (h + 1) * buckets; i++)
      bytes[i] = Math.round((model.w[i] ?? 0) / scale);
    const p = platt[h] ?? { a: 1, c: 0 };
    return { label, scale, bias: model.bias[h] ?? 0, platt: { a: p.a, c: p.c } };
  });
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const file: LinearModelFile = {
    format: 'parapet-linear',
    name,
    featurizer,
    windowChars,
    ...(minWindowWords ? { minWindowWords } : {}),
    heads,
    weights: {
      file: 'weights.int8',
      dtype: 'int8',
      sha256: createHash('sha256').update(buffer).digest('hex'),
    },
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'weights.int8'), buffer);
  writeFileSync(join(dir, 'model.json'), `${JSON.stringify(file, null, 2)}\n`);
  return file;
}
