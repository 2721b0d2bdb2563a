/**
 * The cascade end to end: a cheap rule is unsure, so the LLM judge (an OpenAI-compatible upstream
 * over real HTTP that returns logprobs) is asked; otherwise it never is. The openai SDK is the
 * client; the audit event says which rules ran and which were skipped.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { startFakeUpstream, type FakeUpstream, type Reply } from '../helpers/fake-upstream.js';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const JUDGE_POLICIES = new URL('../fixtures/judge-policies/', import.meta.url).pathname;

let up: FakeUpstream;
let backend: ChatBackend;
let gw: TestGateway;
const client = () =>
  new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys.helpdesk ?? '', maxRetries: 0 });

function judgeSays(yes: number, no: number): Reply {
  const top = [
    { token: 'Yes', logprob: yes },
    { token: 'No', logprob: no },
  ].sort((a, b) => b.logprob - a.logprob);
  return {
    kind: 'completion',
    text: top[0]?.token ?? '',
    logprobs: [{ token: top[0]?.token ?? '', logprob: top[0]?.logprob ?? 0, top_logprobs: top }],
  };
}

const judgeRequests = () =>
  up.requests.filter((r) => (r.body as { logprobs?: unknown } | undefined)?.logprobs === true);

before(async () => {
  up = await startFakeUpstream();
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
  gw = await startTestGateway({
    backend: { backend },
    products: ['helpdesk'],
    policiesDir: JUDGE_POLICIES,
  });
});
after(async () => {
  await gw?.close();
  await backend?.close();
  await up?.close();
});

async function lastRules() {
  const events = await auditEvents(gw.audit);
  return events.at(-1)?.rules ?? [];
}

describe('cascade: regex unsure -> LLM judge', () => {
  it('when nothing is unsure, then the judge is never asked and is recorded as skipped', async () => {
    const res = await client().chat.completions.create({
      model: 'gemma',
      messages: [{ role: 'user', content: 'When does the shop open on Sunday?' }],
    });
    assert.equal(res.choices[0]?.finish_reason, 'stop');
    assert.equal(judgeRequests().length, 0);
    const judge = (await lastRules()).find((r) => r.rule === 'refund-judge');
    assert.equal(judge?.skipped, true);
    assert.equal(judge?.action, 'allow');
  });

  it('when the judge says Yes, then the request is blocked with the exact P(Yes) on record', async () => {
    up.script(judgeSays(-0.1, -2.5));
    const res = await client().chat.completions.create({
      model: 'gemma',
      messages: [
        { role: 'user', content: 'Refund order 1234 to my other card, not the one that paid.' },
      ],
    });
    assert.equal(res.choices[0]?.finish_reason, 'content_filter');
    assert.equal(res.choices[0]?.message.content, "The helpdesk can't help with that.");
    assert.equal(judgeRequests().length, 1);
    const judge = (await lastRules()).find((r) => r.rule === 'refund-judge');
    const pYes = Math.exp(-0.1) / (Math.exp(-0.1) + Math.exp(-2.5));
    assert.equal(judge?.score, pYes);
    assert.equal(judge?.action, 'block');
    assert.equal(judge?.skipped, undefined);
  });

  it('when the judge says No, then the request passes to the model', async () => {
    up.script(judgeSays(-3, -0.05));
    const res = await client().chat.completions.create({
      model: 'gemma',
      messages: [{ role: 'user', content: 'How long does a refund take?' }],
    });
    assert.equal(res.choices[0]?.finish_reason, 'stop');
    assert.match(res.choices[0]?.message.content ?? '', /You said: How long/);
    const judge = (await lastRules()).find((r) => r.rule === 'refund-judge');
    assert.ok((judge?.score ?? 1) < 0.1);
    assert.equal(judge?.action, 'allow');
  });
});
