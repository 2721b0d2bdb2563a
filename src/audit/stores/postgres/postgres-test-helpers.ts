/**
 * Postgres test plumbing: the local test database (127.0.0.1:5432, database `test`, trust auth;
 * PARAPET_TEST_POSTGRES overrides), a fresh schema per store so tests never see each other's
 * rows, and a skip reason when no server answers.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgresAuditStore, type PostgresAuditStoreOptions } from './postgres-store.js';
import { trackCleanups, type StoreHarness } from '../store-cases.js';

export const TEST_POSTGRES_URL =
  process.env.PARAPET_TEST_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Undefined when the test database answers; otherwise a message saying why tests skip. */
export async function postgresSkipReason(): Promise<string | undefined> {
  const client = new pg.Client({
    connectionString: TEST_POSTGRES_URL,
    connectionTimeoutMillis: 2000,
  });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return `Postgres is not reachable at 127.0.0.1:5432/test (${typeof code === 'string' ? code : 'error'}); set PARAPET_TEST_POSTGRES or start it (.ci/run does)`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function freshSchema(): string {
  return `parapet_test_${randomBytes(6).toString('hex')}`;
}

/** A raw connection working in `schema`, for tampering and clean-up. */
export async function rawClient(schema: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: TEST_POSTGRES_URL,
    options: `-c search_path=${schema}`,
  });
  await client.connect();
  return client;
}

export async function dropSchema(schema: string): Promise<void> {
  const client = await rawClient(schema);
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

export function postgresHarness(skip: string | undefined): StoreHarness {
  return {
    name: 'Postgres store',
    skip,
    ...trackCleanups(async (options: PostgresAuditStoreOptions) => {
      const schema = freshSchema();
      const store = await openPostgresAuditStore(TEST_POSTGRES_URL, { ...options, schema });
      const raw = await rawClient(schema);
      return {
        store,
        exec: async (sql: string) => {
          await raw.query(sql);
        },
        cleanup: async () => {
          await store.close();
          await raw.end();
          await dropSchema(schema);
        },
      };
    }),
  };
}
