import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { BUNDLED_MODELS_DIR, ClassifierCache } from './classifier-cache.js';
import { EmbeddingBagClassifier } from './embedding-bag-classifier.js';
import type { TextClassifier } from './types.js';
import { WARM_UP_TEXT } from './warm-up.js';

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

describe('ClassifierCache warm-up', () => {
  it('when a model has loaded, then it scores the warm-up text before get() and settled() resolve', async () => {
    const cache = new ClassifierCache();
    const seen: string[][] = [];
    let finishWarmUp: () => void = () => undefined;
    const warming = new Promise<void>((resolve) => (finishWarmUp = resolve));
    const classifier: TextClassifier = {
      labels: ['toxicity'],
      version: 'warm-test',
      maxChars: 512,
      async classify(texts) {
        seen.push([...texts]);
        await warming;
        return texts.map(() => ({ toxicity: 0 }));
      },
      close: () => Promise.resolve(),
    };
    let got = false;
    void cache.get('warm', () => Promise.resolve(classifier)).then(() => (got = true));
    let settled = false;
    const waiting = cache.settled().then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 50));

    assert.deepEqual(seen, [[WARM_UP_TEXT]]);
    assert.equal(cache.loading, 1);
    assert.equal(got || settled, false);
    finishWarmUp();
    await waiting;
    assert.equal(got, true);
    assert.equal(cache.loading, 0);
  });

  it('when the warm-up scan fails, then the model is still served (its scans fail closed themselves)', async () => {
    const cache = new ClassifierCache();
    const classifier: TextClassifier = {
      labels: ['toxicity'],
      version: 'warm-test',
      maxChars: 512,
      classify: () => Promise.reject(new Error('no')),
      close: () => Promise.resolve(),
    };
    assert.equal(await cache.get('broken-warm-up', () => Promise.resolve(classifier)), classifier);
    assert.equal(cache.loading, 0);
  });
});
