/**
 * Retention for the Postgres store: chunked deletes from the tail of the chain, each chunk one
 * transaction that also moves the anchor. A purge lock (not the chain lock) keeps two replicas'
 * purges apart without stalling appends, which only touch the head.
 */
import type { Pool, PoolClient } from 'pg';
import { pgError } from './postgres-db.js';
import { lockSql } from './postgres-schema.js';
import { normalizeSince } from '../sqlite/sqlite-rows.js';
import { PURGE_CHUNK, purgeablePrefix } from '../sqlite/sqlite-retention.js';
import type { ChainAnchor, PurgeReport } from '../../types.js';

// Counters of hours that ended before the last purged event ($2) go with their events.
const DELETE_UPTO = `WITH l AS (DELETE FROM review_labels WHERE seq <= $1),
    st AS (DELETE FROM review_state WHERE seq <= $1),
    sc AS (DELETE FROM audit_event_scanners WHERE seq <= $1),
    c AS (DELETE FROM audit_stats WHERE hour < $2),
    k AS (DELETE FROM audit_checkpoints WHERE seq <= $1)
  DELETE FROM audit_events WHERE seq <= $1`;

const SET_ANCHOR = `INSERT INTO audit_anchor (id, seq, hash, purged_at) VALUES (1, $1, $2, $3)
  ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,
    purged_at = excluded.purged_at`;

export async function readAnchor(client: Pool | PoolClient): Promise<ChainAnchor | undefined> {
  const { rows } = await client.query<ChainAnchor>(
    'SELECT seq, hash FROM audit_anchor WHERE id = 1',
  );
  return rows[0];
}

/** One chunk in its own transaction; throws (rolled back) when the range has a gap. */
async function purgeChunk(client: PoolClient, cutoff: string): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query(lockSql('purge'));
    const after = (await readAnchor(client))?.seq ?? 0;
    const { rows } = await client.query<{ seq: number; time: string; hash: string }>(
      'SELECT seq, time, hash FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2',
      [after, PURGE_CHUNK],
    );
    const prefix = purgeablePrefix(rows, after, cutoff);
    const last = prefix.at(-1);
    if (last !== undefined) {
      await client.query(DELETE_UPTO, [last.seq, last.time.slice(0, 13)]);
      await client.query(SET_ANCHOR, [last.seq, last.hash, new Date().toISOString()]);
    }
    await client.query('COMMIT');
    return prefix.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

export async function purgePostgres(
  pool: Pool,
  before: string,
  assertOpen: () => void,
): Promise<PurgeReport> {
  const cutoff = normalizeSince(before);
  assertOpen();
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw pgError('audit purge failed', error);
  }
  try {
    let purged = 0;
    for (;;) {
      assertOpen();
      const count = await purgeChunk(client, cutoff);
      purged += count;
      if (count < PURGE_CHUNK) break;
    }
    return { purged, anchor: (await readAnchor(client)) ?? null };
  } finally {
    client.release();
  }
}
