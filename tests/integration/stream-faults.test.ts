/**
 * Upstream faults during a stream, through the gateway, with the openai SDK as the client: each
 * ends in a documented error code, nothing unscanned is released, and the gateway stays up.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { startFakeUpstream, type FakeUpstream, type Reply } from '../helpers/fake-upstream.js';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

let up: FakeUpstream;
let gw: TestGateway;
let backend: ChatBackend;

before(async () => {
  up = await startFakeUpstream();
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 1500 });
  gw = await startTestGateway({ backend: { backend }, products: ['acme-stream', 'plain'] });
});
after(async () => {
  await gw?.close();
  await backend?.close();
  await up?.close();
});

async function streamOutcome(product: string, reply: Reply) {
  up.script(reply);
  const client = new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys[product] ?? '', maxRetries: 0 });
  let text = '';
  try {
    const stream = await client.chat.completions.create({
      model: 'gemma',
      stream: true,
      messages: [{ role: 'user', content: 'Go on' }],
    });
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    return { text, error: undefined };
  } catch (error) {
    return { text, error: error as { status?: number; code?: string; message: string } };
  }
}

const cases: [string, Reply, string][] = [
  [
    'the upstream resets mid-stream',
    { kind: 'reset', deltas: ['The first part is fine. ', 'And then'] },
    'backend_error',
  ],
  [
    'the upstream sends malformed SSE',
    { kind: 'malformed-sse', deltas: ['Some text. '] },
    'backend_error',
  ],
  [
    'the upstream stops answering mid-stream',
    { kind: 'hang', deltas: ['Waiting for more. '] },
    'backend_timeout',
  ],
  ['the upstream answers 500 before streaming', { kind: 'status', status: 500 }, 'backend_error'],
];

describe('stream faults', () => {
  for (const product of ['acme-stream', 'plain']) {
    for (const [name, reply, code] of cases) {
      it(`when ${name} (${product}), then the client gets ${code} and the gateway stays up`, async () => {
        const before = (await auditEvents(gw.audit)).length;
        const { text, error } = await streamOutcome(product, reply);
        assert.ok(error, 'the stream should fail');
        assert.equal(error.code, code, error.message);
        if (product === 'acme-stream')
          assert.equal(text, '', 'the guard released text it had not cleared');
        const events = await auditEvents(gw.audit);
        assert.equal(events.length, before + 1);
        assert.equal(events.at(-1)?.outcome, code);
        const health = await fetch(`${gw.url}/healthz`);
        assert.equal(health.status, 200);
      });
    }
  }
});
