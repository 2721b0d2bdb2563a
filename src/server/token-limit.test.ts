import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isGatewayError } from '../errors.js';
import { memoryTokenLimiter } from './token-limit.js';

const MINUTE = 60_000;
const budgets: Record<string, number> = { shop: 100 };
const budgetOf = (product: string) => budgets[product];

function clockAt(ms: number) {
  const clock = { ms, now: () => clock.ms };
  return clock;
}

const refusedAfter = async (promise: Promise<void>) => {
  try {
    await promise;
    return undefined;
  } catch (error) {
    assert.ok(isGatewayError(error) && error.code === 'token_limit_exceeded');
    return error.retryAfter;
  }
};

describe('memory token limiter', () => {
  it('when a window is spent, then checks are refused until the next minute, with the seconds left', async () => {
    const clock = clockAt(10 * MINUTE + 15_000);
    const limiter = memoryTokenLimiter(budgetOf, clock.now);

    await limiter.spend('shop', 60);
    assert.equal(await refusedAfter(limiter.check('shop', 100)), undefined, '60 of 100 used');
    await limiter.spend('shop', 45);
    assert.equal(await refusedAfter(limiter.check('shop', 100)), 45, '105 of 100, 45 s left');
    clock.ms = 11 * MINUTE;
    assert.equal(await refusedAfter(limiter.check('shop', 100)), undefined, 'a new window');
  });

  it('when the last second of a window is reached, then Retry-After is still at least 1', async () => {
    const clock = clockAt(MINUTE - 1);
    const limiter = memoryTokenLimiter(budgetOf, clock.now);

    await limiter.spend('shop', 100);

    assert.equal(await refusedAfter(limiter.check('shop', 100)), 1);
  });

  it('when a product has no budget, then nothing is counted for it', async () => {
    const limiter = memoryTokenLimiter(budgetOf, clockAt(0).now);

    await limiter.spend('free', 1_000_000);

    assert.equal(await refusedAfter(limiter.check('free', 1)), undefined);
  });
});
