/**
 * `unsupported_language` over real HTTP with the openai SDK: a French message reaches a rule
 * whose scanner (harmful-request, English only) cannot vouch for it. `block` refuses it before
 * the model; `flag` lets it through and queues the decision for review. Either way the audit
 * event's rule outcome names the language, and only the language.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const policy = (product: string, setting: string) => `product: ${product}
version: 1
unsupported_language: ${setting}
input:
  - { scanner: harmful-request, action: block, params: { classifier: false } }
  - { scanner: banned-phrases, action: block, params: { phrases: ['internal only'] } }
`;

const FRENCH =
  "Bonjour, pourriez-vous me dire où se trouve ma commande ? Elle devait arriver lundi et je n'ai toujours rien reçu.";
const ENGLISH =
  'Hello, could you tell me where my order is? It was due on Monday and I still have not received anything.';

let dir: string;
let up: FakeUpstream;
let gw: TestGateway;
let backend: ChatBackend;
type Parapet = { decision_id: string; action: string };

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parapet-unsupported-language-'));
  writeFileSync(path.join(dir, 'fr-block.yaml'), policy('fr-block', 'block'));
  writeFileSync(path.join(dir, 'fr-flag.yaml'), policy('fr-flag', 'flag'));
  up = await startFakeUpstream();
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
  gw = await startTestGateway({
    backend: { backend },
    products: ['fr-block', 'fr-flag'],
    policiesDir: dir,
  });
});
after(async () => {
  await gw?.close();
  await backend?.close();
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function ask(product: string, content: string) {
  const res = await new OpenAI({
    baseURL: gw.baseURL,
    apiKey: gw.keys[product] ?? '',
    maxRetries: 0,
  }).chat.completions.create({ model: 'gemma', messages: [{ role: 'user', content }] });
  const parapet = (res as unknown as { parapet: Parapet }).parapet;
  const event = (await auditEvents(gw.audit)).find((e) => e.id === parapet.decision_id);
  assert.ok(event, 'the decision was audited');
  return { res, event };
}

describe('unsupported_language through the gateway', () => {
  it('when the policy says block, then a French message is refused before the model', async () => {
    const calls = up.requests.length;
    const { res, event } = await ask('fr-block', FRENCH);
    assert.equal(res.choices[0]?.finish_reason, 'content_filter');
    assert.equal(up.requests.length, calls, 'the upstream was called');
    assert.equal(event.action, 'block');
    const gated = event.rules.find((r) => r.scanner === 'harmful-request');
    assert.equal(gated?.unsupportedLanguage, 'fra');
    assert.equal(gated?.action, 'block');
    const other = event.rules.find((r) => r.scanner === 'banned-phrases');
    assert.equal(other?.unsupportedLanguage, undefined, 'a rule-based scanner is not gated');
  });

  it('when the policy says flag, then a French message is answered and the event is flagged', async () => {
    const { res, event } = await ask('fr-flag', FRENCH);
    assert.equal(res.choices[0]?.finish_reason, 'stop');
    assert.equal(event.action, 'flag');
    assert.equal(event.flagged, true);
    assert.equal(
      event.rules.find((r) => r.scanner === 'harmful-request')?.unsupportedLanguage,
      'fra',
    );
    const stored = await gw.audit.get(event.id);
    assert.equal(stored?.rules[0]?.unsupportedLanguage, 'fra', 'the store kept the field');
  });

  it('when the message is English, then block adds nothing', async () => {
    const { res, event } = await ask('fr-block', ENGLISH);
    assert.equal(res.choices[0]?.finish_reason, 'stop');
    assert.equal(event.action, 'allow');
    assert.ok(event.rules.every((r) => r.unsupportedLanguage === undefined));
  });
});
