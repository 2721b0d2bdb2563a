/**
 * SQLite-specific test plumbing: throwaway database files and a second raw connection, which is
 * how the tests play an attacker (or another process) touching the file behind the store's back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { openSqliteAuditStore, type SqliteAuditStoreOptions } from './sqlite-store.js';
import { makeEvent } from '../../test-events.js';
import type { AuditEvent, AuditStore } from '../../types.js';

/** A temp directory per test file; `path()` hands out a fresh database path inside it. */
export function tempDatabases(): { path: () => string; dir: () => string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'parapet-audit-'));
  let counter = 0;
  return {
    path: () => {
      counter += 1;
      return join(root, `store-${counter}`, 'audit.db');
    },
    dir: () => root,
    cleanup: () => {
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export interface FilledStore {
  readonly store: AuditStore;
  /** A second connection to the same file. */
  readonly raw: Sqlite.Database;
  readonly events: AuditEvent[];
  readonly path: string;
}

/** A store at `path` holding `count` fresh events. */
export async function filledStore(
  path: string,
  count: number,
  options: SqliteAuditStoreOptions = {},
): Promise<FilledStore> {
  const store = openSqliteAuditStore(path, options);
  const events = Array.from({ length: count }, () => makeEvent());
  await Promise.all(events.map((event) => store.append(event)));
  return { store, raw: new Sqlite(path), events, path };
}

export function rowCount(raw: Sqlite.Database): number {
  const row = raw.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number };
  return row.n;
}
