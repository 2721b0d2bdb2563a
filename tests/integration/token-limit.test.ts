/**
 * Token budgets per product (policy `limits.tokens_per_minute`), in memory and shared through the
 * local Redis (127.0.0.1:6379; skipped with a message where none runs), with the openai SDK.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import type { RedisCommand } from '../../src/server/rate-limit.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { commandOf, REDIS_URL, redisOrSkip } from '../helpers/redis.js';

const BUDGET = 40;
// A random product per run: Redis windows outlive a run, and runs must not share a budget.
const product = `budget-${randomBytes(4).toString('hex')}`;
const dir = mkdtempSync(join(tmpdir(), 'parapet-tpm-'));
// Echo upstream: "Hello there" is 3 prompt tokens + 4 completion words ("You said: Hello there").
const ask = { model: 'gemma', messages: [{ role: 'user' as const, content: 'Hello there' }] };
const TOKENS_PER_ASK = 3 + 4;
let up: FakeUpstream;
let backend: ChatBackend;
const gateways: TestGateway[] = [];

before(async () => {
  writeFileSync(
    join(dir, `${product}.yaml`),
    `product: ${product}\nversion: 1\nlimits:\n  tokens_per_minute: ${BUDGET}\n`,
  );
  writeFileSync(join(dir, 'unlimited.yaml'), 'product: unlimited\nversion: 1\n');
  up = await startFakeUpstream();
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
});
after(async () => {
  for (const gw of gateways) await gw.close();
  await backend?.close();
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function gateway(options: { redis?: RedisCommand; keysFile?: string } = {}) {
  const gw = await startTestGateway({
    backend: { backend },
    products: options.keysFile ? [] : [product, 'unlimited'],
    policiesDir: dir,
    ...options,
  });
  gateways.push(gw);
  return gw;
}

/** Counting happens in one-minute windows: do not start a test in a window's last seconds. */
async function awayFromWindowEnd(): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000);
  if (left < 8_000) await new Promise((resolve) => setTimeout(resolve, left + 100));
}

/** Asks until refused; returns the tokens used before the refusal and the refusal. */
async function spendUntilRefused(clients: readonly OpenAI[]) {
  let used = 0;
  for (let i = 0; i < 50; i++) {
    const client = clients[i % clients.length] as OpenAI;
    try {
      const reply = await client.chat.completions.create(ask);
      used += (reply.usage?.prompt_tokens ?? 0) + (reply.usage?.completion_tokens ?? 0);
    } catch (error) {
      return { used, error };
    }
  }
  return { used, error: undefined };
}

function assertRefused(error: unknown, used: number): void {
  assert.ok(error instanceof OpenAI.APIError, `expected a refusal, got ${String(error)}`);
  assert.equal(error.status, 429);
  assert.equal(error.code, 'token_limit_exceeded');
  const retryAfter = Number((error.headers as Headers | undefined)?.get('retry-after'));
  assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
  // Admitted while under budget; the request that crossed the line finished.
  assert.ok(used >= BUDGET && used < BUDGET + TOKENS_PER_ASK, `used ${used}`);
}

describe('token budgets per product', () => {
  it('when a product spends its tokens for the minute, then 429 token_limit_exceeded, and other products are unaffected', async () => {
    await awayFromWindowEnd();
    const gw = await gateway();
    const client = new OpenAI({
      baseURL: gw.baseURL,
      apiKey: gw.keys[product] ?? '',
      maxRetries: 0,
    });

    const { used, error } = await spendUntilRefused([client]);

    assertRefused(error, used);
    const guard = await fetch(`${gw.baseURL}/guard`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${gw.keys[product] ?? ''}`,
      },
      body: JSON.stringify({ text: 'Guard spends no model tokens' }),
    });
    assert.equal(guard.status, 200);
    const other = new OpenAI({
      baseURL: gw.baseURL,
      apiKey: gw.keys.unlimited ?? '',
      maxRetries: 0,
    });
    for (let i = 0; i < 8; i++) await other.chat.completions.create(ask);
  });

  it('when streamed replies spend the budget, then their tokens count too', async () => {
    await awayFromWindowEnd();
    const gw = await gateway();
    const client = new OpenAI({
      baseURL: gw.baseURL,
      apiKey: gw.keys[product] ?? '',
      maxRetries: 0,
    });
    let streams = 0;
    let refusal: unknown;

    for (; streams < 20 && refusal === undefined; streams++) {
      try {
        const stream = await client.chat.completions.create({ ...ask, stream: true });
        for await (const chunk of stream) assert.ok(chunk.id);
      } catch (error) {
        refusal = error;
      }
    }

    assert.ok(refusal instanceof OpenAI.APIError && refusal.code === 'token_limit_exceeded');
    assert.equal(
      streams - 1,
      Math.ceil(BUDGET / TOKENS_PER_ASK),
      'streams admitted before the refusal',
    );
  });

  it('when two replicas share Redis, then the budget counts across both', async (t) => {
    const client = await redisOrSkip();
    if (!client) {
      t.skip(`no Redis at ${REDIS_URL}: start one to run the shared-budget test`);
      return;
    }
    try {
      await awayFromWindowEnd();
      const redis = commandOf(client);
      const a = await gateway({ redis });
      const b = await gateway({ redis, keysFile: a.keysFile });
      const key = a.keys[product] ?? '';
      const viaA = new OpenAI({ baseURL: a.baseURL, apiKey: key, maxRetries: 0 });
      const viaB = new OpenAI({ baseURL: b.baseURL, apiKey: key, maxRetries: 0 });

      const { used, error } = await spendUntilRefused([viaA, viaB]);

      assertRefused(error, used);
      await assert.rejects(viaA.chat.completions.create(ask), { status: 429 });
    } finally {
      client.destroy();
    }
  });

  it('when Redis stops answering, then budgeted products are refused with 503 and others still served', async (t) => {
    const client = await redisOrSkip();
    if (!client) {
      t.skip(`no Redis at ${REDIS_URL}`);
      return;
    }
    const redis = commandOf(client);
    const gw = await gateway({ redis });
    client.destroy();
    const budgeted = new OpenAI({
      baseURL: gw.baseURL,
      apiKey: gw.keys[product] ?? '',
      maxRetries: 0,
    });
    const other = new OpenAI({
      baseURL: gw.baseURL,
      apiKey: gw.keys.unlimited ?? '',
      maxRetries: 0,
    });

    await assert.rejects(budgeted.chat.completions.create(ask), {
      status: 503,
      code: 'rate_limit_unavailable',
    });
    assert.equal((await other.chat.completions.create(ask)).choices[0]?.finish_reason, 'stop');
  });
});
