/**
 * Retention for the SQLite store: delete the oldest events in chunks, each chunk one IMMEDIATE
 * transaction that also moves the anchor, so the chain is verifiable after every chunk and the
 * event loop is never blocked for the whole purge.
 */
import type { Database } from 'better-sqlite3';
import { readAnchorRow } from './sqlite-append.js';
import { normalizeSince } from './sqlite-rows.js';
import type { ChainAnchor, PurgeReport } from '../../types.js';

export const PURGE_CHUNK = 5000;

interface OldRow {
  readonly seq: number;
  readonly time: string;
  readonly hash: string;
}

/**
 * The purgeable prefix of `rows` (ordered by seq from the anchor on): events older than the
 * cutoff, stopping at the first newer one. A gap in seq means rows were deleted behind the
 * store's back; purging over it would hide that from verify, so it refuses.
 */
export function purgeablePrefix(
  rows: readonly OldRow[],
  afterSeq: number,
  cutoff: string,
): OldRow[] {
  const prefix: OldRow[] = [];
  let expected = afterSeq + 1;
  for (const row of rows) {
    if (row.time >= cutoff) break;
    if (row.seq !== expected) {
      throw new Error(`audit purge refused: seq ${expected} is missing; run parapet audit verify`);
    }
    prefix.push(row);
    expected += 1;
  }
  return prefix;
}

export function prepareSqlitePurge(
  db: Database,
): (before: string, assertOpen: () => void) => Promise<PurgeReport> {
  const selectOld = db.prepare<[number, number], OldRow>(
    'SELECT seq, time, hash FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?',
  );
  const deletes = [
    'DELETE FROM review_labels WHERE seq <= ?',
    'DELETE FROM review_state WHERE seq <= ?',
    'DELETE FROM audit_event_scanners WHERE seq <= ?',
    'DELETE FROM audit_events WHERE seq <= ?',
    // Verify skips checkpoints the anchor covers; deleting them keeps the table bounded.
    'DELETE FROM audit_checkpoints WHERE seq <= ?',
  ].map((sql) => db.prepare<[number]>(sql));
  // Counters of hours that ended before the last purged event go with their events.
  const deleteStats = db.prepare<[string]>('DELETE FROM audit_stats WHERE hour < ?');
  const setAnchor = db.prepare<[number, string, string]>(
    `INSERT INTO audit_anchor (id, seq, hash, purged_at) VALUES (1, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash,
       purged_at = excluded.purged_at`,
  );
  const chunk = db.transaction((cutoff: string): { purged: number; more: boolean } => {
    const after = readAnchorRow(db)?.seq ?? 0;
    const rows = selectOld.all(after, PURGE_CHUNK);
    const prefix = purgeablePrefix(rows, after, cutoff);
    const last = prefix.at(-1);
    if (last === undefined) return { purged: 0, more: false };
    for (const statement of deletes) statement.run(last.seq);
    deleteStats.run(last.time.slice(0, 13));
    setAnchor.run(last.seq, last.hash, new Date().toISOString());
    return { purged: prefix.length, more: prefix.length === PURGE_CHUNK };
  });
  return async (before, assertOpen) => {
    const cutoff = normalizeSince(before);
    let purged = 0;
    for (;;) {
      assertOpen();
      const step = chunk.immediate(cutoff);
      purged += step.purged;
      if (!step.more) break;
      await new Promise((resolve) => setImmediate(resolve));
    }
    const anchor: ChainAnchor | undefined = readAnchorRow(db);
    return { purged, anchor: anchor ?? null };
  };
}
