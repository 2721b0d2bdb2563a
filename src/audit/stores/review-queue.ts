/**
 * Which decisions go into the review queue (issue 8), decided once when the event is stored so
 * the queue is an index lookup rather than a scan of event JSON. Every flagged or blocked
 * decision is queued; of the rest a deterministic sample, to find what the scanners missed.
 */
import { createHash } from 'node:crypto';
import type { AuditEvent } from '../types.js';

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

/** One row of the hourly counters (audit_stats) that the stats page reads instead of events. */
export interface StatsDelta {
  /** `YYYY-MM-DDTHH`, the prefix of the events' ISO times. */
  readonly hour: string;
  readonly product: string;
  /** A scanner id, or `*` for all decisions of the product. */
  readonly scanner: string;
  decisions: number;
  flagged: number;
  blocked: number;
  /** Decisions where a shadow adapter's verdict on a rule (of this scanner) differs from it. */
  adapterChanges: number;
}

/**
 * Scanners whose rules' adapted verdict (`adapted.fired`) differs from what the rule did: in
 * shadow mode, the changes the adapter would make. An enforced adapter never differs.
 */
export function adapterChangedScanners(event: AuditEvent): Set<string> {
  return new Set(
    event.rules
      .filter((r) => r.adapted && !r.error && r.adapted.fired !== (r.action !== 'allow'))
      .map((r) => r.scanner),
  );
}

/**
 * A batch's contribution to audit_stats, one row per (hour, product, scanner): the stores add it
 * in the same transaction as the events, so the counters never disagree with what was committed.
 */
export function statsDeltas(
  batch: readonly { readonly event: AuditEvent; readonly scanners: readonly string[] }[],
): StatsDelta[] {
  const rows = new Map<string, StatsDelta>();
  for (const { event, scanners } of batch) {
    const hour = event.time.slice(0, 13);
    const changed = adapterChangedScanners(event);
    for (const scanner of ['*', ...scanners]) {
      const key = `${hour}|${event.product}|${scanner}`;
      let row = rows.get(key);
      if (row === undefined) {
        row = {
          hour,
          product: event.product,
          scanner,
          decisions: 0,
          flagged: 0,
          blocked: 0,
          adapterChanges: 0,
        };
        rows.set(key, row);
      }
      row.decisions += 1;
      if (event.flagged) row.flagged += 1;
      if (event.action === 'block') row.blocked += 1;
      if (scanner === '*' ? changed.size > 0 : changed.has(scanner)) row.adapterChanges += 1;
    }
  }
  return [...rows.values()];
}
