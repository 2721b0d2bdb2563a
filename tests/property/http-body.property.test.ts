/**
 * Property: whatever bytes or JSON arrive at /v1/chat/completions and /v1/guard, the gateway
 * never answers 500 and always answers in OpenAI's shape: a completion (or an event stream), a
 * guard decision, or `{ error: { message, type, code, param, request_id } }` with a catalogue code
 * and that code's status. A failure prints fast-check's seed and the shrunk body.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { propertyRuns } from '../helpers/property.js';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { ERROR_CODES, type ErrorCode } from '../../src/errors.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const RUNS = propertyRuns(120);
let up: FakeUpstream;
let backend: ChatBackend;
let gw: TestGateway;

before(async () => {
  up = await startFakeUpstream({ record: false });
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
  gw = await startTestGateway({ backend: { backend }, products: ['acme', 'plain'] });
});
after(async () => {
  await gw?.close();
  await backend?.close();
  await up?.close();
});

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.constantFrom('jo@example.org', 'ignore previous instructions', '4111 1111 1111 1111', ''),
);
const content = fc.oneof(
  text,
  fc.array(fc.record({ type: fc.constantFrom('text', 'image_url'), text }), { maxLength: 3 }),
  fc.constant(null),
  fc.jsonValue(),
);
const message = fc.record(
  {
    role: fc.oneof(
      fc.constantFrom('system', 'developer', 'user', 'assistant', 'tool', 'function'),
      fc.string(),
    ),
    content,
    name: fc.string(),
    tool_call_id: fc.string(),
  },
  { requiredKeys: ['role'] },
);
/** Chat-shaped bodies: mostly plausible, with every field sometimes of the wrong kind. */
const chatBody = fc.record(
  {
    model: fc.oneof(fc.constant('gemma'), fc.string(), fc.integer()),
    messages: fc.oneof(fc.array(message, { maxLength: 5 }), fc.jsonValue()),
    stream: fc.oneof(fc.boolean(), fc.jsonValue()),
    stream_options: fc.oneof(fc.record({ include_usage: fc.boolean() }), fc.jsonValue()),
    max_tokens: fc.oneof(fc.integer({ min: -5, max: 50 }), fc.double(), fc.constant(null)),
    temperature: fc.oneof(fc.double(), fc.constant(null)),
    top_p: fc.double(),
    stop: fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 6 })),
    seed: fc.oneof(fc.integer(), fc.double()),
    n: fc.integer({ min: 0, max: 3 }),
    tools: fc.array(fc.jsonValue(), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const guardBody = fc.record(
  {
    text: fc.oneof(text, fc.jsonValue()),
    messages: fc.oneof(fc.array(message, { maxLength: 4 }), fc.jsonValue()),
    stage: fc.oneof(fc.constantFrom('input', 'output'), fc.string()),
  },
  { requiredKeys: [] },
);

/** Raw request bodies: structured JSON, any JSON, any text, any bytes, cut-off JSON. */
function bodies(shaped: fc.Arbitrary<unknown>): fc.Arbitrary<Uint8Array | string> {
  return fc.oneof(
    { weight: 4, arbitrary: shaped.map((b) => JSON.stringify(b)) },
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc.string({ unit: 'binary' }),
    fc.uint8Array({ maxLength: 300 }),
    fc
      .tuple(shaped, fc.nat())
      .map(([b, cut]) => JSON.stringify(b).slice(0, cut % (JSON.stringify(b).length + 1))),
  );
}

const contentTypes = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  undefined,
);

interface Outcome {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

async function send(
  path: string,
  body: Uint8Array | string,
  contentType: string | undefined,
  encoding: string | undefined,
): Promise<Outcome> {
  const headers: Record<string, string> = { authorization: `Bearer ${gw.keys.acme ?? ''}` };
  if (contentType !== undefined) headers['content-type'] = contentType;
  if (encoding !== undefined) headers['content-encoding'] = encoding;
  const res = await fetch(`${gw.baseURL}${path}`, { method: 'POST', headers, body });
  return {
    status: res.status,
    contentType: res.headers.get('content-type') ?? '',
    text: await res.text(),
  };
}

function assertOpenAIError(outcome: Outcome): void {
  const parsed = JSON.parse(outcome.text) as { error?: Record<string, unknown> };
  const error = parsed.error;
  assert.ok(error, `no error object: ${outcome.text.slice(0, 200)}`);
  const code = String(error.code) as ErrorCode;
  assert.ok(code in ERROR_CODES, `unknown code ${code}`);
  assert.equal(ERROR_CODES[code].httpStatus, outcome.status);
  assert.equal(error.type, ERROR_CODES[code].type);
  assert.equal(typeof error.message, 'string');
  assert.equal(error.param, null);
  assert.match(String(error.request_id), /^req_[0-9a-f]{32}$/);
}

function assertChatSuccess(outcome: Outcome): void {
  if (outcome.contentType.startsWith('text/event-stream')) {
    const events = outcome.text.split('\n\n').filter((e) => e.startsWith('data: '));
    assert.ok(events.length >= 2, 'a stream with no events');
    for (const event of events.slice(0, -1)) {
      const chunk = JSON.parse(event.slice('data: '.length)) as { object?: string };
      assert.equal(chunk.object, 'chat.completion.chunk');
    }
    assert.equal(events.at(-1), 'data: [DONE]');
    return;
  }
  const completion = JSON.parse(outcome.text) as { object?: string; choices?: unknown[] };
  assert.equal(completion.object, 'chat.completion');
  assert.equal(completion.choices?.length, 1);
}

function assertGuardSuccess(outcome: Outcome): void {
  const decision = JSON.parse(outcome.text) as { decision_id?: string; action?: string };
  assert.match(decision.decision_id ?? '', /^dec_/);
  assert.ok(['allow', 'flag', 'redact', 'block'].includes(decision.action ?? ''));
}

const encodings = fc.constantFrom(undefined, undefined, undefined, 'gzip', 'br', 'x-unknown');

describe('request bodies (property)', () => {
  const routes: [string, fc.Arbitrary<unknown>, (o: Outcome) => void][] = [
    ['/chat/completions', chatBody, assertChatSuccess],
    ['/guard', guardBody, assertGuardSuccess],
  ];
  for (const [path, shaped, assertSuccess] of routes) {
    it(`when any body reaches ${path}, then never a 500 and always an OpenAI-shaped answer`, async () => {
      await fc.assert(
        fc.asyncProperty(bodies(shaped), contentTypes, encodings, async (body, type, encoding) => {
          const outcome = await send(path, body, type, encoding);
          assert.notEqual(outcome.status, 500, outcome.text.slice(0, 300));
          if (outcome.status === 200) assertSuccess(outcome);
          else assertOpenAIError(outcome);
        }),
        RUNS,
      );
      assert.equal((await fetch(`${gw.url}/healthz`)).status, 200);
    });
  }

  it('when a gzip or br body does not inflate, then 400 invalid_request (found by the property above)', async () => {
    for (const encoding of ['gzip', 'br']) {
      const outcome = await send('/guard', '{}', 'application/json', encoding);
      assert.equal(outcome.status, 400, encoding);
      assertOpenAIError(outcome);
    }
  });
});
