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
  {
    version: 2,
    // Review (issue 8). queued/flagged/fired are derived from the event at insert so the queue
    // is an index range, not a scan of JSON; verify() checks them against the event. Labels and
    // the per-decision label state live in their own tables: events are never edited. The
    // backfill queues old flagged or blocked events (sampling needs the store's rate: new ones).
    sql: `
      ALTER TABLE audit_events ADD COLUMN queued INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE audit_events ADD COLUMN flagged INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE audit_events ADD COLUMN fired TEXT NOT NULL DEFAULT '';
      UPDATE audit_events SET
        flagged = coalesce(json_extract(event, '$.flagged'), 0),
        fired = coalesce((SELECT group_concat(scanner, ',' ORDER BY scanner) FROM (
          SELECT DISTINCT json_extract(value, '$.scanner') AS scanner
          FROM json_each(event, '$.rules')
          WHERE json_extract(value, '$.action') <> 'allow' OR json_extract(value, '$.error') IS NOT NULL
        )), '');
      UPDATE audit_events SET queued = 1 WHERE flagged = 1 OR action = 'block';
      CREATE TABLE audit_event_scanners (
        seq     INTEGER NOT NULL,
        scanner TEXT NOT NULL,
        queued  INTEGER NOT NULL,
        PRIMARY KEY (seq, scanner)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO audit_event_scanners (seq, scanner, queued)
        SELECT e.seq, j.value, e.queued FROM audit_events e, json_each('["' || replace(e.fired, ',', '","') || '"]') j
        WHERE e.fired <> '';
      CREATE INDEX audit_event_scanners_queue ON audit_event_scanners (scanner, seq) WHERE queued = 1;
      CREATE INDEX audit_events_queue ON audit_events (seq) WHERE queued = 1;
      CREATE INDEX audit_events_queue_product ON audit_events (product, seq) WHERE queued = 1;
      CREATE INDEX audit_events_queue_action ON audit_events (action, seq) WHERE queued = 1;
      CREATE TABLE review_labels (
        n           INTEGER PRIMARY KEY,
        id          TEXT NOT NULL UNIQUE,
        seq         INTEGER NOT NULL,
        decision_id TEXT NOT NULL,
        verdict     TEXT NOT NULL CHECK (verdict IN ('correct', 'false_positive', 'missed')),
        note        TEXT,
        reviewer    TEXT NOT NULL,
        time        TEXT NOT NULL
      ) STRICT;
      CREATE INDEX review_labels_seq ON review_labels (seq, n);
      CREATE TABLE review_state (
        seq     INTEGER PRIMARY KEY,
        verdict TEXT NOT NULL,
        label_n INTEGER NOT NULL,
        labels  INTEGER NOT NULL
      ) STRICT;
      CREATE TABLE audit_anchor (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        seq       INTEGER NOT NULL,
        hash      TEXT NOT NULL,
        purged_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    // Hourly counters for the stats page, kept by the append transaction: aggregating a million
    // events took 17 s (npm run bench:audit), reading their counters takes milliseconds. Derived
    // data: the chain does not cover it, verify does not check it.
    sql: `
      CREATE TABLE audit_stats (
        hour      TEXT NOT NULL,
        product   TEXT NOT NULL,
        scanner   TEXT NOT NULL,
        decisions INTEGER NOT NULL,
        flagged   INTEGER NOT NULL,
        blocked   INTEGER NOT NULL,
        PRIMARY KEY (hour, product, scanner)
      ) STRICT, WITHOUT ROWID;
      INSERT INTO audit_stats
        SELECT substr(time, 1, 13), product, '*', count(*), sum(flagged),
          sum(CASE WHEN action = 'block' THEN 1 ELSE 0 END)
        FROM audit_events GROUP BY 1, 2;
      INSERT INTO audit_stats
        SELECT substr(e.time, 1, 13), e.product, s.scanner, count(*), sum(e.flagged),
          sum(CASE WHEN e.action = 'block' THEN 1 ELSE 0 END)
        FROM audit_event_scanners s JOIN audit_events e ON e.seq = s.seq GROUP BY 1, 2, 3;
    `,
  },
  {
    version: 4,
    // Reviewer sessions (issue 18 item 12), so a restart keeps reviewers signed in. Keyed by the
    // sha256 of the cookie value, never the value; times in epoch milliseconds. Not chained.
    sql: `
      CREATE TABLE review_sessions (
        hash       TEXT PRIMARY KEY,
        reviewer   TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        last_seen  INTEGER NOT NULL
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 5,
    // Checkpoints of the chain head (issue 18 item 8): the chain alone cannot show that its
    // newest events were deleted. Not chained; verify compares them with the chain, and a purge
    // deletes those its anchor covers. `mac` is null when no PARAPET_SECRET was set.
    sql: `
      CREATE TABLE audit_checkpoints (
        seq  INTEGER PRIMARY KEY,
        hash TEXT NOT NULL,
        time TEXT NOT NULL,
        mac  TEXT
      ) STRICT;
    `,
  },
  {
    version: 6,
    // Shadow adapters (issue 20): decisions where a product's adapter would have changed a
    // rule's verdict, counted like the other hourly counters. Older hours have none.
    sql: `
      ALTER TABLE audit_stats ADD COLUMN adapter_changes INTEGER NOT NULL DEFAULT 0;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.length;

function userVersion(db: Database): number {
  const version = db.pragma('user_version', { simple: true });
  if (typeof version !== 'number') throw new Error('audit database: unreadable user_version');
  return version;
}

/**
 * Brings the schema to SCHEMA_VERSION (or `target`, for tests of an upgrade); refuses a database
 * written by a newer build.
 */
export function migrate(db: Database, target = SCHEMA_VERSION): void {
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
      if (migration.version <= current || migration.version > target) continue;
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    }
  });
  run.immediate();
}
