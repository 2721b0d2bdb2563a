/**
 * Which toxicity model a scanner uses: `parapet` (our own: the bundled models/toxicity-v2, a
 * hashed n-gram linear model; models/toxicity-v1, the older embedding bag, by `version`; or a
 * folder trained by `npm run train:toxicity`) or `tfjs-toxicity` (the official TF.js model,
 * loaded from a local folder by src/classifiers/tfjs-toxicity.ts). Either way one instance per
 * process (classifier-cache.ts). A parapet folder's model.json says which kind it holds.
 */
import { resolve } from 'node:path';
import { BUNDLED_MODELS_DIR, sharedClassifiers } from './classifier-cache.js';
import { loadModelFolder } from './model-folder.js';
import type { TextClassifier } from './types.js';

export const TOXICITY_MODELS = ['parapet', 'tfjs-toxicity'] as const;
export type ToxicityModel = (typeof TOXICITY_MODELS)[number];

export const TOXICITY_VERSIONS = ['v2', 'v1'] as const;
export type ToxicityVersion = (typeof TOXICITY_VERSIONS)[number];

export const BUNDLED_TOXICITY_DIR = resolve(BUNDLED_MODELS_DIR, 'toxicity-v2');

export function bundledToxicityDir(version: ToxicityVersion): string {
  return resolve(BUNDLED_MODELS_DIR, `toxicity-${version}`);
}

/** Imported lazily: only a policy that picks the official model pays for its module. */
async function loadOfficial(dir: string): Promise<TextClassifier> {
  const { loadTfjsToxicity } = await import('./tfjs-toxicity.js');
  return loadTfjsToxicity(dir);
}

export function toxicityClassifier(model: ToxicityModel, dir?: string): Promise<TextClassifier> {
  const folder = resolve(dir ?? BUNDLED_TOXICITY_DIR);
  return sharedClassifiers.get(`${model}:${folder}`, () =>
    model === 'parapet' ? loadModelFolder(folder) : loadOfficial(folder),
  );
}
