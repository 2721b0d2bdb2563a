/** Reviewer sessions in the Postgres audit store (src/audit/session-types.ts), shared by replicas. */
import type { Pool } from 'pg';
import type { ReviewSessionStore, StoredSession } from '../../session-types.js';
import { asPgError } from './postgres-db.js';

interface SessionRow {
  readonly hash: string;
  readonly reviewer: string;
  // pg returns bigint columns as strings (they may exceed 2^53; epoch milliseconds do not).
  readonly created_at: string;
  readonly last_seen: string;
}

export class PostgresSessions implements ReviewSessionStore {
  constructor(
    private readonly pool: Pool,
    private readonly assertOpen: () => void,
  ) {}

  async putSession(s: StoredSession): Promise<void> {
    await this.query(
      'INSERT INTO review_sessions (hash, reviewer, created_at, last_seen) VALUES ($1, $2, $3, $4)',
      [s.hash, s.reviewer, s.createdAt, s.lastSeen],
    );
  }

  async getSession(hash: string): Promise<StoredSession | undefined> {
    const [row] = await this.query('SELECT * FROM review_sessions WHERE hash = $1', [hash]);
    return (
      row && {
        hash: row.hash,
        reviewer: row.reviewer,
        createdAt: Number(row.created_at),
        lastSeen: Number(row.last_seen),
      }
    );
  }

  async touchSession(hash: string, lastSeen: number): Promise<void> {
    // GREATEST: two replicas touching at once must not move last_seen backwards.
    await this.query(
      'UPDATE review_sessions SET last_seen = GREATEST(last_seen, $1) WHERE hash = $2',
      [lastSeen, hash],
    );
  }

  async deleteSession(hash: string): Promise<void> {
    await this.query('DELETE FROM review_sessions WHERE hash = $1', [hash]);
  }

  async purgeSessions(idleBefore: number, startedBefore: number): Promise<number> {
    this.assertOpen();
    try {
      const result = await this.pool.query(
        'DELETE FROM review_sessions WHERE last_seen < $1 OR created_at < $2',
        [idleBefore, startedBefore],
      );
      return result.rowCount ?? 0;
    } catch (error) {
      throw asPgError('review session query failed', error);
    }
  }

  private async query(text: string, values: (string | number)[]): Promise<SessionRow[]> {
    this.assertOpen();
    try {
      return (await this.pool.query<SessionRow>(text, values)).rows;
    } catch (error) {
      throw asPgError('review session query failed', error);
    }
  }
}
