/**
 * Linking and inserting one group-commit batch into SQLite. Runs inside the store's IMMEDIATE
 * transaction, so the head it reads cannot move under it.
 */
import type { Database } from 'better-sqlite3';
import { GENESIS_HASH, hashCanonical } from '../../hash-chain.js';
import { reviewColumns, statsDeltas } from '../review-queue.js';
import type { AuditEvent } from '../../types.js';

export interface PendingEvent {
  readonly event: AuditEvent;
  /** Canonical JSON, serialized when append() was called. */
  readonly json: string;
}

interface Head {
  readonly seq: number;
  readonly hash: string;
}

/** Returns a function that writes a batch and reports a per-event error (duplicate id) or none. */
export function prepareAppend(
  db: Database,
  sampleRate: number,
): (batch: readonly PendingEvent[]) => (Error | undefined)[] {
  const selectHead = db.prepare<[], Head>(
    'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1',
  );
  const insert = db.prepare<[Record<string, string | number | null>]>(
    `INSERT INTO audit_events
       (seq, id, time, product, key_id, action, route, outcome, prev_hash, hash, event,
        queued, flagged, fired)
     VALUES (@seq, @id, @time, @product, @keyId, @action, @route, @outcome, @prevHash, @hash,
        @event, @queued, @flagged, @fired)
     ON CONFLICT (id) DO NOTHING`,
  );
  const insertScanner = db.prepare<[number, string, number]>(
    'INSERT INTO audit_event_scanners (seq, scanner, queued) VALUES (?, ?, ?)',
  );
  const addStats = db.prepare<[string, string, string, number, number, number, number]>(
    `INSERT INTO audit_stats (hour, product, scanner, decisions, flagged, blocked, adapter_changes)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (hour, product, scanner) DO UPDATE SET decisions = decisions + excluded.decisions,
       flagged = flagged + excluded.flagged, blocked = blocked + excluded.blocked,
       adapter_changes = adapter_changes + excluded.adapter_changes`,
  );
  return (batch) => {
    const stored: { event: AuditEvent; scanners: readonly string[] }[] = [];
    const results = linkAll(batch, stored);
    for (const d of statsDeltas(stored)) {
      addStats.run(
        d.hour,
        d.product,
        d.scanner,
        d.decisions,
        d.flagged,
        d.blocked,
        d.adapterChanges,
      );
    }
    return results;
  };

  function linkAll(
    batch: readonly PendingEvent[],
    stored: { event: AuditEvent; scanners: readonly string[] }[],
  ): (Error | undefined)[] {
    const head = selectHead.get();
    // After a purge of everything the table is empty but the chain goes on from the anchor.
    const anchor = head ?? readAnchorRow(db);
    let seq = anchor?.seq ?? 0;
    let prevHash = anchor?.hash ?? GENESIS_HASH;
    return batch.map(({ event, json }) => {
      const hash = hashCanonical(prevHash, json);
      const review = reviewColumns(event, sampleRate);
      const { changes } = insert.run({
        seq: seq + 1,
        id: event.id,
        time: event.time,
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
      });
      if (changes === 0) return new Error('audit event id already exists');
      seq += 1;
      prevHash = hash;
      for (const scanner of review.scanners) insertScanner.run(seq, scanner, review.queued);
      stored.push({ event, scanners: review.scanners });
      return undefined;
    });
  }
}

export function readAnchorRow(db: Database): Head | undefined {
  return db.prepare<[], Head>('SELECT seq, hash FROM audit_anchor WHERE id = 1').get();
}
