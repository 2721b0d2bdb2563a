import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { BUNDLED_MODELS_DIR, ClassifierCache } from './classifier-cache.js';
import { EmbeddingBagClassifier } from './embedding-bag-classifier.js';
import type { TextClassifier } from './types.js';

describe('ClassifierCache.settled', () => {
  it('when a model is loading, then settled resolves only once it is loaded', async () => {
    const cache = new ClassifierCache();
    let loaded = false;
    void cache.get('toxicity', async () => {
      const c = await EmbeddingBagClassifier.load(resolve(BUNDLED_MODELS_DIR, 'toxicity-v1'));
      loaded = true;
      return c;
    });
    await cache.settled();
    assert.equal(loaded, true);
    await cache.closeAll();
  });

  it('when a load fails or never ends, then settled still resolves (the rules fail closed)', async () => {
    const cache = new ClassifierCache();
    cache.get('broken', () => Promise.reject(new Error('no weights'))).catch(() => undefined);
    void cache.get('hung', () => new Promise<TextClassifier>(() => undefined));
    const started = performance.now();
    await cache.settled(100);
    assert.ok(performance.now() - started < 5_000);
  });
});
