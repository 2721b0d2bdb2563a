/**
 * The Redis connection behind shared rate limits and token budgets (PARAPET_REDIS_URL). A limit
 * that cannot be checked refuses the request (503 rate_limit_unavailable), and it must do so
 * quickly: node-redis by default queues commands while it reconnects and waits for replies
 * forever, so an outage used to hold every request for 40 s and more. Here commands are refused
 * at once while the connection is down (no offline queue) and time out when Redis accepts the
 * connection but does not answer; the client keeps reconnecting, so service returns by itself.
 */
import { createClient, TimeoutError, type RedisClientType } from 'redis';
import { GatewayError } from '../errors.js';
import type { Logger } from '../log.js';
import type { RedisCommand } from './rate-limit.js';

/** How long one command may take before the request is refused. */
export const REDIS_COMMAND_TIMEOUT_MS = 1000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5000;

export interface SharedRedis {
  /** One command, failing within the command timeout. */
  readonly command: RedisCommand;
  close(): Promise<void>;
}

export interface RedisOptions {
  readonly commandTimeoutMs?: number;
  readonly connectTimeoutMs?: number;
}

function newClient(url: string, options: RedisOptions, logger: Logger, connected: () => boolean) {
  const client: RedisClientType = createClient({
    url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      // Retry a lost connection (requests fail closed meanwhile), but not the first one.
      reconnectStrategy: (retries) =>
        connected() ? Math.min(retries * 200, 2000) : new Error('unreachable'),
    },
  });
  client.on('error', (error: unknown) => {
    logger.warn('redis error', { cause: error instanceof Error ? error.name : 'unknown' });
  });
  return client;
}

/** Connects at start, so a wrong PARAPET_REDIS_URL stops the process instead of failing requests. */
export async function connectRedis(
  url: string,
  logger: Logger,
  options: RedisOptions = {},
): Promise<SharedRedis> {
  let open = false;
  const connected = () => open;
  const timeout = options.commandTimeoutMs ?? REDIS_COMMAND_TIMEOUT_MS;
  const connectTimeout = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  let client = newClient(url, options, logger, connected);
  try {
    await client.connect();
  } catch (error) {
    throw new GatewayError('config_invalid', {
      detail: 'PARAPET_REDIS_URL: Redis is not reachable',
      cause: error,
    });
  }
  open = true;
  // node-redis keeps a socket that accepts commands and never answers (a partition, a stopped
  // peer), and a reconnect whose handshake went into the same void stays "connecting" forever.
  // So a timed-out command replaces the client at once, and a client still not ready one
  // connect timeout after a refused command is replaced too, until one gets through.
  let watchdog: NodeJS.Timeout | undefined;
  const replace = (stale: RedisClientType) => {
    if (!open || client !== stale) return;
    client = newClient(url, options, logger, connected);
    stale.destroy();
    client.connect().catch(() => undefined);
  };
  const suspect = (used: RedisClientType) => {
    if (watchdog !== undefined || used.isReady) return;
    watchdog = setTimeout(() => {
      watchdog = undefined;
      if (!used.isReady) replace(used);
    }, connectTimeout);
    watchdog.unref();
  };
  return {
    command: async (...args) => {
      const used = client;
      try {
        return await used.sendCommand(args, { timeout });
      } catch (error) {
        if (error instanceof TimeoutError) replace(used);
        else suspect(used);
        throw error;
      }
    },
    async close() {
      open = false;
      clearTimeout(watchdog);
      await client.close().catch(() => {
        client.destroy();
      });
    },
  };
}
