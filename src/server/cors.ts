/**
 * CORS for the /v1 API, off unless origins are configured (PARAPET_CORS_ORIGINS). Hand-written
 * rather than the `cors` package: the policy is a few headers, and owning it keeps the one rule
 * that matters visible: credentials are never allowed. The API authenticates with a bearer
 * header, which needs no credentialed request, and refusing credentials means no origin (least
 * of all `*`) can ride a browser's cookies into the gateway (the review UI's session included).
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

const ALLOWED_METHODS = 'GET, POST';
const ALLOWED_HEADERS = 'authorization, content-type, x-request-id';
const EXPOSED_HEADERS = 'x-request-id, retry-after, ratelimit, ratelimit-policy';
const PREFLIGHT_MAX_AGE_S = '600';

/** `origins`: exact origins (`https://app.example.com`) or `*` for any; empty: no CORS at all. */
export function corsPolicy(origins: readonly string[]): RequestHandler {
  const anyOrigin = origins.includes('*');
  const allowed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.get('origin');
    // Caches must not hand one origin's answer to another.
    if (!anyOrigin) res.vary('Origin');
    if (origin === undefined || (!anyOrigin && !allowed.has(origin))) {
      next();
      return;
    }
    res.setHeader('access-control-allow-origin', anyOrigin ? '*' : origin);
    const isPreflight = req.method === 'OPTIONS' && req.get('access-control-request-method');
    if (!isPreflight) {
      res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
      next();
      return;
    }
    res.setHeader('access-control-allow-methods', ALLOWED_METHODS);
    res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
    res.setHeader('access-control-max-age', PREFLIGHT_MAX_AGE_S);
    res.status(204).end();
  };
}
