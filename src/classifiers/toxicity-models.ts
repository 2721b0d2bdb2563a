/**
 * Which toxicity model a scanner uses: `parapet` (our own, bundled in models/toxicity-v1 or a
 * folder trained by `npm run train:toxicity`) or `tfjs-toxicity` (the official TF.js model,
 * loaded from a local folder by src/classifiers/tfjs-toxicity.ts). Either way one instance per
 * process (classifier-cache.ts).
 */
import { resolve } from 'node:path';
import { BUNDLED_MODELS_DIR, sharedClassifiers } from './classifier-cache.js';
import { EmbeddingBagClassifier } from './embedding-bag-classifier.js';
import type { TextClassifier } from './types.js';

export const TOXICITY_MODELS = ['parapet', 'tfjs-toxicity'] as const;
export type ToxicityModel = (typeof TOXICITY_MODELS)[number];

export const BUNDLED_TOXICITY_DIR = resolve(BUNDLED_MODELS_DIR, 'toxicity-v1');

/** Imported lazily: only a policy that picks the official model pays for its module. */
async function loadOfficial(dir: string): Promise<TextClassifier> {
  const { loadTfjsToxicity } = await import('./tfjs-toxicity.js');
  return loadTfjsToxicity(dir);
}

export function toxicityClassifier(model: ToxicityModel, dir?: string): Promise<TextClassifier> {
  const folder = resolve(dir ?? BUNDLED_TOXICITY_DIR);
  return sharedClassifiers.get(`${model}:${folder}`, () =>
    model === 'parapet' ? EmbeddingBagClassifier.load(folder) : loadOfficial(folder),
  );
}
