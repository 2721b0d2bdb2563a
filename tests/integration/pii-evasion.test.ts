/**
 * Issue 18 item 9 end to end: a user disguises personal data and a key (zero-width characters
 * inside, fullwidth or Arabic-Indic digits, dotted or spaced card digits, base64) and sends it
 * with the real openai SDK; the upstream (a fake model on loopback) must receive placeholders
 * only, never the value in any of its disguises.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { FakeUpstream } from '../helpers/fake-upstream.js';
import { startGatewayOnFakeUpstream, type UpstreamGateway } from '../helpers/gateway.js';

const POLICY = `product: pii-evasion
version: 1
refusal: "Sorry, not here."
input:
  - { scanner: pii, action: redact, params: { entities: [EMAIL, PHONE, CREDIT_CARD, IBAN] } }
  - { scanner: secrets, action: redact }
`;

const ZW = '\u200b';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const shift = (s: string, zero: number) =>
  s.replace(/\d/g, (d) => String.fromCharCode(zero + Number(d)));

// Stripe's test card, RFC 2606 domain, Ofcom drama range, AWS documentation key.
const CASES: readonly (readonly [string, string, readonly string[]])[] = [
  ['zero-width email', `mail jane.d${ZW}oe@exam${ZW}ple.com`, ['jane.d', 'ple.com']],
  ['fullwidth card', `card ${shift('4242 4242 4242 4242', 0xff10)}`, ['\uff14\uff12']],
  ['Arabic-Indic card', `card ${shift('4242 4242 4242 4242', 0x0660)}`, ['\u0664\u0662']],
  ['dotted card', 'card 4242.4242.4242.4242', ['4242']],
  ['spaced card', 'card 4 2 4 2 4 2 4 2 4 2 4 2 4 2 4 2', ['4 2 4 2']],
  ['Arabic-Indic phone', `call +${shift('44 20 7946 0958', 0x0660)}`, ['\u0667\u0669']],
  ['lowercase IBAN', 'iban gb82west12345698765432', ['gb82west']],
  ['base64 email', `decode ${b64('jane.doe@example.com')}`, [b64('jane.doe@example.com')]],
  ['zero-width key', `aws_access_key_id = AKIA${ZW}IOSFODNN7EXAMPLE`, ['AKIA', 'ODNN7']],
  ['base64 key', `blob ${b64('key AKIAIOSFODNN7EXAMPLE')}`, [b64('key AKIAIOSFODNN7EXAMPLE')]],
];

let dir: string;
let up: FakeUpstream;
let gw: UpstreamGateway;

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parapet-pii-evasion-'));
  writeFileSync(path.join(dir, 'pii-evasion.yaml'), POLICY);
  gw = await startGatewayOnFakeUpstream({
    products: ['pii-evasion'],
    policiesDir: dir,
  });
  up = gw.up;
  up.reply = () => ({ kind: 'completion', text: 'Noted.' });
});
after(async () => {
  await gw?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('disguised PII and keys through the gateway (issue 18 item 9)', () => {
  for (const [name, content, raw] of CASES) {
    it(`when the user sends a ${name}, then the upstream only sees a placeholder`, async () => {
      const client = new OpenAI({
        baseURL: gw.baseURL,
        apiKey: gw.keys['pii-evasion'] ?? '',
        maxRetries: 0,
      });
      await client.chat.completions.create({
        model: 'gemma',
        messages: [{ role: 'user', content: `Please remember this: ${content}. Thanks!` }],
      });
      const body = up.requests.at(-1)?.body as { messages: { content: string }[] };
      const sent = body.messages.at(-1)?.content ?? '';
      for (const part of raw) assert.ok(!sent.includes(part), `${name}: the model saw ${part}`);
      assert.match(sent, /\[[A-Z_]+_1\]/, `${name}: no placeholder in ${JSON.stringify(sent)}`);
    });
  }
});
