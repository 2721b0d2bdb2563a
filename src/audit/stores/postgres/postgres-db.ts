/**
 * The connection pool behind the Postgres audit store, and driver errors turned into messages
 * that are safe to log: the URL carries a password and a server message can quote row values,
 * so only the SQLSTATE or socket error code is kept.
 */
import pg from 'pg';
import type { Pool, PoolClient } from 'pg';
import { isGatewayError } from '../../../errors.js';
import { migratePostgres } from './postgres-schema.js';

export interface PostgresPoolOptions {
  /** Schema to work in (search_path), e.g. one per test; default the role's default. */
  readonly schema?: string;
  readonly maxConnections?: number;
  readonly connectTimeoutMs?: number;
}

const INT8_OID = 20;

/**
 * seq and counts are bigint; pg returns them as strings unless told otherwise. They stay far
 * below 2^53 (that many audit events would be petabytes), so numbers are exact.
 */
function int8AsNumber(): pg.TypeOverrides {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8_OID, 'text', Number);
  return types;
}

function errorCode(cause: unknown): string {
  if (typeof cause === 'object' && cause !== null && 'code' in cause) {
    const code = cause.code;
    if (typeof code === 'string' && /^[A-Z0-9_]{1,32}$/u.test(code)) return code;
  }
  return 'unknown';
}

export function pgError(what: string, cause: unknown): Error {
  return new Error(`${what} (${errorCode(cause)})`, { cause });
}

/**
 * The store's own plain Errors (closed, refused purge, not found) pass through; driver errors
 * (they carry a code) get wrapped, and so does anything mentioning a URL, to be safe.
 */
export function asPgError(what: string, error: unknown): Error {
  if (isGatewayError(error)) return error;
  const own =
    error instanceof Error &&
    (error as { code?: unknown }).code === undefined &&
    !error.message.includes('://');
  return own ? error : pgError(what, error);
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/u;

/** Opens a pool, creates the schema if asked for one, and migrates. */
/**
 * Runs `work` in one REPEATABLE READ, READ ONLY transaction on a pooled client, so every query in
 * it sees the same snapshot (appends and purges by other replicas meanwhile stay invisible).
 */
export async function readSnapshot<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  let client: PoolClient;
  try {
    client = await pool.connect();
  } catch (error) {
    throw pgError('audit read failed', error);
  }
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw asPgError('audit read failed', error);
  } finally {
    client.release();
  }
}

export async function openPool(url: string, options: PostgresPoolOptions): Promise<Pool> {
  if (options.schema !== undefined && !SCHEMA_NAME.test(options.schema)) {
    throw new Error('audit schema name must be lower-case letters, digits and underscores');
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.maxConnections ?? 8,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    types: int8AsNumber(),
    ...(options.schema === undefined ? {} : { options: `-c search_path=${options.schema}` }),
  });
  // An idle connection dropped by the server emits on the pool; a checked-out one emits on its
  // client (pg emits 'error' even when the running query also rejects). Without a listener
  // either would crash the process. The query's caller gets the error; a broken client is
  // released as broken and the pool opens a new connection for the next query.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  let client: PoolClient | undefined;
  try {
    client = await pool.connect();
    await migratePostgres(client, options.schema);
    client.release();
    return pool;
  } catch (error) {
    client?.release(true);
    await pool.end().catch(() => undefined);
    throw asPgError('cannot open audit database', error);
  }
}
