/** A scan worker's views per group, kept across batches (worker-groups.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkerGroups } from './worker-groups.js';

describe('WorkerGroups', () => {
  it('when a group asks for a text again in a later batch, then it gets the same views', () => {
    const groups = new WorkerGroups();
    const first = groups.views(7, 'Where is my parcel?');
    assert.equal(groups.views(7, 'Where is my parcel?'), first);
    assert.notEqual(groups.views(8, 'Where is my parcel?'), first, 'groups never share');
  });

  it("when a model job comes, then it memoizes in the group's first views", () => {
    const groups = new WorkerGroups();
    const own = groups.views(1, 'Where is my parcel?');
    assert.equal(groups.memo(1, 'where is my parcel?'), own);
    const alone = groups.memo(2, 'Hello');
    assert.equal(alone.text, 'Hello');
  });

  it('when more groups come than it keeps, then the least recently used is dropped', () => {
    const groups = new WorkerGroups(2);
    const a = groups.views(1, 'a');
    const b = groups.views(2, 'b');
    groups.views(1, 'a'); // 1 is now the most recent
    groups.views(3, 'c'); // drops 2
    assert.equal(groups.views(1, 'a'), a);
    assert.notEqual(groups.views(2, 'b'), b, 'group 2 was dropped and built again');
  });
});
