/**
 * Upstream faults on non-streaming chat, through the gateway with the openai SDK as the client:
 * each ends in a documented error code, the gateway stays up, the upstream's own error text never
 * reaches the client or the logs, and the audit store holds exactly one event per request.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { ERROR_CODES } from '../../src/errors.js';
import { startFakeUpstream, type FakeUpstream, type Reply } from '../helpers/fake-upstream.js';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const ERRORS_DOC = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
let up: FakeUpstream;
let gw: TestGateway;
let backend: ChatBackend;

before(async () => {
  up = await startFakeUpstream();
  backend = createOpenAIBackend({
    url: up.url,
    model: up.model,
    timeoutMs: 1500,
    retry: { retries: 1, baseDelayMs: 10 },
  });
  gw = await startTestGateway({ backend: { backend }, products: ['acme', 'plain'] });
});
after(async () => {
  await gw?.close();
  await backend?.close();
  await up?.close();
});

const cases: [string, Reply[], number, string][] = [
  ['the upstream answers 500', [{ kind: 'status', status: 500 }], 502, 'backend_error'],
  [
    'the upstream keeps answering 503 past the retries',
    [
      { kind: 'status', status: 503 },
      { kind: 'status', status: 503 },
    ],
    502,
    'backend_error',
  ],
  [
    'the upstream drops every connection before answering',
    [{ kind: 'drop' }, { kind: 'drop' }],
    502,
    'backend_error',
  ],
  [
    'the upstream resets after sending headers',
    [{ kind: 'reset', deltas: ['Half an answer'] }],
    502,
    'backend_error',
  ],
  ['the upstream hangs', [{ kind: 'hang' }], 504, 'backend_timeout'],
  ['the upstream sends malformed JSON', [{ kind: 'malformed-json' }], 502, 'backend_error'],
  [
    'the upstream sends JSON with no choices',
    [{ kind: 'malformed-json', body: '{"object":"chat.completion","choices":[]}' }],
    502,
    'backend_error',
  ],
  [
    'the upstream sends a JSON array',
    [{ kind: 'malformed-json', body: '[1,2,3]' }],
    502,
    'backend_error',
  ],
];

describe('non-streaming chat faults', () => {
  for (const product of ['acme', 'plain']) {
    for (const [name, replies, status, code] of cases) {
      it(`when ${name} (${product}), then ${status} ${code}, one audit event, and the gateway stays up`, async () => {
        const eventsBefore = (await auditEvents(gw.audit)).length;
        const logsBefore = gw.logs.length;
        up.script(...replies);
        const client = new OpenAI({
          baseURL: gw.baseURL,
          apiKey: gw.keys[product] ?? '',
          maxRetries: 0,
        });

        const error = await client.chat.completions
          .create({ model: 'gemma', messages: [{ role: 'user', content: 'Tell me' }] })
          .then(
            () => undefined,
            (err: unknown) => err,
          );

        assert.ok(error instanceof OpenAI.APIError, `expected an API error, got ${String(error)}`);
        assert.equal(error.status, status);
        assert.equal(error.code, code);
        assert.ok(code in ERROR_CODES && ERRORS_DOC.includes(`## \`${code}\``), 'documented');
        assert.doesNotMatch(error.message, /upstream secret detail|Half an answer/);
        const newLogs = gw.logs.slice(logsBefore).join('');
        assert.doesNotMatch(newLogs, /upstream secret detail|Half an answer|Tell me/);
        const events = await auditEvents(gw.audit);
        assert.equal(events.length, eventsBefore + 1, 'exactly one audit event');
        assert.equal(events.at(-1)?.outcome, code);
        assert.equal((await fetch(`${gw.url}/healthz`)).status, 200);
      });
    }
  }

  it('when faults are over, then the next request is answered normally', async () => {
    const client = new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys.plain ?? '', maxRetries: 0 });

    const reply = await client.chat.completions.create({
      model: 'gemma',
      messages: [{ role: 'user', content: 'Still there?' }],
    });

    assert.equal(reply.choices[0]?.message.content, 'You said: Still there?');
  });
});
