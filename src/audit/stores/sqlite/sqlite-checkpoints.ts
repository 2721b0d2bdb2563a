/**
 * Checkpoints of the chain head in SQLite (table audit_checkpoints, migration 5). Not part of
 * the chain: verify compares them with it (checkpoint-verify.ts).
 */
import type { Database } from 'better-sqlite3';
import { readAnchorRow } from './sqlite-append.js';
import { asStoreError } from './sqlite-db.js';
import type { ChainAnchor, ChainPositions, Checkpoint, CheckpointStore } from '../../types.js';

// Bound on host parameters per statement (SQLite's default limit is 32766).
const CHUNK = 500;

export class SqliteCheckpoints implements CheckpointStore {
  private readonly selectHead;
  private readonly insert;
  private readonly selectAll;

  constructor(
    private readonly db: Database,
    private readonly assertOpen: () => void,
  ) {
    this.selectHead = db.prepare<[], ChainAnchor>(
      'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1',
    );
    this.insert = db.prepare<[number, string, string, string | null]>(
      'INSERT INTO audit_checkpoints (seq, hash, time, mac) VALUES (?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING',
    );
    this.selectAll = db.prepare<[], Checkpoint>(
      'SELECT seq, hash, time, mac FROM audit_checkpoints ORDER BY seq',
    );
  }

  head(): Promise<ChainAnchor | undefined> {
    return this.run('audit read failed', () => this.selectHead.get());
  }

  save(checkpoint: Checkpoint): Promise<void> {
    return this.run('audit checkpoint failed', () => {
      this.insert.run(checkpoint.seq, checkpoint.hash, checkpoint.time, checkpoint.mac);
    });
  }

  list(): Promise<Checkpoint[]> {
    return this.run('audit read failed', () => this.selectAll.all());
  }

  positions(seqs: readonly number[]): Promise<ChainPositions> {
    return this.run('audit read failed', () => {
      const hashes = new Map<number, string>();
      for (let start = 0; start < seqs.length; start += CHUNK) {
        const chunk = seqs.slice(start, start + CHUNK);
        const rows = this.db
          .prepare<number[], { seq: number; hash: string }>(
            `SELECT seq, hash FROM audit_events WHERE seq IN (${chunk.map(() => '?').join(',')})`,
          )
          .all(...chunk);
        for (const row of rows) hashes.set(row.seq, row.hash);
      }
      // After the hashes: a purge deletes events and moves the anchor in one transaction.
      const anchor = readAnchorRow(this.db);
      const headSeq = this.selectHead.get()?.seq ?? anchor?.seq ?? 0;
      return { hashes, anchor, headSeq };
    });
  }

  private run<T>(what: string, work: () => T): Promise<T> {
    try {
      this.assertOpen();
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(asStoreError(what, error));
    }
  }
}
