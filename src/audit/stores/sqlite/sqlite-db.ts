/**
 * Opening the SQLite file the audit store lives in, and turning driver errors into plain Errors
 * whose message is safe to log: SQLite's code (e.g. SQLITE_BUSY) says what to do about it.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import Sqlite from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { migrate } from './sqlite-schema.js';

export function storeError(what: string, cause: unknown): Error {
  const code = cause instanceof Sqlite.SqliteError ? cause.code : 'unknown';
  return new Error(`${what} (${code})`, { cause });
}

/** Driver errors get wrapped; the store's own plain Errors (closed, corrupt row) pass through. */
export function asStoreError(what: string, error: unknown): Error {
  return error instanceof Error && !(error instanceof Sqlite.SqliteError)
    ? error
    : storeError(what, error);
}

/** Creates the parent directory, sets the pragmas and brings the schema up to date. */
export function openDatabase(path: string, busyTimeoutMs: number): Database {
  let db: Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(resolvePath(path)), { recursive: true });
    db = new Sqlite(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw storeError('cannot open audit database', error);
  }
  try {
    // WAL lets `parapet audit verify/export` read while the gateway writes; NORMAL syncs only at
    // checkpoints, which is what makes a commit cheap enough for the request path.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
    migrate(db);
  } catch (error) {
    db.close();
    throw asStoreError('cannot open audit database', error);
  }
  return db;
}

/**
 * A write probe for /readyz: in WAL mode reads succeed while another connection holds the write
 * lock, so only taking that lock (and giving it back) tells whether appends can work. No waiting
 * for the lock: better-sqlite3 is synchronous and a busy wait would stall the event loop.
 */
export function canTakeWriteLock(db: Database): boolean {
  const busy = db.pragma('busy_timeout', { simple: true }) as number;
  try {
    db.pragma('busy_timeout = 0');
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return true;
  } catch {
    return false;
  } finally {
    db.pragma(`busy_timeout = ${busy}`);
  }
}
