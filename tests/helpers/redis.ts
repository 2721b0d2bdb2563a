/**
 * The local Redis for tests of shared limits (PARAPET_TEST_REDIS_URL, default 127.0.0.1:6379).
 * Tests skip with a message where none runs, so `npm test` passes without one.
 */
import { createClient, type RedisClientType } from 'redis';
import type { RedisCommand } from '../../src/server/rate-limit.js';

export const REDIS_URL = process.env.PARAPET_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A connected client, or undefined when no Redis answers within a second. */
export async function redisOrSkip(): Promise<RedisClientType | undefined> {
  const client: RedisClientType = createClient({
    url: REDIS_URL,
    socket: { connectTimeout: 1000, reconnectStrategy: false },
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return client;
  } catch {
    return undefined;
  }
}

/** node-redis replies are a wider union than rate-limit-redis declares; the commands it sends return numbers and strings. */
export const commandOf =
  (client: RedisClientType): RedisCommand =>
  (...args) =>
    client.sendCommand<Awaited<ReturnType<RedisCommand>>>(args);
