/**
 * Redis outages (issue 18 item 2): shared rate limits reach Redis through a TCP proxy that can
 * refuse connections or accept them and never answer (a partition). Requests must be refused at
 * once with 503 rate_limit_unavailable rather than hang while node-redis reconnects, /readyz
 * must say not ready, and both must recover without a restart when Redis is back.
 * Skips when no local Redis answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import winston from 'winston';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { connectRedis, type SharedRedis } from '../../src/server/redis-client.js';
import { rejectsWith } from '../helpers/api-error.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { REDIS_URL, redisOrSkip } from '../helpers/redis.js';
import { until } from '../helpers/until.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const probe = await redisOrSkip();
await probe?.close();
const skip = probe ? undefined : `no Redis at ${REDIS_URL}: start one to run the outage tests`;
if (skip !== undefined) process.stdout.write(`${skip}\n`);
const ask = { model: 'gemma', messages: [{ role: 'user' as const, content: 'Hello' }] };
let up: FakeUpstream;
let backend: ChatBackend;
let proxy: TcpProxy;
let redis: SharedRedis;
let gw: TestGateway;

before(async () => {
  if (skip !== undefined) return;
  up = await startFakeUpstream();
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
  proxy = await startTcpProxy(Number(new URL(REDIS_URL).port || 6379), new URL(REDIS_URL).hostname);
  const logger = winston.createLogger({ silent: true });
  redis = await connectRedis(`redis://127.0.0.1:${proxy.port}`, logger, {
    commandTimeoutMs: 300,
    connectTimeoutMs: 500,
  });
  gw = await startTestGateway({
    backend: { backend },
    products: ['acme'],
    rateLimitPerMinute: 10_000,
    redis: redis.command,
  });
});

after(async () => {
  await gw?.close();
  await redis?.close();
  await proxy?.close();
  await backend?.close();
  await up?.close();
});

async function readyz(): Promise<{ status: number; redis: boolean | undefined }> {
  const res = await fetch(`${gw.url}/readyz`);
  const body = (await res.json()) as { checks: { redis?: { ok: boolean } } };
  return { status: res.status, redis: body.checks.redis?.ok };
}

async function servedAgain(client: OpenAI): Promise<boolean> {
  try {
    await client.chat.completions.create(ask);
    return true;
  } catch {
    return false;
  }
}

void describe('Redis outage with shared rate limits', { skip }, () => {
  for (const outage of ['refuse', 'blackhole'] as const) {
    void it(`when Redis ${outage === 'refuse' ? 'refuses connections' : 'stops answering'}, then requests are refused with 503 rate_limit_unavailable instead of hanging, /readyz is 503, and both recover`, async () => {
      // A hang shows up as the SDK's own timeout (APIConnectionTimeoutError), not as a 503.
      const client = new OpenAI({
        apiKey: gw.keys.acme ?? '',
        baseURL: gw.baseURL,
        maxRetries: 0,
        timeout: 10_000,
      });
      await client.chat.completions.create(ask);
      assert.deepEqual(await readyz(), { status: 200, redis: true });
      proxy.down(outage);
      await rejectsWith(client.chat.completions.create(ask), 503, 'rate_limit_unavailable');
      await rejectsWith(client.chat.completions.create(ask), 503, 'rate_limit_unavailable');
      assert.deepEqual(await readyz(), { status: 503, redis: false });
      proxy.up();
      await until('requests to be served again', () => servedAgain(client));
      await until('/readyz to say ready', async () => (await readyz()).status === 200);
    });
  }
});
