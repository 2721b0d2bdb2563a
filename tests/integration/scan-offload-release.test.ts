/**
 * Offloaded rules' scanners are dropped from the scan workers once no loaded policy has the rule
 * (issue 14): a policy reload creates a ScanFn per offloadable rule, and before this every params
 * set ever loaded stayed created in every worker for the life of the process.
 */
import assert from 'node:assert/strict';
import { setImmediate as tick } from 'node:timers/promises';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import { ScanPool } from '../../src/classifiers/scan-pool.js';
import { WorkerScanners } from '../../src/classifiers/worker-scanners.js';
import type { ScanFn } from '../../src/contract/types.js';
import { SCANNER_HOST_URL } from '../../src/pipeline/scanner-host.js';
import { createTextViews } from '../../src/text/views.js';

// A full collection on demand: FinalizationRegistry callbacks only follow a collection.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const SIGNAL = new AbortController().signal;
const LONG = 'Our store opens at nine and the parcel service collects at noon. '.repeat(6);
const phrases = (i: number) => ({ phrases: [`forbidden phrase ${i}`, 'opens at nine'] });

async function collectedUntil(done: () => boolean): Promise<boolean> {
  for (let i = 0; i < 50 && !done(); i++) {
    gc();
    await tick();
  }
  return done();
}

const scanOf = (scan: ScanFn) =>
  scan({ text: LONG, stage: 'input', signal: SIGNAL, views: createTextViews(LONG) });

describe('scan pool: offloaded scanners of replaced policies', () => {
  let pool: ScanPool;
  before(() => {
    pool = new ScanPool({ size: 1, deadlineMs: 30_000, scannerHost: SCANNER_HOST_URL });
  });
  after(() => pool.close());

  it('when the ScanFns of earlier params are garbage, then the pool forgets them and keeps the live one', async () => {
    const kept = pool.scanFn('banned-phrases', phrases(0));
    // Five "reloads", each with params of its own, whose rules nothing holds any more.
    const reload = (i: number) => void pool.scanFn('banned-phrases', phrases(i));
    for (let i = 1; i <= 5; i++) reload(i);
    assert.equal(pool.stats().offloadedScanners, 6);
    assert.ok(await collectedUntil(() => pool.stats().offloadedScanners === 1));
    const result = await scanOf(kept);
    assert.ok(result.score > 0, 'the live rule still scans on the worker');
    // Params forgotten earlier are prepared again under a new key when a policy brings them back.
    const back = pool.scanFn('banned-phrases', phrases(3));
    assert.equal(pool.stats().offloadedScanners, 2);
    assert.ok((await scanOf(back)).score > 0);
  });
});

describe('WorkerScanners.forget', () => {
  it('when a prepared scanner is forgotten, then a batch that names it fails (closed)', async () => {
    const scanners = new WorkerScanners(SCANNER_HOST_URL);
    await scanners.prepare('s0', 'banned-phrases', phrases(0));
    const run = () => scanners.run([[0, 0, 0]], [['s0', 'input']], [LONG]);
    assert.equal((await run()).has(0), true);
    scanners.forget('s0');
    assert.equal((await run()).has(0), false); // no result: the worker posts 'scanner failed'
  });
});
