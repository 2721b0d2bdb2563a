/** A scan worker's views per group, kept across batches (worker-groups.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkerGroups } from './worker-groups.js';

describe('WorkerGroups', () => {
  it('when a group asks for a text again in a later batch, then it gets the same views', () => {
    const groups = new WorkerGroups();
    const first = groups.batch().views(7, 'Where is my parcel?');
    assert.equal(groups.batch().views(7, 'Where is my parcel?'), first);
    assert.notEqual(groups.batch().views(8, 'Where is my parcel?'), first, 'groups never share');
  });

  it("when a model job comes, then it memoizes in the group's first views", () => {
    const batch = new WorkerGroups().batch();
    const own = batch.views(1, 'Where is my parcel?');
    assert.equal(batch.memo(1, 'where is my parcel?'), own);
    const alone = batch.memo(2, 'Hello');
    assert.equal(alone.text, 'Hello');
  });

  it('when more groups come than it keeps, then the least recently used is dropped', () => {
    const groups = new WorkerGroups(2);
    const a = groups.batch().views(1, 'a');
    const b = groups.batch().views(2, 'b');
    groups.batch().views(1, 'a'); // 1 is now the most recent
    groups.batch().views(3, 'c'); // drops 2
    assert.equal(groups.batch().views(1, 'a'), a);
    assert.notEqual(groups.batch().views(2, 'b'), b, 'group 2 was dropped and built again');
  });

  it('when batches of ungrouped jobs come, then they share within their batch and evict no group', () => {
    const groups = new WorkerGroups(1);
    const kept = groups.batch().views(5, 'Where is my parcel?');
    for (const text of ['Hello', 'Thanks', 'Bye']) {
      const batch = groups.batch();
      const views = batch.views(0, text);
      assert.equal(batch.views(0, text), views, 'shared within the batch');
      assert.equal(batch.memo(0, 'other'), views);
      assert.notEqual(groups.batch().views(0, text), views, 'never across batches');
    }
    assert.equal(groups.batch().views(5, 'Where is my parcel?'), kept, 'the real group is kept');
  });
});
