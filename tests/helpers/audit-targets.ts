/**
 * An audit store as the CLI tests reach it: the spec `parapet` is given (PARAPET_AUDIT) and raw
 * SQL on the same database, behind the store's back (to edit, delete or forge rows).
 */
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import {
  TEST_POSTGRES_URL,
  freshSchema,
} from '../../src/audit/stores/postgres/postgres-test-helpers.js';

export interface AuditTarget {
  readonly spec: string;
  /** Raw SQL on the store's database, behind its back. */
  readonly exec: (sql: string) => Promise<void>;
}

/** Returns a new SQLite file under `dir` on each call. */
export function sqliteTargets(dir: string): () => Promise<AuditTarget> {
  let counter = 0;
  return () => {
    counter += 1;
    const path = join(dir, `audit-${counter}.sqlite`);
    return Promise.resolve({
      spec: `sqlite:${path}`,
      exec: (sql) => {
        const raw = new Sqlite(path);
        raw.exec(sql);
        raw.close();
        return Promise.resolve();
      },
    });
  };
}

/**
 * A fresh schema in the local test Postgres on each call, named in `schemas` for the caller to
 * drop. The gateway's own URL form: the schema is chosen with libpq's `options` parameter.
 */
export function postgresTargets(schemas: string[]): () => Promise<AuditTarget> {
  return async () => {
    const schema = freshSchema();
    schemas.push(schema);
    const url = new URL(TEST_POSTGRES_URL);
    url.searchParams.set('options', `-c search_path=${schema}`);
    const exec = async (sql: string) => {
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      await client.query(sql);
      await client.end();
    };
    await exec(`CREATE SCHEMA ${schema}`);
    return { spec: url.toString(), exec };
  };
}
