/**
 * A circuit breaker in front of the audit store. A decision must be on record before the client
 * sees it, so a request whose event cannot be written fails (audit_unavailable) — but by then its
 * prompt has already been to the model. After one failed write the store is marked unavailable:
 * requests are refused before any work (`auditGate`), and /readyz says not ready. At most once
 * per probe interval the store's own `healthy()` (a write probe for SQLite) is asked whether it
 * works again; the first success closes the breaker, without a restart.
 */
import type { NextFunction, Request, Response } from 'express';
import type { AuditEvent, AuditStore } from '../audit/types.js';
import { GatewayError } from '../errors.js';

export const AUDIT_PROBE_INTERVAL_MS = 1000;

export interface AuditBreaker extends AuditStore {
  /** True when the store is believed writable (closed breaker, or a probe just succeeded). */
  available(): Promise<boolean>;
}

export function auditBreaker(
  store: AuditStore,
  probeIntervalMs = AUDIT_PROBE_INTERVAL_MS,
): AuditBreaker {
  let open = false;
  let lastProbe = 0;
  let probe: Promise<boolean> | undefined;
  const runProbe = async (): Promise<boolean> => {
    const ok = await store.healthy().catch(() => false);
    if (ok) open = false;
    return ok;
  };
  const available = (): Promise<boolean> => {
    if (!open) return Promise.resolve(true);
    if (probe) return probe;
    if (Date.now() - lastProbe < probeIntervalMs) return Promise.resolve(false);
    lastProbe = Date.now();
    probe = runProbe().finally(() => {
      probe = undefined;
    });
    return probe;
  };
  return {
    async append(event: AuditEvent) {
      try {
        await store.append(event);
      } catch (error) {
        if (!open) lastProbe = Date.now();
        open = true;
        throw error;
      }
    },
    export: (options) => store.export(options),
    get: (id) => store.get(id),
    verify: () => store.verify(),
    healthy: async () => (open ? available() : store.healthy()),
    close: () => store.close(),
    available,
  };
}

/** Refuses a request before any work while the audit store is marked unavailable. */
export function auditGate(breaker: AuditBreaker) {
  return (_req: Request, _res: Response, next: NextFunction): void => {
    breaker.available().then(
      (ok) => {
        next(ok ? undefined : new GatewayError('audit_unavailable'));
      },
      (error: unknown) => {
        next(new GatewayError('audit_unavailable', { cause: error }));
      },
    );
  };
}
