/**
 * Token budgets per product (a policy's `limits.tokens_per_minute`): prompt + completion tokens,
 * as the backend reported them, counted in fixed one-minute windows. In memory by default; with
 * Redis (PARAPET_REDIS_URL) every replica counts into the same window. A request is admitted
 * while the window has budget left and its tokens are counted when its audit event is written,
 * so the request that crosses the line still finishes: a budget can be overshot by the requests
 * in flight, never by a request started after it ran out. A store that cannot answer the check
 * refuses the request (rate_limit_unavailable), as the per-key limit does.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { GatewayError, isGatewayError } from '../errors.js';
import type { RedisCommand } from './rate-limit.js';
import { caller } from './request-context.js';

const WINDOW_MS = 60_000;

export interface TokenLimiter {
  /** Throws token_limit_exceeded (or rate_limit_unavailable) when the product has no budget left. */
  check(product: string, perMinute: number): Promise<void>;
  /** Adds used tokens to the product's current window (nothing when its policy sets no budget). */
  spend(product: string, tokens: number): Promise<void>;
}

/** The product's current budget, from its policy; undefined: unlimited. */
export type BudgetOf = (product: string) => number | undefined;

interface Window {
  readonly index: number;
  readonly retryAfterS: number;
}

function currentWindow(now: number): Window {
  const index = Math.floor(now / WINDOW_MS);
  return { index, retryAfterS: Math.max(1, Math.ceil(((index + 1) * WINDOW_MS - now) / 1000)) };
}

function refuse(used: number, perMinute: number, window: Window): void {
  if (used >= perMinute) {
    throw new GatewayError('token_limit_exceeded', { retryAfter: window.retryAfterS });
  }
}

export function memoryTokenLimiter(budgetOf: BudgetOf, now = Date.now): TokenLimiter {
  const used = new Map<string, { index: number; tokens: number }>();
  const tokensNow = (product: string, index: number) => {
    const entry = used.get(product);
    return entry?.index === index ? entry.tokens : 0;
  };
  return {
    // async: a refusal is a rejected promise, as the Redis limiter's is, never a synchronous throw.
    async check(product, perMinute) {
      const window = currentWindow(now());
      refuse(tokensNow(product, window.index), perMinute, window);
    },
    async spend(product, tokens) {
      if (budgetOf(product) === undefined) return;
      const { index } = currentWindow(now());
      used.set(product, { index, tokens: tokensNow(product, index) + tokens });
    },
  };
}

export function redisTokenLimiter(redis: RedisCommand, budgetOf: BudgetOf): TokenLimiter {
  const key = (product: string, index: number) => `parapet:tpm:${product}:${index}`;
  return {
    async check(product, perMinute) {
      const window = currentWindow(Date.now());
      let used: number;
      try {
        // A missing key (nothing used yet) is null, and Number(null) is 0.
        used = Number(await redis('GET', key(product, window.index)));
      } catch (error) {
        throw new GatewayError('rate_limit_unavailable', { cause: error });
      }
      refuse(used, perMinute, window);
    },
    async spend(product, tokens) {
      if (budgetOf(product) === undefined) return;
      const k = key(product, currentWindow(Date.now()).index);
      await redis('INCRBY', k, String(tokens));
      // Two windows' worth: the key outlives its minute long enough for late writers, then goes.
      await redis('PEXPIRE', k, String(2 * WINDOW_MS));
    },
  };
}

/** Admits a chat request only while its product's policy budget has tokens left this minute. */
export function tokenBudget(limiter: TokenLimiter): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    const { policy } = caller(res);
    const perMinute = policy.limits?.tokensPerMinute;
    if (perMinute === undefined) {
      next();
      return;
    }
    limiter.check(policy.product, perMinute).then(
      () => {
        next();
      },
      (err: unknown) => {
        next(
          isGatewayError(err) ? err : new GatewayError('rate_limit_unavailable', { cause: err }),
        );
      },
    );
  };
}
