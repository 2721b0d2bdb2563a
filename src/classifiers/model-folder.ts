/**
 * Loads a parapet model folder by what its model.json says it holds: the linear format (the v2
 * models, linear/linear-model.ts) or the TF.js embedding bag (v1). Shared by the toxicity,
 * prompt-injection and harmful-request scanners, so every v1 folder stays loadable.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { EmbeddingBagClassifier } from './embedding-bag-classifier.js';
import { LinearClassifier } from './linear/linear-classifier.js';
import type { TextClassifier } from './types.js';

export async function loadModelFolder(dir: string): Promise<TextClassifier> {
  const head = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { format?: unknown };
  return head.format === 'parapet-linear'
    ? LinearClassifier.load(dir)
    : EmbeddingBagClassifier.load(dir);
}
