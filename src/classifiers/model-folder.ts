/**
 * Loads a parapet model folder by what its model.json says it holds: the linear format (the v2
 * models, linear/linear-model.ts) or the TF.js embedding bag (v1). Shared by the toxicity,
 * prompt-injection and harmful-request scanners, so every v1 folder stays loadable. The v1 code
 * is imported only for a v1 folder: it pulls in TF.js, which costs about a second to load.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LinearClassifier } from './linear/linear-classifier.js';
import type { TextClassifier } from './types.js';

export async function loadModelFolder(dir: string): Promise<TextClassifier> {
  const head = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { format?: unknown };
  if (head.format === 'parapet-linear') return LinearClassifier.load(dir);
  const { EmbeddingBagClassifier } = await import('./embedding-bag-classifier.js');
  return EmbeddingBagClassifier.load(dir);
}

/** Whether the folder holds a linear model (model.json `format: parapet-linear`); false if unreadable. */
export function isLinearFolder(dir: string): Promise<boolean> {
  return readFile(join(dir, 'model.json'), 'utf8').then(
    (json) => (JSON.parse(json) as { format?: unknown }).format === 'parapet-linear',
    () => false,
  );
}
