/**
 * Versioned schema for the Postgres audit store. Applied versions are rows of schema_migrations;
 * each migration runs in one transaction with its row (Postgres DDL is transactional), under an
 * advisory lock, so replicas starting together apply it once. Append-only: never edit a
 * migration that has shipped; add the next.
 *
 * The tables mirror the SQLite store's (text times in Date#toISOString form, 0/1 smallint flags)
 * so the review SQL (review-sql.ts) is shared. `event` is text, not jsonb: it is the exact
 * canonical JSON that was hashed, which jsonb would re-serialize.
 */
import type { PoolClient } from 'pg';

interface Migration {
  readonly version: number;
  readonly sql: string;
}

const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE audit_events (
        seq       bigint PRIMARY KEY,
        id        text NOT NULL UNIQUE,
        time      text NOT NULL,
        product   text NOT NULL,
        key_id    text,
        action    text NOT NULL,
        route     text NOT NULL,
        outcome   text NOT NULL,
        prev_hash text NOT NULL,
        hash      text NOT NULL,
        event     text NOT NULL,
        queued    smallint NOT NULL,
        flagged   smallint NOT NULL,
        fired     text NOT NULL
      );
      CREATE INDEX audit_events_product_time ON audit_events (product, time);
      CREATE INDEX audit_events_action_time ON audit_events (action, time);
      CREATE INDEX audit_events_queue ON audit_events (seq) WHERE queued = 1;
      CREATE INDEX audit_events_queue_product ON audit_events (product, seq) WHERE queued = 1;
      CREATE INDEX audit_events_queue_action ON audit_events (action, seq) WHERE queued = 1;
      CREATE TABLE audit_event_scanners (
        seq     bigint NOT NULL,
        scanner text NOT NULL,
        queued  smallint NOT NULL,
        PRIMARY KEY (seq, scanner)
      );
      CREATE INDEX audit_event_scanners_queue ON audit_event_scanners (scanner, seq)
        WHERE queued = 1;
      CREATE TABLE review_labels (
        n           bigserial PRIMARY KEY,
        id          text NOT NULL UNIQUE,
        seq         bigint NOT NULL,
        decision_id text NOT NULL,
        verdict     text NOT NULL CHECK (verdict IN ('correct', 'false_positive', 'missed')),
        note        text,
        reviewer    text NOT NULL,
        time        text NOT NULL
      );
      CREATE INDEX review_labels_seq ON review_labels (seq, n);
      CREATE TABLE review_state (
        seq     bigint PRIMARY KEY,
        verdict text NOT NULL,
        label_n bigint NOT NULL,
        labels  integer NOT NULL
      );
      CREATE TABLE audit_anchor (
        id        smallint PRIMARY KEY CHECK (id = 1),
        seq       bigint NOT NULL,
        hash      text NOT NULL,
        purged_at text NOT NULL
      );
    `,
  },
  {
    version: 2,
    // Hourly counters for the stats page, kept by the append transaction (see the SQLite
    // store's migration 3). Derived data: the chain does not cover it.
    sql: `
      CREATE TABLE audit_stats (
        hour      text NOT NULL,
        product   text NOT NULL,
        scanner   text NOT NULL,
        decisions bigint NOT NULL,
        flagged   bigint NOT NULL,
        blocked   bigint NOT NULL,
        PRIMARY KEY (hour, product, scanner)
      );
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
    version: 3,
    // Reviewer sessions (see the SQLite store's migration 4): shared by replicas, so the review
    // UI needs no sticky routing.
    sql: `
      CREATE TABLE review_sessions (
        hash       text PRIMARY KEY,
        reviewer   text NOT NULL,
        created_at bigint NOT NULL,
        last_seen  bigint NOT NULL
      );
    `,
  },
  {
    version: 4,
    // Checkpoints of the chain head (see the SQLite store's migration 5).
    sql: `
      CREATE TABLE audit_checkpoints (
        seq  bigint PRIMARY KEY,
        hash text NOT NULL,
        time text NOT NULL,
        mac  text
      );
    `,
  },
  {
    version: 5,
    // Shadow adapters' would-be changes per hour (see the SQLite store's migration 6).
    sql: `
      ALTER TABLE audit_stats ADD COLUMN adapter_changes bigint NOT NULL DEFAULT 0;
    `,
  },
];

export const PG_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Advisory lock keys: a fixed class id and the current schema's hash, so stores in different
 * schemas of one database (tests, tenants) do not wait for each other.
 */
export function lockSql(purpose: 'chain' | 'purge'): string {
  return `SELECT pg_advisory_xact_lock(hashtext('parapet.audit.${purpose}'), hashtext(current_schema()))`;
}

/** One key for the whole database: the schema may not exist yet, and migrations are rare. */
const MIGRATE_LOCK = "SELECT pg_advisory_xact_lock(hashtext('parapet.audit.migrate'))";

/**
 * Brings the schema to PG_SCHEMA_VERSION (creating `schema` first when given); refuses a
 * database written by a newer build.
 */
export async function migratePostgres(client: PoolClient, schema?: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(MIGRATE_LOCK);
    // The name was checked by the caller (identifier characters only).
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    integer PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM schema_migrations',
    );
    const current = rows[0]?.version ?? 0;
    if (current > PG_SCHEMA_VERSION) {
      throw new Error(
        `audit database schema version ${current} is newer than this build supports (${PG_SCHEMA_VERSION})`,
      );
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [
        migration.version,
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
