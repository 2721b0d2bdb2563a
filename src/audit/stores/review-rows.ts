/**
 * Rows of the review queries → the review contract's types, shared by both stores (their rows
 * have the same column names; Postgres int8 values are parsed to numbers by the store).
 */
import { randomUUID } from 'node:crypto';
import { GatewayError } from '../../errors.js';
import type { Action } from '../../contract/types.js';
import {
  VERDICTS,
  type DecisionPage,
  type DecisionSummary,
  type Label,
  type ProductScope,
  type StatsQuery,
  type StatsRow,
  type Verdict,
} from '../review-types.js';
import { triageOf } from './review-summary.js';
import { bucketStart, encodeCursor, pageLimit } from './review-sql.js';
import { decodeRow, type EventRow } from './sqlite/sqlite-rows.js';
import type { StoredAuditEvent } from '../types.js';

export interface SummaryRow {
  readonly seq: number;
  readonly id: string;
  readonly time: string;
  readonly product: string;
  readonly route: string;
  readonly action: string;
  readonly flagged: number;
  readonly fired: string;
  readonly verdict: string | null;
  /** The event JSON, for the triage fields. */
  readonly event: string;
}

export interface LabelRow {
  readonly id: string;
  readonly decision_id: string;
  readonly verdict: string;
  readonly note: string | null;
  readonly reviewer: string;
  readonly time: string;
}

/** A row of the labeled export: the event's columns and its label's, prefixed `label_`. */
export type LabeledRow = EventRow & {
  readonly label_id: string;
  readonly label_verdict: string;
  readonly label_note: string | null;
  readonly label_reviewer: string;
  readonly label_time: string;
};

export function toLabeled(row: LabeledRow): { event: StoredAuditEvent; label: Label } {
  const label = toLabel({
    id: row.label_id,
    decision_id: row.id,
    verdict: row.label_verdict,
    note: row.label_note,
    reviewer: row.label_reviewer,
    time: row.label_time,
  });
  return { event: decodeRow(row), label };
}

/** Aggregates: numbers from SQLite; Postgres may answer a sum as numeric, which pg gives as text. */
type Count = number | string;

export interface StatsCountRow {
  readonly bucket: string;
  readonly product: string;
  readonly scanner: string;
  readonly decisions: Count;
  readonly flagged: Count;
  readonly blocked: Count;
  readonly adapter_changes: Count;
}

export interface StatsLabelRow {
  readonly bucket: string;
  readonly product: string;
  readonly scanner: string;
  readonly labeled: Count;
  readonly false_positives: Count;
  readonly missed: Count;
}

/** Notes are reviewer prose, kept short so a label stays a label. */
export const MAX_NOTE_CHARS = 2000;

export function toSummary(row: SummaryRow): DecisionSummary {
  return {
    id: row.id,
    seq: row.seq,
    time: row.time,
    product: row.product,
    route: row.route,
    action: row.action as Action,
    flagged: row.flagged === 1,
    scanners: row.fired === '' ? [] : row.fired.split(','),
    verdict: row.verdict as Verdict | null,
    ...triageOf(row.event),
  };
}

/** Rows fetched with one extra: its presence means there is a next page. */
export function toPage(rows: readonly SummaryRow[], limit: number): DecisionPage {
  const size = pageLimit(limit);
  const items = rows.slice(0, size).map(toSummary);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > size && last !== undefined ? encodeCursor(last.seq) : null,
  };
}

export function toLabel(row: LabelRow): Label {
  return {
    id: row.id,
    decisionId: row.decision_id,
    verdict: row.verdict as Verdict,
    note: row.note,
    reviewer: row.reviewer,
    time: row.time,
  };
}

/** Counter rows and label rows → one StatsRow per bucket, product and scanner, in that order. */
export function mergeStats(
  counts: readonly StatsCountRow[],
  labels: readonly StatsLabelRow[],
  bucket: StatsQuery['bucket'],
): StatsRow[] {
  const rows = new Map<string, StatsRow>();
  const key = (r: { bucket: string; product: string; scanner: string }) =>
    `${r.bucket}|${r.product}|${r.scanner}`;
  const blank = (r: { bucket: string; product: string; scanner: string }): StatsRow => ({
    bucket: bucketStart(r.bucket, bucket),
    product: r.product,
    scanner: r.scanner,
    decisions: 0,
    flagged: 0,
    blocked: 0,
    adapterChanges: 0,
    labeled: 0,
    falsePositives: 0,
    missed: 0,
  });
  for (const c of counts) {
    rows.set(key(c), {
      ...blank(c),
      decisions: Number(c.decisions),
      flagged: Number(c.flagged),
      blocked: Number(c.blocked),
      adapterChanges: Number(c.adapter_changes),
    });
  }
  for (const l of labels) {
    rows.set(key(l), {
      ...(rows.get(key(l)) ?? blank(l)),
      labeled: Number(l.labeled),
      falsePositives: Number(l.false_positives),
      missed: Number(l.missed),
    });
  }
  return [...rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, r]) => r);
}

export function inScope(scope: ProductScope, product: string): boolean {
  return scope === 'all' || scope.includes(product);
}

/** A checked, complete label ready to insert. Messages name fields, never their content. */
export function newLabel(label: Omit<Label, 'id' | 'time'>): Label {
  if (!(VERDICTS as readonly string[]).includes(label.verdict)) {
    throw new GatewayError('invalid_request', {
      detail: `verdict must be one of ${VERDICTS.join(', ')}`,
    });
  }
  if (label.note !== null && typeof label.note !== 'string') {
    throw new GatewayError('invalid_request', { detail: 'note must be a string or null' });
  }
  if (label.note !== null && label.note.length > MAX_NOTE_CHARS) {
    throw new GatewayError('invalid_request', {
      detail: `note must be at most ${MAX_NOTE_CHARS} characters`,
    });
  }
  if (typeof label.reviewer !== 'string' || label.reviewer === '') {
    throw new GatewayError('invalid_request', { detail: 'reviewer must be a non-empty string' });
  }
  const note = label.note === null || label.note.trim() === '' ? null : label.note;
  return {
    id: `lbl_${randomUUID()}`,
    decisionId: label.decisionId,
    verdict: label.verdict,
    note,
    reviewer: label.reviewer,
    time: new Date().toISOString(),
  };
}

export function decisionNotFound(): GatewayError {
  return new GatewayError('decision_not_found');
}
