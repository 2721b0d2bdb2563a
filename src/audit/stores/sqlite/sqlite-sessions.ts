/** Reviewer sessions in the SQLite audit store (src/audit/session-types.ts). */
import type { Database, Statement } from 'better-sqlite3';
import type { ReviewSessionStore, StoredSession } from '../../session-types.js';
import { asStoreError } from './sqlite-db.js';

interface SessionRow {
  readonly hash: string;
  readonly reviewer: string;
  readonly created_at: number;
  readonly last_seen: number;
}

export class SqliteSessions implements ReviewSessionStore {
  private readonly insert: Statement<[string, string, number, number]>;
  private readonly select: Statement<[string], SessionRow>;
  private readonly touch: Statement<[number, string]>;
  private readonly remove: Statement<[string]>;
  private readonly purge: Statement<[number, number]>;

  constructor(
    db: Database,
    private readonly assertOpen: () => void,
  ) {
    this.insert = db.prepare(
      'INSERT INTO review_sessions (hash, reviewer, created_at, last_seen) VALUES (?, ?, ?, ?)',
    );
    this.select = db.prepare('SELECT * FROM review_sessions WHERE hash = ?');
    this.touch = db.prepare('UPDATE review_sessions SET last_seen = ? WHERE hash = ?');
    this.remove = db.prepare('DELETE FROM review_sessions WHERE hash = ?');
    this.purge = db.prepare('DELETE FROM review_sessions WHERE last_seen < ? OR created_at < ?');
  }

  putSession(s: StoredSession): Promise<void> {
    return this.guard(() => {
      this.insert.run(s.hash, s.reviewer, s.createdAt, s.lastSeen);
    });
  }

  getSession(hash: string): Promise<StoredSession | undefined> {
    return this.guard(() => {
      const row = this.select.get(hash);
      return (
        row && {
          hash: row.hash,
          reviewer: row.reviewer,
          createdAt: row.created_at,
          lastSeen: row.last_seen,
        }
      );
    });
  }

  touchSession(hash: string, lastSeen: number): Promise<void> {
    return this.guard(() => {
      this.touch.run(lastSeen, hash);
    });
  }

  deleteSession(hash: string): Promise<void> {
    return this.guard(() => {
      this.remove.run(hash);
    });
  }

  purgeSessions(idleBefore: number, startedBefore: number): Promise<number> {
    return this.guard(() => this.purge.run(idleBefore, startedBefore).changes);
  }

  /** Runs synchronously, turning a throw into a rejection with a log-safe message. */
  private guard<T>(run: () => T): Promise<T> {
    try {
      this.assertOpen();
      return Promise.resolve(run());
    } catch (error) {
      return Promise.reject(asStoreError('review session query failed', error));
    }
  }
}
