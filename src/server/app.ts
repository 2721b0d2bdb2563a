/** The express app factory: routes and middleware only; no listen, no process state of its own. */
import express, { type RequestHandler } from 'express';
import { GatewayError } from '../errors.js';
import type { Deps } from './deps.js';
import { auditBreaker, auditGate } from './audit-breaker.js';
import { assignRequestId, errorHandler, requireProductKey } from './middleware.js';
import { corsPolicy } from './cors.js';
import { requireMetricsToken } from './metrics-auth.js';
import { reviewApi } from '../review/api.js';
import { reviewPages } from '../review/router.js';
import { keyRateLimit } from './rate-limit.js';
import { noStore, securityHeaders } from './security-headers.js';
import { memoryTokenLimiter, redisTokenLimiter, tokenBudget } from './token-limit.js';
import { chatCompletions } from './routes/chat.js';
import { guard } from './routes/guard.js';
import { moderations } from './routes/moderations.js';
import { healthz, listModels, readyz } from './routes/health.js';

export function createApp(appDeps: Deps): express.Express {
  const budgetOf = (product: string) => appDeps.policies.get(product)?.limits?.tokensPerMinute;
  const tokens = appDeps.redis
    ? redisTokenLimiter(appDeps.redis, budgetOf)
    : memoryTokenLimiter(budgetOf);
  // Every audit write goes through the breaker, so one failed write stops the next requests
  // before their prompts reach the model.
  const audit = auditBreaker(appDeps.audit);
  const deps: Deps = { ...appDeps, tokens, audit };
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(securityHeaders());
  app.use(assignRequestId);
  app.get('/healthz', healthz);
  app.get('/readyz', readyz(deps));
  app.get('/metrics', requireMetricsToken(deps.config.metrics_token), async (_req, res) => {
    res.setHeader('content-type', deps.metrics.registry.contentType);
    res.send(await deps.metrics.registry.metrics());
  });

  // Before auth: a browser's preflight carries no key.
  if (deps.config.cors_origins.length > 0) app.use('/v1', corsPolicy(deps.config.cors_origins));
  const api = express.Router();
  api.use(noStore);
  // Authenticate before reading the body: strangers learn nothing about our validation.
  api.use(requireProductKey(deps.keys, deps.policies));
  if (deps.config.rate_limit_per_minute > 0) {
    api.use(keyRateLimit({ perMinute: deps.config.rate_limit_per_minute, redis: deps.redis }));
  }
  api.use(express.json({ limit: deps.config.body_limit, strict: true }));
  api.get('/models', listModels(deps));
  // Shutdown waits for these handlers, whose audit writes can outlive their connections.
  const tracked = deps.inFlight
    ? deps.inFlight.track.bind(deps.inFlight)
    : (h: RequestHandler) => h;
  const gate = auditGate(audit);
  api.post('/chat/completions', gate, tokenBudget(tokens), tracked(chatCompletions(deps)));
  api.post('/guard', gate, tracked(guard(deps)));
  api.post('/moderations', gate, tracked(moderations(deps)));
  app.use('/v1', api);
  // Reviewer tokens only: product keys are not in the reviewers file, and the reverse.
  app.use('/api/review', reviewApi(deps));
  app.use('/review', reviewPages(deps));

  app.use(() => {
    throw new GatewayError('not_found');
  });
  app.use(errorHandler(deps.logger, deps.metrics));
  return app;
}
