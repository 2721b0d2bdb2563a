/**
 * Bulk-loading a realistic audit trail for the queue benchmark, straight into the stores' tables
 * (one transaction, multi-row inserts) instead of through append(): a million group commits
 * would take longer than the benchmark is allowed to. Rows are exactly what the stores write:
 * canonical JSON, a valid hash chain, the review columns from review-queue.ts.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type pg from 'pg';
import { GENESIS_HASH, canonicalEventJson, hashCanonical } from '../../src/audit/hash-chain.js';
import { reviewColumns } from '../../src/audit/stores/review-queue.js';
import { firedBy, quiet } from '../../src/audit/stores/store-cases.js';
import type { AuditEvent } from '../../src/audit/types.js';

export const PRODUCTS = ['retail-support', 'clinic-intake', 'bank-assist'] as const;
const DAY_MS = 86_400_000;

/** What share of traffic each kind of decision is (roughly what the dev eval sets show). */
const MIX: readonly { readonly share: number; readonly make: () => AuditEvent }[] = [
  { share: 0.02, make: () => firedBy('toxicity', 'block') },
  { share: 0.01, make: () => firedBy('prompt-injection', 'block') },
  { share: 0.02, make: () => firedBy('toxicity', 'flag') },
  { share: 0.15, make: () => firedBy('pii', 'redact') },
  { share: 0.8, make: () => quiet() },
];

const ID_MARK = 'dec_00000000-0000-4000-8000-000000000000';
const REQ_MARK = 'req_00000000-0000-4000-8000-000000000000';
const TIME_MARK = '2000-01-01T00:00:00.000Z';

interface Template {
  readonly product: string;
  readonly event: AuditEvent;
  /** Canonical JSON with marks where id, request id and time go (same length, same escaping). */
  readonly parts: readonly string[];
}

function templates(): Template[][] {
  return PRODUCTS.map((product) =>
    MIX.map(({ make }) => {
      const event = { ...make(), product, id: ID_MARK, requestId: REQ_MARK, time: TIME_MARK };
      return {
        product,
        event,
        parts: canonicalEventJson(event).split(
          /(dec_0{8}[-0-9a-f]{28}|req_0{8}[-0-9a-f]{28}|2000-01-01T00:00:00\.000Z)/u,
        ),
      };
    }),
  );
}

export interface BulkRow {
  readonly seq: number;
  readonly id: string;
  readonly time: string;
  readonly product: string;
  readonly keyId: string | null;
  readonly action: string;
  readonly route: string;
  readonly outcome: string;
  readonly prevHash: string;
  readonly hash: string;
  readonly event: string;
  readonly queued: number;
  readonly flagged: number;
  readonly fired: string;
  readonly scanners: readonly string[];
}

/**
 * `count` events spread evenly over the last 30 days, in seq order, chained. Deterministic mix
 * (a counter, not Math.random), so both stores hold the same shape of data.
 */
export function* bulkRows(count: number, sampleRate: number): Generator<BulkRow> {
  const byProduct = templates();
  const start = Date.now() - 30 * DAY_MS;
  const step = (30 * DAY_MS) / count;
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq += 1) {
    const kinds = byProduct[seq % PRODUCTS.length] ?? [];
    const roll = ((seq * 7919) % 1000) / 1000;
    let acc = 0;
    const template = kinds.find((_, index) => (acc += MIX[index]?.share ?? 0) > roll) ?? kinds[0];
    if (template === undefined) throw new Error('no template');
    const id = `dec_${randomUUID()}`;
    const time = new Date(start + seq * step).toISOString();
    const values: Record<string, string> = {
      [ID_MARK]: id,
      [REQ_MARK]: `req_${randomUUID()}`,
      [TIME_MARK]: time,
    };
    const json = template.parts.map((part) => values[part] ?? part).join('');
    const hash = hashCanonical(prevHash, json);
    const review = reviewColumns({ ...template.event, id }, sampleRate);
    const { event } = template;
    yield {
      seq,
      id,
      time,
      product: event.product,
      keyId: event.keyId,
      action: event.action,
      route: event.route,
      outcome: event.outcome,
      prevHash,
      hash,
      event: json,
      queued: review.queued,
      flagged: review.flagged,
      fired: review.fired,
      scanners: review.scanners,
    };
    prevHash = hash;
  }
}

