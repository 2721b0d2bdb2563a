/**
 * Checkpoints of the chain head in Postgres (table audit_checkpoints, migration 4). Replicas
 * share the table; two checkpoints of the same seq keep the first.
 */
import type { Pool } from 'pg';
import { asPgError, readSnapshot } from './postgres-db.js';
import { readAnchor } from './postgres-retention.js';
import type { ChainAnchor, ChainPositions, Checkpoint, CheckpointStore } from '../../types.js';

const HEAD = 'SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1';

export class PostgresCheckpoints implements CheckpointStore {
  constructor(
    private readonly pool: Pool,
    private readonly assertOpen: () => void,
  ) {}

  head(): Promise<ChainAnchor | undefined> {
    return this.run(
      'audit read failed',
      async () => (await this.pool.query<ChainAnchor>(HEAD)).rows[0],
    );
  }

  save(checkpoint: Checkpoint): Promise<void> {
    return this.run('audit checkpoint failed', async () => {
      await this.pool.query(
        'INSERT INTO audit_checkpoints (seq, hash, time, mac) VALUES ($1, $2, $3, $4) ON CONFLICT (seq) DO NOTHING',
        [checkpoint.seq, checkpoint.hash, checkpoint.time, checkpoint.mac],
      );
    });
  }

  list(): Promise<Checkpoint[]> {
    return this.run('audit read failed', async () => {
      const { rows } = await this.pool.query<Checkpoint>(
        'SELECT seq, hash, time, mac FROM audit_checkpoints ORDER BY seq',
      );
      return rows;
    });
  }

  /** One REPEATABLE READ snapshot: hashes, anchor and head agree with each other. */
  async positions(seqs: readonly number[]): Promise<ChainPositions> {
    this.assertOpen();
    return readSnapshot(this.pool, async (client) => {
      const { rows } = await client.query<{ seq: number; hash: string }>(
        'SELECT seq, hash FROM audit_events WHERE seq = ANY($1::bigint[])',
        [[...seqs]],
      );
      const anchor = await readAnchor(client);
      const head = (await client.query<ChainAnchor>(HEAD)).rows[0];
      return {
        hashes: new Map(rows.map((row) => [row.seq, row.hash])),
        anchor,
        headSeq: head?.seq ?? anchor?.seq ?? 0,
      };
    });
  }

  private async run<T>(what: string, work: () => Promise<T>): Promise<T> {
    this.assertOpen();
    try {
      return await work();
    } catch (error) {
      throw asPgError(what, error);
    }
  }
}
