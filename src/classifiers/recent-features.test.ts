import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { featureIdArray } from './featurize.js';
import { RecentFeatures } from './recent-features.js';

const CONFIG = { buckets: 2 ** 12, wordNgrams: [1, 2], charNgrams: [3, 4, 5] } as const;
const OTHER = { buckets: 2 ** 10, wordNgrams: [1], charNgrams: [3] } as const;

describe('RecentFeatures', () => {
  it('when a text is featurized again, then the same ids come back without recomputing', () => {
    const recent = new RecentFeatures(4);
    const first = recent.featureIds('Where is my parcel?', CONFIG);
    assert.deepEqual(first, featureIdArray('Where is my parcel?', CONFIG));
    assert.equal(recent.featureIds('Where is my parcel?', CONFIG), first);
  });

  it('when configs differ, then each gets its own ids', () => {
    const recent = new RecentFeatures(4);
    recent.featureIds('Where is my parcel?', CONFIG);
    assert.deepEqual(
      recent.featureIds('Where is my parcel?', OTHER),
      featureIdArray('Where is my parcel?', OTHER),
    );
  });

  it('when more texts than the capacity pass, then the oldest is recomputed', () => {
    const recent = new RecentFeatures(2);
    const a = recent.featureIds('text a', CONFIG);
    recent.featureIds('text b', CONFIG);
    recent.featureIds('text c', CONFIG);
    const again = recent.featureIds('text a', CONFIG);
    assert.notEqual(again, a);
    assert.deepEqual(again, a);
  });
});