const EVENT_COLUMNS = [
  'seq',
  'id',
  'time',
  'product',
  'key_id',
  'action',
  'route',
  'outcome',
  'prev_hash',
  'hash',
  'event',
  'queued',
  'flagged',
  'fired',
] as const;

/** One row's audit_events values, in EVENT_COLUMNS order. */
function eventValues(r: BulkRow): (string | number | null)[] {
  return [
    r.seq,
    r.id,
    r.time,
    r.product,
    r.keyId,
    r.action,
    r.route,
    r.outcome,
    r.prevHash,
    r.hash,
    r.event,
    r.queued,
    r.flagged,
    r.fired,
  ];
}

/** Into an SQLite store's file: one transaction, prepared statements. */
export function loadSqlite(db: Database, rows: Iterable<BulkRow>): void {
  const insert = db.prepare(
    `INSERT INTO audit_events (${EVENT_COLUMNS.join(', ')})
     VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`,
  );
  const scanner = db.prepare(
    'INSERT INTO audit_event_scanners (seq, scanner, queued) VALUES (?, ?, ?)',
  );
  db.transaction(() => {
    for (const r of rows) {
      insert.run(...eventValues(r));
      for (const s of r.scanners) scanner.run(r.seq, s, r.queued);
    }
    db.exec(STATS_FROM_EVENTS);
  })();
}

const PG_CHUNK = 2000;

/** `($1, $2, …), (…)` for `rows` rows of `columns` parameters each. */
function placeholders(rows: number, columns: number): string {
  return Array.from(
    { length: rows },
    (_, r) =>
      `(${Array.from({ length: columns }, (_, c) => `$${r * columns + c + 1}`).join(', ')})`,
  ).join(', ');
}

/**
 * Into a Postgres store's schema: one transaction, multi-row INSERT … VALUES of 2,000 rows
 * (28,000 bound parameters; array parameters would make pg escape every quote of the JSON).
 */
export async function loadPostgres(client: pg.ClientBase, rows: Iterable<BulkRow>): Promise<void> {
  await client.query('BEGIN');
  let chunk: BulkRow[] = [];
  const flush = async () => {
    const values = chunk.flatMap(eventValues);
    await client.query(
      `INSERT INTO audit_events (${EVENT_COLUMNS.join(', ')})
       VALUES ${placeholders(chunk.length, EVENT_COLUMNS.length)}`,
      values,
    );
    const pairs = chunk.flatMap((r) => r.scanners.map((s) => [r.seq, s, r.queued]));
    if (pairs.length > 0) {
      await client.query(
        `INSERT INTO audit_event_scanners (seq, scanner, queued) VALUES ${placeholders(pairs.length, 3)}`,
        pairs.flat(),
      );
    }
    chunk = [];
  };
  for (const row of rows) {
    chunk.push(row);
    if (chunk.length === PG_CHUNK) await flush();
  }
  if (chunk.length > 0) await flush();
  await client.query(STATS_FROM_EVENTS);
  await client.query('COMMIT');
  await client.query('ANALYZE');
}

/**
 * The hourly counters the appends would have kept (the same SQL as the stores' migrations);
 * bulk-loaded events have no adapter, so `adapter_changes` keeps its default 0.
 */
export const STATS_FROM_EVENTS = `
  INSERT INTO audit_stats (hour, product, scanner, decisions, flagged, blocked)
    SELECT substr(time, 1, 13), product, '*', count(*), sum(flagged),
      sum(CASE WHEN action = 'block' THEN 1 ELSE 0 END)
    FROM audit_events GROUP BY 1, 2;
  INSERT INTO audit_stats (hour, product, scanner, decisions, flagged, blocked)
    SELECT substr(e.time, 1, 13), e.product, s.scanner, count(*), sum(e.flagged),
      sum(CASE WHEN e.action = 'block' THEN 1 ELSE 0 END)
    FROM audit_event_scanners s JOIN audit_events e ON e.seq = s.seq GROUP BY 1, 2, 3`;
