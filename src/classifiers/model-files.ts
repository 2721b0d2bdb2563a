/**
 * Reads a model directory offline (`models/<name>/`) through a TF.js IO handler: `model.json`
 * (topology + weights manifest), the weight files it names, and `featurizer.json`. Weight
 * paths must be plain file names inside the directory, so a model file cannot point elsewhere.
 */
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { isFeaturizerConfig, type FeaturizerConfig } from './featurize.js';
import { tf } from './tf-backend.js';

export interface WindowConfig extends FeaturizerConfig {
  /** Longest text scored at once; longer texts are windowed. */
  readonly maxChars: number;
  /** Distance between window starts (< maxChars, so windows overlap). */
  readonly strideChars: number;
}

export interface ModelFiles {
  readonly model: {
    readonly format: 'parapet-embedding-bag';
    readonly generatedBy: string;
    readonly modelTopology: { readonly kind: 'embedding-bag'; readonly labels: readonly string[] };
    readonly weightsManifest: tf.io.WeightsManifestConfig;
  };
  readonly labels: readonly string[];
  readonly featurizer: WindowConfig;
}

/** A load-only TF.js IO handler over a local directory. */
export function directoryHandler(dir: string): tf.io.IOHandler {
  return {
    async load() {
      const model = JSON.parse(
        await readFile(join(dir, 'model.json'), 'utf8'),
      ) as ModelFiles['model'];
      const specs: tf.io.WeightsManifestEntry[] = [];
      const buffers: Buffer[] = [];
      for (const group of model.weightsManifest) {
        specs.push(...group.weights);
        for (const path of group.paths) {
          if (basename(path) !== path)
            throw new Error('model.json names a weight file outside its folder');
          buffers.push(await readFile(join(dir, path)));
        }
      }
      const all = Buffer.concat(buffers);
      return {
        format: model.format,
        generatedBy: model.generatedBy,
        modelTopology: model.modelTopology,
        weightSpecs: specs,
        weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
      };
    },
  };
}

export interface LoadedArtifact {
  readonly labels: readonly string[];
  readonly featurizer: WindowConfig;
  readonly weights: tf.NamedTensorMap;
  readonly metadata: Readonly<Record<string, unknown>>;
}

export async function loadArtifact(dir: string): Promise<LoadedArtifact> {
  const handler = directoryHandler(dir);
  if (!handler.load) throw new Error('no load handler');
  const artifacts = await handler.load();
  const topology = artifacts.modelTopology as ModelFiles['model']['modelTopology'] | undefined;
  if (artifacts.format !== 'parapet-embedding-bag' || topology?.kind !== 'embedding-bag')
    throw new Error(`${basename(dir)}: not a parapet embedding-bag model`);
  if (!artifacts.weightData || !artifacts.weightSpecs)
    throw new Error(`${basename(dir)}: model.json has no weights`);
  const featurizer: unknown = JSON.parse(await readFile(join(dir, 'featurizer.json'), 'utf8'));
  if (!isWindowConfig(featurizer)) throw new Error(`${basename(dir)}: invalid featurizer.json`);
  const metadata = JSON.parse(await readFile(join(dir, 'metadata.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const weights = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  return { labels: topology.labels, featurizer, weights, metadata };
}

function isWindowConfig(value: unknown): value is WindowConfig {
  if (!isFeaturizerConfig(value)) return false;
  const v = value as unknown as Record<string, unknown>;
  return (
    Number.isInteger(v.maxChars) &&
    Number.isInteger(v.strideChars) &&
    (v.strideChars as number) > 0 &&
    (v.strideChars as number) <= (v.maxChars as number)
  );
}
