/** Liveness, readiness and the model list. Readiness says what is missing, never secrets. */
import type { Request, Response } from 'express';
import type { BackendInfo } from '../../backends/types.js';
import type { Deps } from '../deps.js';

export function healthz(_req: Request, res: Response): void {
  res.json({ status: 'ok' });
}

/** A model's readiness: what it is, or why it is not there (no secrets, no customer text). */
function modelCheck(info: BackendInfo) {
  return {
    ok: info.ready,
    kind: info.kind,
    model: info.model,
    ...(info.reason ? { reason: info.reason } : {}),
  };
}

// A check that does not answer in this long counts as failed: /readyz must answer itself.
const CHECK_TIMEOUT_MS = 2000;

/** Redis, when rate limits or token budgets are shared through it: one PING. */
async function redisOk(deps: Deps): Promise<boolean | undefined> {
  if (!deps.redis) return undefined;
  const timeout = new Promise<false>((resolve) => {
    setTimeout(resolve, CHECK_TIMEOUT_MS, false).unref();
  });
  const ping = deps.redis('PING').then(
    (reply) => reply === 'PONG',
    () => false,
  );
  return Promise.race([ping, timeout]);
}

export function readyz(deps: Deps) {
  return async (_req: Request, res: Response): Promise<void> => {
    const policies = deps.policies.status();
    const [auditOk, redis] = await Promise.all([
      deps.audit.healthy().catch(() => false),
      redisOk(deps),
    ]);
    const checkpoint = deps.checkpoint?.();
    // A worker or model still warming up would fail the first scans closed on their timeout.
    const scanning = deps.scanning?.();
    const info = deps.backend.backend?.info();
    const backend = info
      ? modelCheck(info)
      : { ok: false, reason: deps.backend.missing ?? 'no backend configured' };
    // Only when configured: without it the chat backend judges, and `backend` covers that.
    const judge = deps.judge ? modelCheck(deps.judge.info()) : undefined;
    const checks = {
      policies: {
        ok: policies.ok,
        products: policies.products,
        loaded_at: policies.loadedAt,
        errors: policies.errors,
      },
      audit: { ok: auditOk },
      // A failing checkpoint leaves the newest events deletable undetected: not ready (fail closed).
      ...(checkpoint === undefined ? {} : { audit_checkpoint: checkpoint }),
      ...(redis === undefined ? {} : { redis: { ok: redis } }),
      ...(scanning === undefined ? {} : { scanning }),
      backend,
      ...(judge ? { judge } : {}),
    };
    const ready =
      policies.products.length > 0 &&
      auditOk &&
      (checkpoint?.ok ?? true) &&
      (redis ?? true) &&
      (scanning?.ok ?? true) &&
      backend.ok &&
      (judge?.ok ?? true);
    res.status(ready ? 200 : 503).json({ ready, checks });
  };
}

export function listModels(deps: Deps) {
  return (_req: Request, res: Response): void => {
    const info = deps.backend.backend?.info();
    const data = info
      ? [{ id: info.model, object: 'model' as const, created: 0, owned_by: info.kind }]
      : [];
    res.json({ object: 'list', data });
  };
}
