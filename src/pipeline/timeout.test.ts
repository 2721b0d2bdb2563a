import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { Deadlines } from './timeout.js';

const hang = (signal: AbortSignal) =>
  new Promise<never>((_resolve, reject) => {
    signal.addEventListener('abort', () => {
      reject(new Error('aborted'));
    });
  });

describe('Deadlines', () => {
  it('when tasks start in one turn, then a hung one times out and a fast one still answers', async () => {
    const deadlines = new Deadlines(new AbortController().signal);
    let seen: AbortSignal | undefined;
    const [slow, fast] = await Promise.all([
      deadlines.run(hang, 30),
      deadlines.run(async (signal) => {
        seen = signal;
        await sleep(1);
        return 'done';
      }, 30),
    ]);
    assert.deepEqual(slow, { ok: false, timedOut: true, error: undefined });
    assert.deepEqual(fast, { ok: true, value: 'done' });
    assert.equal(seen?.aborted, true, 'the hung task was told to stop');
  });

  it('when a task starts after the first turn, then its deadline counts from its own start', async () => {
    const deadlines = new Deadlines(new AbortController().signal);
    // Wide margins: the shared machine can stall a timer by a hundred milliseconds.
    const first = deadlines.run(() => sleep(600, 'first'), 1000);
    await sleep(500);
    // Sharing the first deadline would leave this one 500 ms of its 1,000.
    const later = await deadlines.run(() => sleep(700, 'later'), 1000);
    assert.deepEqual(later, { ok: true, value: 'later' });
    assert.deepEqual(await first, { ok: true, value: 'first' });
  });

  it('when the request is aborted, then running tasks see it and the listeners are gone after', async () => {
    const request = new AbortController();
    const deadlines = new Deadlines(request.signal);
    const running = Promise.all([deadlines.run(hang, 5000), deadlines.run(hang, 5000)]);
    assert.equal(getEventListeners(request.signal, 'abort').length, 1, 'one listener per deadline');
    request.abort(new Error('client went away'));
    const outcomes = await running;
    assert.ok(outcomes.every((o) => !o.ok && !o.timedOut));
    assert.equal(getEventListeners(request.signal, 'abort').length, 0);
  });

  it('when every task settled, then the request signal keeps no listener', async () => {
    const request = new AbortController();
    const deadlines = new Deadlines(request.signal);
    await Promise.all([deadlines.run(() => sleep(1), 5000), deadlines.run(() => sleep(2), 100)]);
    assert.equal(getEventListeners(request.signal, 'abort').length, 0);
  });

  it('when the request was aborted before the task started, then the task is not run', async () => {
    const request = new AbortController();
    request.abort(new Error('gone'));
    let ran = false;
    const outcome = await new Deadlines(request.signal).run(async () => {
      ran = true;
      return 1;
    }, 100);
    assert.equal(ran, false);
    assert.equal(outcome.ok, false);
  });
});
