/**
 * Optional bearer token for GET /metrics (PARAPET_METRICS_TOKEN). The numbers carry product and
 * rule names, traffic volume and error rates, which an outsider should not read; unset keeps
 * /metrics open, for a scraper on a private network.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { GatewayError } from '../errors.js';

// Hashing both sides gives equal-length buffers, so the comparison's time says nothing about
// the token's length or how much of it a guess got right.
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

export function requireMetricsToken(token: string | undefined) {
  const expected = token === undefined ? undefined : digest(token);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (expected === undefined) {
      next();
      return;
    }
    const sent = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '')?.[1];
    if (sent === undefined || !timingSafeEqual(digest(sent), expected)) {
      // RFC 6750: a 401 for a bearer-protected resource names the scheme.
      res.setHeader('www-authenticate', 'Bearer realm="metrics"');
      throw new GatewayError('invalid_metrics_token');
    }
    next();
  };
}
