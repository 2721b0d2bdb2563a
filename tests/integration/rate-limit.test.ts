/**
 * Per-key rate limits, in memory and shared through the local Redis (127.0.0.1:6379; skipped
 * with a message where none runs), with the openai SDK as the client.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { rejectsWith } from '../helpers/api-error.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { commandOf, REDIS_URL, redisOrSkip } from '../helpers/redis.js';

const ask = { model: 'gemma', messages: [{ role: 'user' as const, content: 'Hello' }] };
let up: FakeUpstream;
let backend: ChatBackend;
const gateways: TestGateway[] = [];

before(async () => {
  up = await startFakeUpstream();
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
});
after(async () => {
  for (const gw of gateways) await gw.close();
  await backend?.close();
  await up?.close();
});

describe('rate limits per key', () => {
  it('when a key goes over its limit, then 429 rate_limited with Retry-After, and other keys are unaffected', async () => {
    const gw = await startTestGateway({
      backend: { backend },
      products: ['acme', 'plain'],
      rateLimitPerMinute: 2,
    });
    gateways.push(gw);
    const acme = new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys.acme ?? '', maxRetries: 0 });
    await acme.chat.completions.create(ask);
    await acme.chat.completions.create(ask);
    await rejectsWith(acme.chat.completions.create(ask), 429, 'rate_limited');
    const raw = await fetch(`${gw.baseURL}/models`, {
      headers: { authorization: `Bearer ${gw.keys.acme ?? ''}` },
    });
    assert.equal(raw.status, 429);
    assert.ok(Number(raw.headers.get('retry-after')) >= 1);
    const plain = new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys.plain ?? '', maxRetries: 0 });
    assert.equal((await plain.chat.completions.create(ask)).choices[0]?.finish_reason, 'stop');
  });

  it('when two replicas share Redis, then the limit counts across both', async (t) => {
    const client = await redisOrSkip();
    if (!client) {
      t.skip(`no Redis at ${REDIS_URL}: start one to run the shared-limit test`);
      return;
    }
    try {
      const redis = commandOf(client);
      const a = await startTestGateway({
        backend: { backend },
        products: ['acme'],
        rateLimitPerMinute: 3,
        redis,
      });
      gateways.push(a);
      // Replica B reads the same keys file, so the key's id is counted in one Redis bucket.
      const b = await startTestGateway({
        backend: { backend },
        products: [],
        rateLimitPerMinute: 3,
        redis,
        keysFile: a.keysFile,
      });
      gateways.push(b);
      const key = a.keys.acme ?? '';
      const viaA = new OpenAI({ baseURL: a.baseURL, apiKey: key, maxRetries: 0 });
      const viaB = new OpenAI({ baseURL: b.baseURL, apiKey: key, maxRetries: 0 });
      await viaA.chat.completions.create(ask);
      await viaB.chat.completions.create(ask);
      await viaA.chat.completions.create(ask);
      await rejectsWith(viaB.chat.completions.create(ask), 429, 'rate_limited');
    } finally {
      await client.quit();
    }
  });

  it('when Redis stops answering, then requests are refused with 503, not let through', async (t) => {
    const client = await redisOrSkip();
    if (!client) {
      t.skip(`no Redis at ${REDIS_URL}`);
      return;
    }
    const redis = commandOf(client);
    const gw = await startTestGateway({
      backend: { backend },
      products: ['acme'],
      rateLimitPerMinute: 100,
      redis,
    });
    gateways.push(gw);
    const acme = new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys.acme ?? '', maxRetries: 0 });
    await acme.chat.completions.create(ask);
    client.destroy();
    await rejectsWith(acme.chat.completions.create(ask), 503, 'rate_limit_unavailable');
  });
});
