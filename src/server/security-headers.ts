/**
 * Security headers for everything the gateway serves (helmet). The API answers JSON and event
 * streams only, so its CSP allows nothing at all: a response rendered by mistake as a page can
 * load no script, style, frame or form target. The review pages (src/review/router.ts) replace
 * the CSP with their own, which allows their own static files and nothing else.
 */
import type { RequestHandler } from 'express';
import helmet from 'helmet';

/** As helmet writes it (no space after `;`). */
export const API_CSP =
  "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'";

export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
  });
}

/** API answers are never cached: chat replies hold the user's restored personal data. */
export const noStore: RequestHandler = (_req, res, next) => {
  res.setHeader('cache-control', 'no-store');
  next();
};
