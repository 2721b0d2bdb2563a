/**
 * The toxicity scanner end to end over real HTTP with the openai SDK: the committed model
 * (models/toxicity-v1) blocks an abusive prompt before the model sees it, and an abusive reply
 * from the model (a fake upstream on loopback) before the user sees it, plain and streamed.
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
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const POLICY = `product: civil-chat
version: 1
refusal: "Let's keep this respectful."
input:
  - { scanner: toxicity, thresholds: { toxicity: 0.7, threat: 0.7, identity_attack: 0.7 }, action: block }
output:
  - { scanner: toxicity, threshold: 0.7, action: block }
`;

const ABUSIVE = 'Shut up, you stupid bitch, nobody wants your fucking opinion.';
const HATEFUL_REPLY = 'Go back to your country, you disgusting animals.';
const QUESTION = 'Could you tell me when my parcel will arrive?';

let dir: string;
let up: FakeUpstream;
let gw: TestGateway;
let backend: ChatBackend;

const client = () =>
  new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys['civil-chat'] ?? '', maxRetries: 0 });

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parapet-toxicity-'));
  writeFileSync(path.join(dir, 'civil-chat.yaml'), POLICY);
  up = await startFakeUpstream();
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
  gw = await startTestGateway({ backend: { backend }, products: ['civil-chat'], policiesDir: dir });
});
after(async () => {
  await gw?.close();
  await backend?.close();
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface ParapetField {
  readonly action: string;
  readonly rules: readonly { scanner: string; stage: string; action: string; score: number }[];
}
const parapetOf = (res: unknown) => (res as { parapet: ParapetField }).parapet;

describe('toxicity through the gateway', () => {
  it('when the user is abusive, then the prompt is blocked and never reaches the model', async () => {
    const before = up.requests.length;
    const res = await client().chat.completions.create({
      model: 'gemma',
      messages: [{ role: 'user', content: ABUSIVE }],
    });
    assert.equal(res.choices[0]?.finish_reason, 'content_filter');
    assert.equal(res.choices[0]?.message.content, "Let's keep this respectful.");
    assert.equal(up.requests.length, before, 'the model was called');
    const rule = parapetOf(res).rules.find((r) => r.scanner === 'toxicity');
    assert.equal(rule?.stage, 'input');
    assert.equal(rule?.action, 'block');
  });

  it('when the user is polite, then the model answers', async () => {
    const res = await client().chat.completions.create({
      model: 'gemma',
      messages: [{ role: 'user', content: QUESTION }],
    });
    assert.equal(res.choices[0]?.finish_reason, 'stop');
    assert.equal(res.choices[0]?.message.content, `You said: ${QUESTION}`);
  });

  it('when the model replies with hate, then the reply is blocked', async () => {
    up.script({ kind: 'completion', text: HATEFUL_REPLY });
    const res = await client().chat.completions.create({
      model: 'gemma',
      messages: [{ role: 'user', content: QUESTION }],
    });
    assert.equal(res.choices[0]?.finish_reason, 'content_filter');
    assert.equal(res.choices[0]?.message.content, "Let's keep this respectful.");
    assert.equal(parapetOf(res).rules.find((r) => r.scanner === 'toxicity')?.stage, 'output');
  });

  it('when a hateful reply streams, then the stream ends with the refusal and not the hate', async () => {
    up.script({ kind: 'stream', deltas: HATEFUL_REPLY.match(/\S+\s*/g) ?? [] });
    const stream = await client().chat.completions.create({
      model: 'gemma',
      stream: true,
      messages: [{ role: 'user', content: QUESTION }],
    });
    let text = '';
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    assert.ok(!text.includes('disgusting'), text);
    assert.ok(text.endsWith("Let's keep this respectful."), text);
    assert.equal(finish, 'content_filter');
  });
});
