/** Polls a condition every 100 ms until it holds, failing the test after `ms`. */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

export async function until(
  what: string,
  check: () => Promise<boolean>,
  ms = 15_000,
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
