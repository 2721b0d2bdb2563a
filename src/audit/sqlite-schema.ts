/**
 * Versioned schema for the SQLite audit store. The applied version lives in `PRAGMA user_version`,
 * which SQLite writes inside the same transaction as the migration: a crash mid-migration leaves
 * the old version and the old schema, never a mix. Migrations are append-only — never edit one
 * that has shipped; add the next.
 */
import type { Database } from 'better-sqlite3';

interface Migration {
  readonly version: number;
  readonly sql: string;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    // `event` is the canonical JSON that was hashed, so `sha256(prev_hash || '\n' || event)` can
    // be checked with nothing but the sqlite3 shell. The other columns copy fields out of it for
    // the review queries; verify() checks that they still agree with it.
    sql: `
      CREATE TABLE audit_events (
        seq       INTEGER PRIMARY KEY,
        id        TEXT NOT NULL UNIQUE,
        time      TEXT NOT NULL,
        product   TEXT NOT NULL,
        key_id    TEXT,
        action    TEXT NOT NULL,
        route     TEXT NOT NULL,
        outcome   TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL,
        event     TEXT NOT NULL
      ) STRICT;
      CREATE INDEX audit_events_product_time ON audit_events (product, time);
      CREATE INDEX audit_events_action_time ON audit_events (action, time);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

function userVersion(db: Database): number {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new Error('audit database: unreadable user_version');
  return version;
}

/** Brings the schema to SCHEMA_VERSION; refuses a database written by a newer build. */
export function migrate(db: Database): void {
  // IMMEDIATE takes the write lock before reading the version, so two processes opening the same
  // new file cannot both run migration 1.
  const run = db.transaction(() => {
    const current = userVersion(db);
    if (current > SCHEMA_VERSION) {
      throw new Error(
        `audit database schema version ${current} is newer than this build supports (${SCHEMA_VERSION})`,
      );
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  });
  run.immediate();
}
