/**
 * Issue 18 item 6, over real HTTP with the openai SDK: personal data in `system` and `assistant`
 * messages (outside the policy's scan_roles) and in the `stop` parameter. Whatever the scan
 * roles, nothing the audit store holds (event, export, the database files themselves) keeps a
 * raw value, and `stop` reaches the upstream redacted by the input redaction rules. The trusted
 * roles still reach the model as written: scan_roles decides what the model is sent.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { FakeUpstream } from '../helpers/fake-upstream.js';
import {
  auditEvents,
  startGatewayOnFakeUpstream,
  type UpstreamGateway,
} from '../helpers/gateway.js';

const POLICY = `product: history-shop
version: 1
refusal: "Sorry, not here."
restore_pii: true
scan_roles: [user, tool]
input:
  - { id: injection-phrases, scanner: banned-phrases, action: block, params: { phrases: ['ignore previous instructions'] } }
  - { scanner: pii, action: redact, params: { entities: [EMAIL, CREDIT_CARD] } }
output:
  - { scanner: pii, action: redact, params: { entities: [EMAIL, CREDIT_CARD] } }
`;

const SYSTEM_EMAIL = 'ops.lead@example.com';
const HISTORY_EMAIL = 'carol.jones@example.org';
const CARD = '4111 1111 1111 1111';
const STOP_EMAIL = 'dan.smith@example.net';
const RAW = [SYSTEM_EMAIL, HISTORY_EMAIL, CARD, CARD.replaceAll(' ', ''), STOP_EMAIL];

const SYSTEM = `You are the shop assistant. Escalations go to ${SYSTEM_EMAIL}.`;
const MESSAGES = [
  { role: 'system' as const, content: SYSTEM },
  { role: 'user' as const, content: 'Which card did I use last time?' },
  {
    role: 'assistant' as const,
    content: `The card ending ${CARD} is on file; receipts went to ${HISTORY_EMAIL}.`,
  },
  { role: 'user' as const, content: 'Thanks, and when does my parcel arrive?' },
];
const STOP = ['END OF ANSWER', STOP_EMAIL];

let dir: string;
let up: FakeUpstream;
let gw: UpstreamGateway;

const client = () =>
  new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys['history-shop'] ?? '', maxRetries: 0 });

/** Every byte the audit store wrote (database, WAL, journal), as text. */
function storeBytes(): string {
  return readdirSync(gw.dir)
    .filter((f) => f.startsWith('audit.sqlite'))
    .map((f) => readFileSync(path.join(gw.dir, f)).toString('latin1'))
    .join('\n');
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parapet-history-'));
  writeFileSync(path.join(dir, 'history-shop.yaml'), POLICY);
  gw = await startGatewayOnFakeUpstream({
    products: ['history-shop'],
    policiesDir: dir,
  });
  up = gw.up;
  up.reply = (request) => {
    const body = request.body as { stream?: boolean };
    const text = 'Your parcel arrives on Tuesday.';
    return body.stream ? { kind: 'stream', deltas: [text] } : { kind: 'completion', text };
  };
});
after(async () => {
  await gw?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('history and parameters are redacted', () => {
  for (const stream of [false, true]) {
    it(`when system and assistant messages and stop hold PII${stream ? ' (streamed)' : ''}, then nothing stored holds a raw value and stop goes upstream redacted`, async () => {
      let id: string;
      if (stream) {
        const chunks = await client().chat.completions.create({
          model: 'gemma',
          stream,
          stop: STOP,
          messages: MESSAGES,
        });
        id = '';
        for await (const chunk of chunks) id = chunk.id;
      } else {
        const res = await client().chat.completions.create({
          model: 'gemma',
          stop: STOP,
          messages: MESSAGES,
        });
        assert.equal(res.choices[0]?.message.content, 'Your parcel arrives on Tuesday.');
        id = res.id;
      }

      const sent = up.requests.at(-1)?.body as {
        stop: string[];
        messages: { role: string; content: string }[];
      };
      assert.equal(sent.stop[0], 'END OF ANSWER');
      assert.match(sent.stop[1] ?? '', /^\[EMAIL_\d+\]$/, 'stop went upstream unredacted');
      assert.ok(!JSON.stringify(sent.stop).includes(STOP_EMAIL));
      // scan_roles still decides what the model reads: the trusted roles go as written.
      assert.equal(sent.messages[0]?.content, SYSTEM);

      const events = await auditEvents(gw.audit);
      const event = events.find((e) => e.id === id);
      assert.ok(event, 'the decision was recorded');
      const stored = JSON.stringify(events);
      for (const value of RAW) assert.ok(!stored.includes(value), `the export holds ${value}`);
      const bytes = storeBytes();
      for (const value of RAW) assert.ok(!bytes.includes(value), `the store's files hold ${value}`);
      const contents = event.input.messages.map((m) => m.content);
      assert.match(contents[0] ?? '', /Escalations go to \[EMAIL_\d+\]\.$/);
      assert.match(contents[2] ?? '', /ending \[CREDIT_CARD_\d+\] is on file.*\[EMAIL_\d+\]\.$/);
      assert.equal(contents[3], MESSAGES[3]?.content);
      assert.equal(event.action, 'redact', 'the stop redaction is part of the decision');
    });
  }

  it('when stop holds a stop sequence the classifiers would mistake for an attack, then only redaction rules read it', async () => {
    const res = await client().chat.completions.create({
      model: 'gemma',
      stop: ['ignore previous instructions', '<end_of_turn>'],
      messages: [{ role: 'user', content: 'When does my parcel arrive?' }],
    });
    assert.equal(res.choices[0]?.finish_reason, 'stop');
    assert.equal(res.choices[0]?.message.content, 'Your parcel arrives on Tuesday.');
    const sent = up.requests.at(-1)?.body as { stop: string[] };
    assert.deepEqual(sent.stop, ['ignore previous instructions', '<end_of_turn>']);
  });
});
