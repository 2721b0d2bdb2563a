/**
 * A client that gives up while the upstream is stalled is a client abort, not a gateway failure:
 * the log says so at info level, and no 500 internal_error is logged or counted (issue 18 item 4).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let up: FakeUpstream;
let gw: TestGateway;
let backend: ChatBackend;

before(async () => {
  up = await startFakeUpstream();
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 10_000 });
  gw = await startTestGateway({ backend: { backend }, products: ['acme'] });
});
after(async () => {
  await gw?.close();
  await backend?.close();
  await up?.close();
});

const lines = () => gw.logs.flatMap((chunk) => chunk.split('\n')).filter((l) => l.trim() !== '');

async function abortWhileStalled(stream: boolean): Promise<void> {
  up.script({ kind: 'hang' });
  const client = new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys.acme ?? '', maxRetries: 0 });
  const controller = new AbortController();
  const seen = up.requests.length;
  const call = client.chat.completions
    .create(
      { model: 'gemma', stream, messages: [{ role: 'user', content: 'Where is my parcel?' }] },
      { signal: controller.signal },
    )
    .catch(() => undefined);
  for (let i = 0; i < 200 && up.requests.length === seen; i++)
    await new Promise((r) => setTimeout(r, 10));
  assert.ok(up.requests.length > seen, 'the request reached the upstream');
  controller.abort();
  await call;
  assert.equal(await up.requests.at(-1)?.closed, 'aborted', 'the gateway aborted the upstream');
  // The gateway logs after the upstream call unwinds; give it a moment.
  for (let i = 0; i < 50 && !lines().some((l) => l.includes('client closed')); i++)
    await new Promise((r) => setTimeout(r, 20));
}

describe('client abort during a stalled upstream', () => {
  for (const stream of [false, true]) {
    it(`when a ${stream ? 'streaming' : 'plain'} client gives up, then the log says client closed and no 500 appears`, async () => {
      const before = lines().length;
      await abortWhileStalled(stream);
      const fresh = lines().slice(before);
      assert.ok(
        !fresh.some((l) => l.includes('internal_error') || l.includes('"status":500')),
        `no 500 logged: ${fresh.join('\n')}`,
      );
      const closed = fresh.find((l) => l.includes('client closed'));
      assert.ok(closed, `an info line says the client closed: ${fresh.join('\n')}`);
      assert.equal((JSON.parse(closed) as { level: string }).level, 'info');
      assert.ok(!fresh.some((l) => l.includes('Where is my parcel')), 'no customer text logged');
    });
  }
});
