import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MicroBatcher } from './micro-batcher.js';

/** A batcher over a pure function that records the size of every batch it ran. */
function upperCaser(maxBatchCost = 100, maxQueued = 1000) {
  const batches: number[] = [];
  const batcher = new MicroBatcher<string, string>({
    run: (items) => {
      batches.push(items.length);
      if (items.includes('boom')) throw new Error('model failed');
      return items.map((s) => s.toUpperCase());
    },
    cost: (s) => s.length,
    maxBatchCost,
    maxQueued,
  });
  return { batcher, batches };
}

describe('MicroBatcher', () => {
  it('when requests arrive in the same tick, then they run as one batch and each gets its own results', async () => {
    const { batcher, batches } = upperCaser();
    const [a, b, c] = await Promise.all([
      batcher.submit(['ab', 'cd']),
      batcher.submit(['ef']),
      batcher.submit(['gh', 'ij', 'kl']),
    ]);
    assert.deepEqual([a, b, c], [['AB', 'CD'], ['EF'], ['GH', 'IJ', 'KL']]);
    assert.deepEqual(batches, [6]);
  });

  it('when the items cost more than one batch may, then they are split over several runs in order', async () => {
    const { batcher, batches } = upperCaser(10);
    const out = await batcher.submit(['aaaa', 'bbbb', 'cccc', 'dddd', 'e']);
    assert.deepEqual(out, ['AAAA', 'BBBB', 'CCCC', 'DDDD', 'E']);
    assert.deepEqual(batches, [2, 3]); // 4+4 | 4+4+1
  });

  it('when one request is aborted while waiting, then it rejects with the reason and the others still run', async () => {
    const { batcher } = upperCaser();
    const controller = new AbortController();
    const gone = batcher.submit(['x'], controller.signal);
    const kept = batcher.submit(['y']);
    controller.abort(new Error('client left'));
    await assert.rejects(gone, /client left/);
    assert.deepEqual(await kept, ['Y']);
    assert.equal(batcher.queued, 0);
  });

  it('when the queue is full, then a new request is refused at once', async () => {
    const { batcher } = upperCaser(100, 3);
    const first = batcher.submit(['a', 'b']);
    await assert.rejects(batcher.submit(['c', 'd']), /queue full/);
    assert.deepEqual(await first, ['A', 'B']);
  });

  it('when the model throws, then the requests of that batch reject and later ones succeed', async () => {
    const { batcher } = upperCaser();
    const failed = Promise.all([batcher.submit(['boom']), batcher.submit(['ok'])]);
    await assert.rejects(failed, /model failed/);
    assert.deepEqual(await batcher.submit(['fine']), ['FINE']);
  });

  it('when closed, then waiting and later requests reject', async () => {
    const { batcher } = upperCaser();
    const waiting = batcher.submit(['a']);
    batcher.close();
    await assert.rejects(waiting, /closed/);
    await assert.rejects(batcher.submit(['b']), /closed/);
  });
});
