/**
 * Requests per minute per product key (express-rate-limit). In memory by default; with Redis
 * (PARAPET_REDIS_URL) the counts are shared by every gateway replica. When the shared store
 * cannot answer, the request is refused (503 rate_limit_unavailable), not let through: a limit
 * that cannot be checked has not been respected.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import { RedisStore, type RedisReply } from 'rate-limit-redis';
import { GatewayError, isGatewayError } from '../errors.js';
import { caller } from './request-context.js';

export type RedisCommand = (...args: string[]) => Promise<RedisReply>;

export interface RateLimitOptions {
  readonly perMinute: number;
  /** Sends one Redis command; absent: counts live in this process. */
  readonly redis?: RedisCommand | undefined;
}

export function keyRateLimit(options: RateLimitOptions): RequestHandler {
  const limiter = rateLimit({
    windowMs: 60_000,
    limit: options.perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    passOnStoreError: false,
    // Counted per key id, not per IP: one chatbot backend serves many users from one address.
    keyGenerator: (_req, res) => caller(res).keyId,
    validate: { keyGeneratorIpFallback: false },
    handler: (req, _res, next) => {
      const reset = (req as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const retryAfter = Math.max(
        1,
        Math.ceil(((reset?.getTime() ?? Date.now() + 60_000) - Date.now()) / 1000),
      );
      next(new GatewayError('rate_limited', { retryAfter }));
    },
    ...(options.redis
      ? { store: new RedisStore({ prefix: 'parapet:rl:', sendCommand: options.redis }) }
      : {}),
  });
  return (req: Request, res: Response, next: NextFunction) => {
    void Promise.resolve(
      limiter(req, res, (err?: unknown) => {
        if (err === undefined || isGatewayError(err)) next(err);
        else next(new GatewayError('rate_limit_unavailable', { cause: err }));
      }),
    ).catch((err: unknown) => {
      next(new GatewayError('rate_limit_unavailable', { cause: err }));
    });
  };
}
