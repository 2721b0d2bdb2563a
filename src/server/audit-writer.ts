/**
 * Writes a request's audit event. The decision must be on record before the client sees the
 * result: when the store fails, the request fails closed with audit_unavailable. Every event,
 * recorded or not, is also counted in the metrics.
 */
import type { AuditEvent } from '../audit/types.js';
import { GatewayError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Deps } from './deps.js';

export type Recorder = Pick<Deps, 'audit' | 'logger' | 'metrics' | 'tokens'>;

export async function recordOrFail(recorder: Recorder, event: AuditEvent): Promise<void> {
  const { audit, logger, metrics } = recorder;
  try {
    await audit.append(event);
  } catch (error) {
    metrics.auditWriteFailed();
    metrics.observe({ ...event, outcome: 'audit_unavailable' });
    logger.error('audit write failed', {
      request_id: event.requestId,
      decision_id: event.id,
      cause: error instanceof Error ? error.name : typeof error,
    });
    throw new GatewayError('audit_unavailable', { cause: error });
  }
  metrics.observe(event);
  logDecision(logger, event);
  await spendTokens(recorder, event);
}

/** Counts a request's tokens against its product's budget, if its policy has one. */
async function spendTokens(recorder: Recorder, event: AuditEvent): Promise<void> {
  const usage = event.usage;
  if (!recorder.tokens || !usage) return;
  try {
    await recorder.tokens.spend(event.product, usage.promptTokens + usage.completionTokens);
  } catch (error) {
    // The answer is already decided and recorded; an uncounted request is logged, not failed.
    recorder.logger.warn('token budget not updated', {
      request_id: event.requestId,
      cause: error instanceof Error ? error.name : typeof error,
    });
  }
}

/** For requests that already failed: record if possible, but the original error is what the client gets. */
export async function recordBestEffort(recorder: Recorder, event: AuditEvent): Promise<void> {
  try {
    await recordOrFail(recorder, event);
  } catch {
    // already logged and counted by recordOrFail
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
      score: Math.round((r.score ?? 0) * 1000) / 1000,
      ...(r.error ? { error: r.error } : {}),
    })),
    latency_ms: event.latencyMs.total,
  });
}
