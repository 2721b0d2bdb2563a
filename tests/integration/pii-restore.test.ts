/**
 * The PII round trip over real HTTP with the openai SDK: the pii scanner redacts the user's
 * values, the upstream (a fake model on loopback) only ever sees placeholders and echoes them,
 * some rephrased the way small models do, and the user gets their own values back, in plain and
 * streamed replies. Never restored: placeholders the request did not create, and blocked replies.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import {
  startFakeUpstream,
  type FakeUpstream,
  type RecordedRequest,
  type Reply,
} from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const POLICY = `product: pii-shop
version: 1
refusal: "Sorry, not here."
restore_pii: true
stream: { holdback_chars: 40, check_every_chars: 16 }
input:
  - { scanner: pii, action: redact, params: { entities: [EMAIL, PHONE, CREDIT_CARD] } }
output:
  - { id: leak, scanner: banned-phrases, action: block, params: { phrases: ['internal only'] } }
  - { scanner: pii, action: redact, params: { entities: [EMAIL, PHONE, CREDIT_CARD] } }
`;

const EMAIL = 'ana.lima@example.com';
const PHONE = '+44 20 7946 0958';
const QUESTION = `Hi, I'm at ${EMAIL} or ${PHONE}. Can you confirm you have both?`;

let dir: string;
let up: FakeUpstream;
let gw: TestGateway;
let backend: ChatBackend;

/** The fake model: repeats every placeholder it was sent, in a different shape each time. */
function echoRephrased(request: RecordedRequest): Reply {
  const body = request.body as { messages: { content: string }[]; stream?: boolean };
  const prompt = body.messages.at(-1)?.content ?? '';
  const placeholders = prompt.match(/\[[A-Z_]+_\d+\]/g) ?? [];
  const shapes = [
    (p: string) => p,
    (p: string) => p.slice(1, -1),
    (p: string) => p.toLowerCase(),
    (p: string) => `[ ${p.slice(1, -1).replace(/_(\d+)$/, ' $1')} ]`,
  ];
  const parts = placeholders.flatMap((p) => shapes.map((shape) => shape(p)));
  const text = `Confirmed: ${parts.join(', ')}. Not yours: [EMAIL_7].`;
  return body.stream
    ? { kind: 'stream', deltas: text.match(/\s*\S{1,5}/g) ?? [] }
    : { kind: 'completion', text };
}

const client = () =>
  new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys['pii-shop'] ?? '', maxRetries: 0 });

const expected = (email: string, phone: string) =>
  `Confirmed: ${[email, email, email, email, phone, phone, phone, phone].join(', ')}. Not yours: [EMAIL_7].`;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parapet-pii-restore-'));
  writeFileSync(path.join(dir, 'pii-shop.yaml'), POLICY);
  up = await startFakeUpstream();
  up.reply = echoRephrased;
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
  gw = await startTestGateway({ backend: { backend }, products: ['pii-shop'], policiesDir: dir });
});
after(async () => {
  await gw?.close();
  await backend?.close();
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('PII restore through the gateway', () => {
  it('when the model echoes and rephrases placeholders, then the user gets their own values back', async () => {
    const res = await client().chat.completions.create({
      model: 'gemma',
      messages: [{ role: 'user', content: QUESTION }],
    });
    const sent = JSON.stringify(up.requests.at(-1)?.body);
    assert.ok(!sent.includes(EMAIL) && !sent.includes('7946'), 'the model saw a value');
    assert.match(sent, /\[EMAIL_1\].*\[PHONE_1\]/);
    assert.equal(res.choices[0]?.message.content, expected(EMAIL, PHONE));
  });

  for (const stream of [false, true]) {
    it(`when a tool result holds third-party PII${stream ? ' and the reply streams' : ''}, then only the user's own values are restored`, async () => {
      const victim = 'third.party@victim.org';
      const messages = [
        { role: 'user' as const, content: QUESTION },
        { role: 'tool' as const, tool_call_id: 'call_1', content: `Owner: ${victim}` },
      ];
      up.reply = (request) => {
        const body = request.body as { stream?: boolean };
        const text = 'You: [EMAIL_1]. Owner: [EMAIL_2].';
        return body.stream ? { kind: 'stream', deltas: [text] } : { kind: 'completion', text };
      };
      try {
        let text = '';
        if (stream) {
          const chunks = await client().chat.completions.create({
            model: 'gemma',
            stream,
            messages,
          });
          for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? '';
        } else {
          const res = await client().chat.completions.create({ model: 'gemma', messages });
          text = res.choices[0]?.message.content ?? '';
        }
        assert.ok(!JSON.stringify(up.requests.at(-1)?.body).includes(victim));
        assert.equal(text, `You: ${EMAIL}. Owner: [EMAIL_2].`);
      } finally {
        up.reply = echoRephrased;
      }
    });
  }

  it('when the reply streams, then rephrased placeholders split over deltas are restored too', async () => {
    const stream = await client().chat.completions.create({
      model: 'gemma',
      stream: true,
      messages: [{ role: 'user', content: QUESTION }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.equal(text, expected(EMAIL, PHONE));
  });

  it('when the output policy blocks the reply, then no value is restored into it', async () => {
    up.script({ kind: 'completion', text: 'Internal only: [EMAIL_1] and EMAIL 1.' });
    const res = await client().chat.completions.create({
      model: 'gemma',
      messages: [{ role: 'user', content: QUESTION }],
    });
    assert.equal(res.choices[0]?.message.content, 'Sorry, not here.');
    assert.equal(res.choices[0]?.finish_reason, 'content_filter');
  });

  it('when a streamed reply is blocked, then none of the user values leave in it', async () => {
    up.script({
      kind: 'stream',
      deltas: ['Sure, ', 'EMAIL 1 ', 'is noted. ', 'This is internal ', 'only ', 'stuff.'],
    });
    const stream = await client().chat.completions.create({
      model: 'gemma',
      stream: true,
      messages: [{ role: 'user', content: QUESTION }],
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    assert.ok(!text.includes(EMAIL), text);
    assert.ok(text.endsWith('Sorry, not here.'), text);
  });

  it('when the model writes a new email of its own, then it is redacted and never restored', async () => {
    up.script({ kind: 'completion', text: 'Write to billing@acme.example or EMAIL_1.' });
    const res = await client().chat.completions.create({
      model: 'gemma',
      messages: [{ role: 'user', content: QUESTION }],
    });
    assert.equal(res.choices[0]?.message.content, `Write to [EMAIL_2] or ${EMAIL}.`);
  });
});
