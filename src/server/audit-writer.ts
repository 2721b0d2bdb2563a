/**
 * Writes a request's audit event. The decision must be on record before the client sees the
 * result: when the store fails, the request fails closed with audit_unavailable.
 */
import type { AuditEvent, AuditStore } from '../audit/types.js';
import { GatewayError } from '../errors.js';
import type { Logger } from '../log.js';

export async function recordOrFail(
  audit: AuditStore,
  logger: Logger,
  event: AuditEvent,
): Promise<void> {
  try {
    await audit.append(event);
  } catch (error) {
    logger.error('audit write failed', {
      request_id: event.requestId,
      decision_id: event.id,
      cause: errorName(error),
    });
    throw new GatewayError('audit_unavailable', { cause: error });
  }
  logDecision(logger, event);
}

/** For requests that already failed: record if possible, but the original error is what the client gets. */
export async function recordBestEffort(
  audit: AuditStore,
  logger: Logger,
  event: AuditEvent,
): Promise<void> {
  try {
    await recordOrFail(audit, logger, event);
  } catch {
    // already logged by recordOrFail
  }
}

/** The one-line decision log: ids, actions and scores only. */
export function logDecision(logger: Logger, event: AuditEvent): void {
  logger.info('decision', {
    decision_id: event.id,
    request_id: event.requestId,
    product: event.product,
    key_id: event.keyId,
    route: event.route,
    action: event.action,
    flagged: event.flagged,
    enforced: event.enforced,
    outcome: event.outcome,
    policy_version: event.policyVersion,
    rules: event.rules.map((r) => ({
      rule: r.rule,
      action: r.action,
      score: Math.round(r.score * 1000) / 1000,
      ...(r.error ? { error: r.error } : {}),
    })),
    latency_ms: event.latencyMs.total,
  });
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
