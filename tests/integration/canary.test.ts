/**
 * Canary: seeded personal data and credentials go through chat (plain and streamed, in the
 * user's message and in the model's reply), guard (text, messages, output stage) and failing
 * requests; afterwards the captured logs, the /metrics text, the exported audit events and the
 * audit database's raw bytes hold none of them, only placeholders.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

// Assembled at run time so that secret scanners do not flag this file. AWS key ids are base32
// (A-Z, 2-7): a seed with an 8 or 9 in it is not a key id and is rightly not redacted.
const fake = (...parts: string[]) => parts.join('');
const USER_SEEDS = {
  email: 'canary.q7z3@example.org',
  phone: '+44 20 7946 0321',
  card: '5555 5555 5555 4444',
  iban: 'DE89 3704 0044 0532 0130 00',
  ssn: '536-90-4399',
  github: fake('ghp', '_', 'Zq8Kd3Lm9Xw4Tz8Pb3Nc6Vd1Hs5Jf0Gy2Qe4'),
  aws: fake('AKIA', 'Q7Z3CANARY5XK2PW'),
};
const MODEL_SEEDS = {
  email: 'leak.r5t1@example.net',
  aws: fake('AKIA', 'W2X7LEAKEDZMODEL'),
};
const SEEDS = [...Object.values(USER_SEEDS), ...Object.values(MODEL_SEEDS)];
/** The seeds and the forms a careless normalizer might log: digits only, local parts. */
const NEEDLES = [
  ...SEEDS,
  ...SEEDS.map((s) => s.replace(/[\s-]/g, '')).filter((s) => /^\d{9,}$/.test(s)),
  'canary.q7z3',
  'leak.r5t1',
];
const userText = (s: typeof USER_SEEDS) =>
  `Hi, I'm reachable at ${s.email} or ${s.phone}. Card ${s.card}, IBAN ${s.iban}, SSN ${s.ssn}. ` +
  `My token is ${s.github} and aws_access_key_id = ${s.aws}.`;

const POLICY = `product: canary
version: 1
input:
  - { id: secrets, scanner: secrets, action: redact }
  - id: personal-data
    scanner: pii
    action: redact
    params: { entities: [EMAIL, PHONE, CREDIT_CARD, IBAN, US_SSN] }
output:
  - { id: secrets, scanner: secrets, action: redact }
  - id: personal-data
    scanner: pii
    action: redact
    params: { entities: [EMAIL, PHONE, CREDIT_CARD, IBAN, US_SSN] }
`;

let up: FakeUpstream;
let backend: ChatBackend;
let gw: TestGateway;
let client: OpenAI;

before(async () => {
  up = await startFakeUpstream();
  backend = createOpenAIBackend({
    url: up.url,
    model: up.model,
    timeoutMs: 3000,
    retry: { retries: 0, baseDelayMs: 1 },
  });
  const policiesDir = mkdtempSync(join(tmpdir(), 'parapet-canary-'));
  writeFileSync(join(policiesDir, 'canary.yaml'), POLICY);
  gw = await startTestGateway({ backend: { backend }, products: ['canary'], policiesDir });
  client = new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys.canary ?? '', maxRetries: 0 });
});
after(async () => {
  await gw?.close();
  await backend?.close();
  await up?.close();
});

async function guard(body: object): Promise<number> {
  const res = await fetch(`${gw.baseURL}/guard`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${gw.keys.canary ?? ''}`,
    },
    body: JSON.stringify(body),
  });
  await res.text();
  return res.status;
}

async function sendEverything(): Promise<void> {
  const messages = [{ role: 'user' as const, content: userText(USER_SEEDS) }];
  const plain = await client.chat.completions.create({ model: 'gemma', messages });
  assert.ok(plain.choices[0]?.message.content?.includes(USER_SEEDS.email), 'restored for the user');
  assert.ok(!JSON.stringify(up.requests.at(-1)?.body).includes(USER_SEEDS.email), 'sent upstream');

  let streamed = '';
  const stream = await client.chat.completions.create({
    model: 'gemma',
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });
  for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
  assert.ok(streamed.includes(USER_SEEDS.iban));

  up.script({ kind: 'completion', text: `Write to ${MODEL_SEEDS.email}, key ${MODEL_SEEDS.aws}.` });
  const leaked = await client.chat.completions.create({ model: 'gemma', messages });
  assert.ok(
    !leaked.choices[0]?.message.content?.includes(MODEL_SEEDS.email),
    'model leak redacted',
  );

  const [local = '', domain = ''] = MODEL_SEEDS.email.split('@');
  up.script({
    kind: 'stream',
    deltas: ['Mail ', local, '@', domain, ' or use aws_access_key_id = ', MODEL_SEEDS.aws, ' now.'],
  });
  const leakStream = await client.chat.completions.create({
    model: 'gemma',
    messages,
    stream: true,
  });
  let leakedText = '';
  for await (const chunk of leakStream) leakedText += chunk.choices[0]?.delta.content ?? '';
  assert.ok(!leakedText.includes(MODEL_SEEDS.email));

  up.script({ kind: 'status', status: 500 });
  await assert.rejects(client.chat.completions.create({ model: 'gemma', messages }), {
    status: 502,
  });
  await assert.rejects(
    client.chat.completions.create({
      model: 'gemma',
      messages: [{ role: 'user', content: userText(USER_SEEDS) }],
      temperature: 9,
    }),
    { status: 400 },
  );

  assert.equal(await guard({ text: userText(USER_SEEDS) }), 200);
  assert.equal(await guard({ messages }), 200);
  assert.equal(
    await guard({ text: `Reply: ${MODEL_SEEDS.email} ${MODEL_SEEDS.aws}`, stage: 'output' }),
    200,
  );
  assert.equal(await guard({ text: userText(USER_SEEDS), stage: 'sideways' }), 400);
}

describe('canary', () => {
  it('when seeded PII and secrets pass through every route, then logs, metrics and the audit store hold none of them', async () => {
    await sendEverything();

    const logs = gw.logs.join('');
    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    const events = JSON.stringify(await auditEvents(gw.audit));
    const auditBytes = readdirSync(gw.dir)
      .filter((f) => f.startsWith('audit.sqlite'))
      .map((f) => readFileSync(join(gw.dir, f)).toString('latin1'))
      .join('');

    assert.ok(logs.includes('"message":"decision"'), 'the logs were captured');
    assert.ok(events.includes('[EMAIL_1]'), 'the events hold placeholders');
    assert.ok(auditBytes.length > 0);
    for (const needle of NEEDLES) {
      assert.ok(!logs.includes(needle), `logs contain ${needle}`);
      assert.ok(!metrics.includes(needle), `metrics contain ${needle}`);
      assert.ok(!events.includes(needle), `audit events contain ${needle}`);
      assert.ok(!auditBytes.includes(needle), `the audit database contains ${needle}`);
    }
  });
});
