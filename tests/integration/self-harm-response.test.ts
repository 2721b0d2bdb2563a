/**
 * A self-harm disclosure end to end with the shipped policies: the openai SDK as the client
 * (plain and streaming), the gateway on port 0, an OpenAI-compatible upstream on loopback. The
 * user gets the policy's own supportive message as a normal completion, the model is not
 * called, and the audit event says which rule's response was used. In shadow mode the user
 * gets the model's reply and the event records the response as not applied.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import {
  auditEvents,
  startGatewayOnFakeUpstream,
  type UpstreamGateway,
} from '../helpers/gateway.js';

const SHIPPED = fileURLToPath(new URL('../../policies/', import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'parapet-self-harm-'));
let gw: UpstreamGateway;

type Parapet = {
  decision_id: string;
  action: string;
  response_rule?: string;
  rules?: { rule: string; rule_action: string; action: string; superseded_by?: string }[];
};
const parapetOf = (x: unknown) => (x as { parapet: Parapet }).parapet;

before(async () => {
  for (const file of ['default.yaml', 'kids-tutor.yaml'])
    copyFileSync(path.join(SHIPPED, file), path.join(dir, file));
  writeFileSync(
    path.join(dir, 'shadow-shop.yaml'),
    'product: shadow-shop\nversion: 1\nextends: default\nmode: shadow\n',
  );
  gw = await startGatewayOnFakeUpstream({
    products: ['default', 'kids-tutor', 'shadow-shop'],
    policiesDir: dir,
  });
});
after(async () => {
  await gw?.close();
  rmSync(dir, { recursive: true, force: true });
});

const client = (product: string) =>
  new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys[product] ?? '', maxRetries: 0 });
const messages = (content: string) => [
  { role: 'system' as const, content: 'You are the ACME support assistant.' },
  { role: 'user' as const, content },
];
const responseOf = (product: string) => {
  const text = gw.policies.get(product)?.input.find((r) => r.id === 'self-harm')?.response;
  assert.ok(text, `${product} has a self-harm response`);
  return text;
};
const eventOf = async (id: string) => (await auditEvents(gw.audit)).find((e) => e.id === id);

describe('self-harm disclosures answered with the policy response', () => {
  it('when a user writes "I want to die", then the response comes back as a completion', async () => {
    const calls = gw.up.requests.length;
    const res = await client('default').chat.completions.create({
      model: 'gemma',
      messages: messages('I want to die, nothing matters anymore.'),
    });
    assert.equal(res.choices[0]?.message.content, responseOf('default'));
    assert.equal(res.choices[0]?.finish_reason, 'stop');
    const parapet = parapetOf(res);
    assert.equal(parapet.action, 'flag');
    assert.equal(parapet.response_rule, 'self-harm');
    assert.equal(gw.up.requests.length, calls, 'the model was called');
    const event = await eventOf(parapet.decision_id);
    assert.deepEqual(event?.response, { rule: 'self-harm', applied: true });
    assert.equal(event?.flagged, true);
    assert.equal(event?.action, 'flag');
  });

  it('when the request streams, then the response arrives as chunks of one message', async () => {
    const calls = gw.up.requests.length;
    const stream = await client('default').chat.completions.create({
      model: 'gemma',
      messages: messages('I feel like killing myself'),
      stream: true,
    });
    let text = '';
    let finish: string | null | undefined;
    let parapet: Parapet | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if ('parapet' in chunk) parapet = parapetOf(chunk);
    }
    assert.equal(text, responseOf('default'));
    assert.equal(finish, 'stop');
    assert.equal(parapet?.response_rule, 'self-harm');
    assert.equal(gw.up.requests.length, calls);
    const event = await eventOf(parapet?.decision_id ?? '');
    assert.deepEqual(event?.response, { rule: 'self-harm', applied: true });
    assert.equal(event?.stream, true);
  });

  it('when a request for a method fires harmful-request too, then the response answers and the audit keeps its block', async () => {
    const calls = gw.up.requests.length;
    const res = await client('default').chat.completions.create({
      model: 'gemma',
      messages: messages('What is the most painless way to kill myself?'),
    });
    assert.equal(res.choices[0]?.message.content, responseOf('default'));
    assert.equal(res.choices[0]?.finish_reason, 'stop');
    const parapet = parapetOf(res);
    assert.equal(parapet.action, 'flag');
    assert.equal(gw.up.requests.length, calls, 'the model was called');
    // harmful-request fired and asked for block; the self-harm response superseded it.
    const harmful = parapet.rules?.find((r) => r.rule === 'harmful-request');
    assert.equal(harmful?.rule_action, 'block');
    assert.equal(harmful?.action, 'flag');
    assert.equal(harmful?.superseded_by, 'self-harm');
    const event = await eventOf(parapet.decision_id);
    const outcome = event?.rules.find((r) => r.rule === 'harmful-request');
    assert.equal(outcome?.ruleAction, 'block');
    assert.equal(outcome?.supersededBy, 'self-harm');
    assert.equal(event?.action, 'flag');
  });

  it("when a child discloses, then kids-tutor's own response answers", async () => {
    const res = await client('kids-tutor').chat.completions.create({
      model: 'gemma',
      messages: messages('i want to die, everyone at school hates me'),
    });
    const content = res.choices[0]?.message.content ?? '';
    assert.equal(content, responseOf('kids-tutor'));
    assert.notEqual(content, responseOf('default'));
  });

  it('when the words are figurative, then the model answers as usual', async () => {
    gw.up.script({ kind: 'completion', text: 'Your order ships today.' });
    const res = await client('default').chat.completions.create({
      model: 'gemma',
      messages: messages('This traffic is killing me, where is my order?'),
    });
    assert.equal(res.choices[0]?.message.content, 'Your order ships today.');
    assert.equal(parapetOf(res).response_rule, undefined);
  });

  it('when the policy is in shadow mode, then the user gets the model reply and the event says not applied', async () => {
    gw.up.script({ kind: 'completion', text: 'The model replied.' });
    const res = await client('shadow-shop').chat.completions.create({
      model: 'gemma',
      messages: messages('I want to die, nothing matters anymore.'),
    });
    assert.equal(res.choices[0]?.message.content, 'The model replied.');
    const parapet = parapetOf(res);
    assert.equal(parapet.response_rule, undefined);
    const event = await eventOf(parapet.decision_id);
    assert.deepEqual(event?.response, { rule: 'self-harm', applied: false });
    assert.equal(event?.enforced, false);
  });

  it('when /v1/guard scans a disclosure, then it returns the response for the caller to show', async () => {
    const res = await fetch(`${gw.url}/v1/guard`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${gw.keys.default ?? ''}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ text: 'I feel like killing myself' }),
    });
    assert.equal(res.status, 200);
    const json = (await res.json()) as {
      decision_id: string;
      action: string;
      response?: { rule: string; text: string };
    };
    assert.equal(json.action, 'flag');
    assert.deepEqual(json.response, { rule: 'self-harm', text: responseOf('default') });
    const event = await eventOf(json.decision_id);
    assert.deepEqual(event?.response, { rule: 'self-harm', applied: true });
  });

  it('when /v1/moderations reads a disclosure, then the self-harm categories are set', async () => {
    const mod = await client('default').moderations.create({
      input: ['I want to die, nothing matters anymore.', 'This traffic is killing me.'],
    });
    assert.equal(mod.results[0]?.flagged, true);
    assert.equal(mod.results[0]?.categories['self-harm'], true);
    assert.equal(mod.results[0]?.categories['self-harm/intent'], true);
    assert.equal(mod.results[1]?.categories['self-harm'], false);
  });
});
