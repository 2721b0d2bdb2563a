/**
 * Retries of the OpenAI-compatible backend through the gateway, with the openai SDK as the client
 * (its own retries off, so ours are what is tested): refused or dropped connections and 502/503
 * are retried a bounded number of times; a 500, or a failure after tokens were streamed, is not.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { backoffMs } from '../../src/backends/upstream-retry.js';
import { loadConfig } from '../../src/config.js';
import { rejectsWith } from '../helpers/api-error.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const ask = { model: 'gemma', messages: [{ role: 'user' as const, content: 'Hello there' }] };
let up: FakeUpstream;
let backend: ChatBackend;
let gw: TestGateway;
let client: OpenAI;

const chatRequests = () => up.requests.filter((r) => r.path === '/v1/chat/completions').length;

before(async () => {
  up = await startFakeUpstream();
  backend = createOpenAIBackend({
    url: up.url,
    model: up.model,
    timeoutMs: 5000,
    retry: { retries: 2, baseDelayMs: 20 },
  });
  gw = await startTestGateway({ backend: { backend }, products: ['plain'] });
  client = new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys.plain ?? '', maxRetries: 0 });
});
after(async () => {
  await gw?.close();
  await backend?.close();
  await up?.close();
});

describe('upstream retries', () => {
  it('when the upstream answers 503 then 502, then the third attempt answers the client', async () => {
    const before = chatRequests();
    up.script({ kind: 'status', status: 503 }, { kind: 'status', status: 502 });

    const reply = await client.chat.completions.create(ask);

    assert.equal(reply.choices[0]?.message.content, 'You said: Hello there');
    assert.equal(chatRequests() - before, 3);
  });

  it('when the upstream drops the connection before answering a stream, then it is retried and the stream is whole', async () => {
    const before = chatRequests();
    up.script({ kind: 'drop' });

    const stream = await client.chat.completions.create({ ...ask, stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';

    assert.equal(text, 'You said: Hello there');
    assert.equal(chatRequests() - before, 2);
  });

  it('when 503 outlasts the retries, then the client gets backend_error after exactly 1 + 2 attempts', async () => {
    const before = chatRequests();
    const events = (await auditEvents(gw.audit)).length;
    up.script(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 503 })));

    await rejectsWith(client.chat.completions.create(ask), 502, 'backend_error');

    assert.equal(chatRequests() - before, 3);
    assert.equal((await auditEvents(gw.audit)).length, events + 1, 'one audit event per request');
  });

  it('when the upstream answers 500, then it is not retried', async () => {
    const before = chatRequests();
    up.script({ kind: 'status', status: 500 });

    await rejectsWith(client.chat.completions.create(ask), 502, 'backend_error');

    assert.equal(chatRequests() - before, 1);
  });

  it('when the upstream resets after tokens were streamed, then it is not retried', async () => {
    const before = chatRequests();
    up.script({ kind: 'reset', deltas: ['Already ', 'sent '] });

    const stream = await client.chat.completions.create({ ...ask, stream: true });
    await assert.rejects(async () => {
      for await (const chunk of stream) assert.ok(chunk.id);
    });

    assert.equal(chatRequests() - before, 1);
  });

  it('when the upstream refuses connections until it comes up, then the request succeeds', async () => {
    const port = await freePort();
    const late = createOpenAIBackend({
      url: `http://127.0.0.1:${port}/v1`,
      model: 'late',
      timeoutMs: 5000,
      retry: { retries: 3, baseDelayMs: 200 },
    });
    const lateGw = await startTestGateway({ backend: { backend: late }, products: ['plain'] });
    let lateUp: FakeUpstream | undefined;
    try {
      const started = (async () => {
        await new Promise((r) => setTimeout(r, 50));
        lateUp = await startFakeUpstream({ port });
      })();
      const lateClient = new OpenAI({
        baseURL: lateGw.baseURL,
        apiKey: lateGw.keys.plain ?? '',
        maxRetries: 0,
      });

      const reply = await lateClient.chat.completions.create(ask);
      await started;

      assert.equal(reply.choices[0]?.message.content, 'You said: Hello there');
    } finally {
      await lateGw.close();
      await late.close();
      await lateUp?.close();
    }
  });
});

describe('PARAPET_UPSTREAM_RETRIES', () => {
  it('when unset, then 2; when set, then 0 to 5 are accepted and more is refused', () => {
    assert.equal(loadConfig({}).upstream_retries, 2);
    assert.equal(loadConfig({ PARAPET_UPSTREAM_RETRIES: '0' }).upstream_retries, 0);
    assert.throws(() => loadConfig({ PARAPET_UPSTREAM_RETRIES: '9' }), /PARAPET_UPSTREAM_RETRIES/);
  });
});

describe('backoff', () => {
  it('when retries go on, then each wait is jittered within [step/2, step) and capped', () => {
    assert.equal(
      backoffMs(0, 100, () => 0),
      50,
    );
    assert.equal(
      backoffMs(0, 100, () => 0.999),
      99.95,
    );
    assert.equal(
      backoffMs(2, 100, () => 0.5),
      300,
    );
    assert.equal(
      backoffMs(20, 100, () => 1),
      2000,
    );
  });
});

async function freePort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  assert.ok(address !== null && typeof address === 'object');
  return address.port;
}
