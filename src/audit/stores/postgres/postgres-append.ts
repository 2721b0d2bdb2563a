/**
 * Group commit for the Postgres store. append() queues; one batch at a time is written, and
 * whatever arrives during a batch's round trips forms the next one, so under load each commit
 * (one fsync) carries many events while an idle gateway still writes each event at once.
 *
 * Several replicas extend one chain: each batch takes a transaction-scoped advisory lock and
 * reads the head inside the transaction, so batches are linked one after another.
 */
import type { Pool, PoolClient } from 'pg';
import { GENESIS_HASH, hashCanonical } from '../../hash-chain.js';
import { pgError } from './postgres-db.js';
import { lockSql } from './postgres-schema.js';
import { reviewColumns, statsDeltas } from '../review-queue.js';
import type { PendingEvent } from '../sqlite/sqlite-append.js';
import type { AuditEvent } from '../../types.js';

export interface PgPending extends PendingEvent {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

interface Head {
  readonly seq: number;
  readonly hash: string;
}

// Head first, the anchor when every event was purged. One simple-protocol round trip.
const BEGIN_AND_HEAD = `BEGIN; ${lockSql('chain')};
  SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1;
  SELECT seq, hash FROM audit_anchor WHERE id = 1;`;

// All inserts in one statement; RETURNING tells which ids were new. The counters' rows are
// unique per statement (aggregated in JS), as ON CONFLICT DO UPDATE requires.
const INSERT = `WITH inserted AS (
    INSERT INTO audit_events (seq, id, time, product, key_id, action, route, outcome, prev_hash,
      hash, event, queued, flagged, fired)
    SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
      $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::smallint[],
      $13::smallint[], $14::text[])
    ON CONFLICT (id) DO NOTHING
    RETURNING id
  ), scanners AS (
    INSERT INTO audit_event_scanners (seq, scanner, queued)
    SELECT * FROM unnest($15::bigint[], $16::text[], $17::smallint[])
  ), stats AS (
    INSERT INTO audit_stats AS a
      (hour, product, scanner, decisions, flagged, blocked, adapter_changes)
    SELECT * FROM unnest($18::text[], $19::text[], $20::text[], $21::bigint[], $22::bigint[],
      $23::bigint[], $24::bigint[])
    ON CONFLICT (hour, product, scanner) DO UPDATE SET
      decisions = a.decisions + excluded.decisions, flagged = a.flagged + excluded.flagged,
      blocked = a.blocked + excluded.blocked,
      adapter_changes = a.adapter_changes + excluded.adapter_changes
  )
  SELECT id FROM inserted`;

type Column = (string | number | null)[];

/** The batch linked onto `head`, as unnest() column arrays. */
function linkColumns(batch: readonly PendingEvent[], head: Head, sampleRate: number): Column[] {
  const columns: Column[] = Array.from({ length: 24 }, () => []);
  const stored: { event: AuditEvent; scanners: readonly string[] }[] = [];
  const push = (index: number, value: string | number | null) => columns[index]?.push(value);
  let { seq, hash: prevHash } = head;
  for (const { event, json } of batch) {
    seq += 1;
    const hash = hashCanonical(prevHash, json);
    const review = reviewColumns(event, sampleRate);
    const values = [seq, event.id, event.time, event.product, event.keyId, event.action];
    values.push(event.route, event.outcome, prevHash, hash, json);
    values.push(review.queued, review.flagged, review.fired);
    values.forEach((value, index) => push(index, value));
    for (const scanner of review.scanners) {
      push(14, seq);
      push(15, scanner);
      push(16, review.queued);
    }
    stored.push({ event, scanners: review.scanners });
    prevHash = hash;
  }
  for (const d of statsDeltas(stored)) {
    const row = [d.hour, d.product, d.scanner, d.decisions, d.flagged, d.blocked];
    [...row, d.adapterChanges].forEach((value, index) => push(17 + index, value));
  }
  return columns;
}

async function readHead(client: PoolClient): Promise<Head> {
  const results = (await client.query(BEGIN_AND_HEAD)) as unknown as { rows: Head[] }[];
  return results[2]?.rows[0] ?? results[3]?.rows[0] ?? { seq: 0, hash: GENESIS_HASH };
}

/**
 * Writes a batch in one transaction. Returns the batch indices whose ids already existed: then
 * nothing was committed (the chain would have holes) and the caller retries without them.
 */
export async function writeBatch(
  pool: Pool,
  batch: readonly PendingEvent[],
  sampleRate: number,
): Promise<Set<number>> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw pgError('audit store write failed', error);
  }
  let broken = false;
  try {
    const head = await readHead(client);
    const { rows } = await client.query<{ id: string }>(
      INSERT,
      linkColumns(batch, head, sampleRate),
    );
    if (rows.length === batch.length) {
      await client.query('COMMIT');
      return new Set<number>();
    }
    await client.query('ROLLBACK');
    const inserted = new Set(rows.map((row) => row.id));
    const seen = new Set<string>();
    const duplicates = new Set<number>();
    batch.forEach(({ event }, index) => {
      // Within a batch the first occurrence is the one that would have been stored.
      if (!inserted.has(event.id) || seen.has(event.id)) duplicates.add(index);
      seen.add(event.id);
    });
    return duplicates;
  } catch (error) {
    broken = true;
    await client.query('ROLLBACK').catch(() => undefined);
    throw pgError('audit store write failed', error);
  } finally {
    client.release(broken);
  }
}
