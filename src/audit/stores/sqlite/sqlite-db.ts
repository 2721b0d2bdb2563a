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
