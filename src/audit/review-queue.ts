/**
 * Which decisions go into the review queue (issue 8), decided once when the event is stored so
 * the queue is an index lookup rather than a scan of event JSON. Every flagged or blocked
 * decision is queued; of the rest a deterministic sample, to find what the scanners missed.
 */
import { createHash } from 'node:crypto';
import type { AuditEvent } from './types.js';

/** The default share of unflagged, unblocked decisions that are queued (PARAPET_REVIEW_SAMPLE). */
export const DEFAULT_REVIEW_SAMPLE = 0.01;

/**
 * A decision's place in [0, 1) derived from its id. Hashing (rather than Math.random) makes the
 * sample reproducible: replicas, a re-import and a test all agree on which decisions were drawn.
 */
export function sampleFraction(id: string): number {
  return createHash('sha256').update(id, 'utf8').digest().readUInt32BE(0) / 2 ** 32;
}

export function isQueued(event: AuditEvent, sampleRate: number): boolean {
  if (event.flagged || event.action === 'block') return true;
  return sampleFraction(event.id) < sampleRate;
}

/** Scanners whose rules fired (contributed an action other than allow) or could not run. */
export function firedScanners(event: AuditEvent): string[] {
  const fired = new Set<string>();
  for (const rule of event.rules) {
    if (rule.action !== 'allow' || rule.error !== undefined) fired.add(rule.scanner);
  }
  return [...fired].sort();
}

/** What a store derives from an event at insert; verify checks the stored copies against it. */
export interface ReviewColumns {
  readonly queued: 0 | 1;
  readonly flagged: 0 | 1;
  /** Comma-joined scanner ids (kebab-case, so a comma never occurs inside one). */
  readonly fired: string;
  readonly scanners: readonly string[];
}

export function reviewColumns(event: AuditEvent, sampleRate: number): ReviewColumns {
  const scanners = firedScanners(event);
  return {
    queued: isQueued(event, sampleRate) ? 1 : 0,
    flagged: event.flagged ? 1 : 0,
    fired: scanners.join(','),
    scanners,
  };
}

/** Validates a sample rate from config or options; a wrong one must not silently queue nothing. */
export function checkSampleRate(rate: number): number {
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
    throw new Error('review sample rate must be a number in [0, 1]');
  }
  return rate;
}
