/**
 * Feature ids of the texts featurized last, per featurizer config. The prompt-injection and
 * harmful-request models share one featurizer and one window size, so every window one of them
 * scores the other scores too, in the same stage: the second featurization is served from here
 * (issue 14: featurize once for all models). Bounded (oldest out first), so memory stays flat.
 *
 * `recentFeatures` is module state for the reason `sharedClassifiers` is (classifier-cache.ts):
 * the classifiers that share it are created with no handle to process state.
 */
import { featureIdArray, type FeaturizerConfig } from './featurize.js';

const configKey = (c: FeaturizerConfig) =>
  `${c.buckets}/${c.wordNgrams.join(',')}/${c.charNgrams.join(',')}`;

export class RecentFeatures {
  readonly #byConfig = new Map<string, Map<string, Int32Array>>();
  readonly #capacity: number;

  /** `capacity`: texts kept per config (a ~1,000-character window's ids take ~16 KB). */
  constructor(capacity = 128) {
    this.#capacity = capacity;
  }

  featureIds(text: string, config: FeaturizerConfig): Int32Array {
    const key = configKey(config);
    let recent = this.#byConfig.get(key);
    if (!recent) this.#byConfig.set(key, (recent = new Map<string, Int32Array>()));
    let ids = recent.get(text);
    if (ids) return ids;
    ids = featureIdArray(text, config);
    recent.set(text, ids);
    if (recent.size > this.#capacity) recent.delete(recent.keys().next().value as string);
    return ids;
  }
}

export const recentFeatures = new RecentFeatures();
