/**
 * The scanning pool's readiness with real worker threads (issue 14): ready only once every
 * thread has started, loaded each linear folder and warmed up, again after a replacement, and
 * never while a folder the policies asked for is still being checked or loaded.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { bundledToxicityDir } from './toxicity-models.js';
import { BUNDLED_MODELS_DIR } from './classifier-cache.js';
import { ScanPool } from './scan-pool.js';

const TOXICITY = bundledToxicityDir('v2');
const INJECTION = `${BUNDLED_MODELS_DIR}prompt-injection-v2`;
const live = () => AbortSignal.timeout(10_000);

describe('ScanPool readiness', () => {
  let pool: ScanPool;
  before(() => {
    pool = new ScanPool({ size: 2, deadlineMs: 5000, testHooks: true });
  });
  after(async () => {
    await pool.close();
  });

  it('when the pool has just been opened, then it is not ready until every thread is warm', async () => {
    const accepted = pool.accepts(TOXICITY);
    assert.equal(pool.isReady(), false);
    assert.deepEqual(pool.readiness(), { workers: 2, ready: 0 });
    assert.equal(await accepted, true);

    assert.equal(await pool.ready(), true);

    assert.equal(pool.isReady(), true);
    assert.deepEqual(pool.readiness(), { workers: 2, ready: 2 });
  });

  it('when a folder is accepted after the threads are warm, then the pool is not ready until both have loaded it', async () => {
    assert.equal(await pool.ready(), true);

    assert.equal(await pool.accepts(INJECTION), true);

    assert.equal(pool.isReady(), false);
    assert.equal(await pool.ready(), true);
    const [scored] = await pool.score(INJECTION, ['Where is my parcel?'], live());
    assert.equal(scored?.model, 'prompt-injection-v2');
  });

  it('when a thread crashes, then the pool is not ready until its replacement has warmed up', async () => {
    assert.equal(await pool.ready(), true);
    pool.hook(0, 'exit');

    await assert.rejects(pool.score(TOXICITY, ['hello there'], live()), /crashed/);

    assert.equal(pool.isReady(), false);
    assert.equal(pool.readiness().ready, 1);
    assert.equal(await pool.ready(), true);
    assert.deepEqual(pool.readiness(), { workers: 2, ready: 2 });
  });

  it('when a thread cannot become ready in time, then ready() says false instead of waiting on', async () => {
    const slow = new ScanPool({ size: 1, deadlineMs: 5000 });
    try {
      assert.equal(await slow.ready(1), false);
      assert.equal(await slow.ready(), true);
    } finally {
      await slow.close();
    }
  });

  it('when the pool is closed, then it is not ready', async () => {
    const closed = new ScanPool({ size: 1, deadlineMs: 1000 });
    await closed.close();
    assert.equal(closed.isReady(), false);
    assert.equal(await closed.ready(10), false);
  });
});
