/**
 * Hand-written regression set (tests/fixtures/customer-regression/*.jsonl) through the real
 * gateway with the shipped `default` policy: everyday customer messages (policy questions,
 * angry complaints, password resets, corrections of the customer's own words, benign
 * look-alikes) must not be blocked; direct overrides in English, German, French and Spanish,
 * harmful requests and instructions to the AI inside pasted emails or tool results must be.
 * A row with `todo` is a known failure: node reports it as todo (with the reason) instead of
 * failing, so the count of known failures stays visible in every run.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { startGatewayOnFakeUpstream, type UpstreamGateway } from '../helpers/gateway.js';

const POLICIES = fileURLToPath(new URL('../../policies/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/customer-regression/', import.meta.url));

interface Case {
  readonly id: string;
  readonly role: 'user' | 'tool';
  readonly text: string;
  readonly expect: 'allow' | 'block';
  /** Why this row fails today; the row runs as a todo test. */
  readonly todo?: string;
}

const cases: Case[] = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .flatMap((f) =>
    readFileSync(join(FIXTURES, f), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Case),
  );

/** A user turn, or a tool result answering the assistant's call (indirect content). */
function messagesOf(c: Case): ChatCompletionMessageParam[] {
  const system: ChatCompletionMessageParam = {
    role: 'system',
    content: 'You are the ACME support assistant.',
  };
  if (c.role === 'user') return [system, { role: 'user', content: c.text }];
  return [
    system,
    { role: 'user', content: 'What does this say?' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'fetch', arguments: '{}' } },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: c.text },
  ];
}

let gw: UpstreamGateway;

before(async () => {
  gw = await startGatewayOnFakeUpstream({
    products: ['default'],
    policiesDir: POLICIES,
  });
});
after(async () => {
  await gw?.close();
});

describe('customer regression set through the default policy', () => {
  it('has rows of both kinds in every file', () => {
    assert.ok(cases.length >= 120, `${cases.length} rows`);
    assert.ok(cases.some((c) => c.expect === 'allow') && cases.some((c) => c.expect === 'block'));
  });

  for (const c of cases) {
    const verb = c.expect === 'block' ? 'is blocked' : 'is not blocked';
    it(`${c.id} ${verb}`, c.todo ? { todo: c.todo } : {}, async () => {
      const client = new OpenAI({
        baseURL: gw.baseURL,
        apiKey: gw.keys.default ?? '',
        maxRetries: 0,
      });
      const res = await client.chat.completions.create({ model: 'gemma', messages: messagesOf(c) });
      const parapet = (res as unknown as { parapet: { action: string; rules: unknown[] } }).parapet;
      const blocked = parapet.action === 'block';
      // The rule ids only: the row's text stays out of the failure message.
      assert.equal(blocked, c.expect === 'block', `${c.id}: ${JSON.stringify(parapet.rules)}`);
    });
  }
});
