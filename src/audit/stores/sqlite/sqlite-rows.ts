/**
 * Between events and `audit_events` rows (both stores: the Postgres table has the same columns): what must hold before an event becomes a row, and
 * turning rows back into events. Errors name fields or the seq, never content: a row may hold
 * customer text.
 */
import { canonicalEventJson } from '../../hash-chain.js';
import { firedScanners } from '../review-queue.js';
import type { AuditEvent, StoredAuditEvent } from '../../types.js';

/** Event fields copied into NOT NULL columns. */
const REQUIRED_STRINGS = ['id', 'time', 'product', 'action', 'route', 'outcome'] as const;

export interface EventRow {
  readonly seq: number;
  readonly id: string;
  readonly time: string;
  readonly product: string;
  readonly key_id: string | null;
  readonly action: string;
  readonly route: string;
  readonly outcome: string;
  readonly prev_hash: string;
  readonly hash: string;
  readonly event: string;
  /** Review columns (migration 2), derived at insert. */
  readonly queued: number;
  readonly flagged: number;
  readonly fired: string;
}

function parseEvent(row: EventRow): AuditEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row.event);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  // The JSON was written from an AuditEvent by this store; the hash chain, not this check, is
  // what proves it unchanged.
  return parsed as AuditEvent;
}

function toStored(row: EventRow, event: AuditEvent): StoredAuditEvent {
  // Columns win over anything the JSON might claim: they are what the chain links.
  return { ...event, seq: row.seq, prevHash: row.prev_hash, hash: row.hash };
}

export function decodeRow(row: EventRow): StoredAuditEvent {
  const event = parseEvent(row);
  if (event === undefined) throw new Error(`audit event seq ${row.seq} is not valid JSON`);
  return toStored(row, event);
}

/** For verify(): the decoded event, or why the row cannot even be hashed. */
export function checkRow(row: EventRow): StoredAuditEvent | string {
  const event = parseEvent(row);
  return event === undefined ? 'event JSON does not parse (edited event)' : toStored(row, event);
}

/**
 * Review queries filter on the copied columns, so an edit to a column alone must be caught too.
 * Checked after the hash, so an edited event is reported as such rather than as a column clash.
 */
export function columnMismatch(row: EventRow, event: StoredAuditEvent): string | undefined {
  const copies: readonly [string, unknown, unknown][] = [
    ['id', row.id, event.id],
    ['time', row.time, event.time],
    ['product', row.product, event.product],
    ['key_id', row.key_id, event.keyId],
    ['action', row.action, event.action],
    ['route', row.route, event.route],
    ['outcome', row.outcome, event.outcome],
  ];
  const clash = copies.find(([, stored, inEvent]) => stored !== inEvent);
  if (clash) return `column ${clash[0]} disagrees with the event JSON (edited row)`;
  return reviewMismatch(row, event);
}

/**
 * The review columns decide what reviewers see: clearing `queued` or `fired` would hide a
 * decision from the queue. Whether a sampled (allowed) event was drawn depends on the rate at
 * the time, so only "flagged or blocked implies queued" is checked for `queued`.
 */
function reviewMismatch(row: EventRow, event: StoredAuditEvent): string | undefined {
  const flagged = event.flagged ? 1 : 0;
  if (row.flagged !== flagged) return 'column flagged disagrees with the event JSON (edited row)';
  if ((flagged === 1 || event.action === 'block') && row.queued !== 1) {
    return 'column queued is cleared for a flagged or blocked event (edited row)';
  }
  let fired: string | undefined;
  try {
    fired = firedScanners(event).join(',');
  } catch {
    // An edited event whose rules are not rules: the hash check names it first.
    fired = undefined;
  }
  return row.fired === fired
    ? undefined
    : 'column fired disagrees with the event JSON (edited row)';
}

/** Field names only, never values: the message may reach logs. */
function checkRequired(event: AuditEvent): void {
  for (const field of REQUIRED_STRINGS) {
    const value: unknown = event[field];
    if (typeof value !== 'string' || value === '') {
      throw new Error(`audit event field "${field}" must be a non-empty string`);
    }
  }
  if (event.keyId !== null && typeof event.keyId !== 'string') {
    throw new Error('audit event field "keyId" must be a string or null');
  }
}

/**
 * The event checked and serialized at append time, so a caller mutating the object afterwards
 * cannot change what is hashed; an Error (naming fields, never values) when it cannot be stored.
 */
export function appendJson(event: AuditEvent): string | Error {
  try {
    checkRequired(event);
    return canonicalEventJson(event);
  } catch (error) {
    return error instanceof Error ? error : new Error('audit event is invalid');
  }
}

/** ISO times compare as strings only in one format; stored times come from Date#toISOString. */
export function normalizeSince(since: string): string {
  const time = new Date(since);
  if (Number.isNaN(time.getTime())) throw new Error('export: "since" is not an ISO date/time');
  return time.toISOString();
}
