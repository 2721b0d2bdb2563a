import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatMessage } from '../backends/types.js';
import type { ScanFn } from '../contract/types.js';
import type { Policy } from '../policy/types.js';
import { guardInput } from './chat-stages.js';
import { inputEvent, stageContext, testPolicy, testRule } from './stage-test-helpers.js';
import { WITHHELD_TEXT } from './stored-text.js';

const EMAIL = 'ana@example.com';

/** Finds EMAIL; throws on any text containing 'BREAK' (a scanner that fails). */
const emails: ScanFn = ({ text }) => {
  if (text.includes('BREAK')) return Promise.reject(new Error('boom'));
  const start = text.indexOf(EMAIL);
  return Promise.resolve(
    start < 0
      ? { score: 0, findings: [] }
      : {
          score: 1,
          findings: [{ kind: 'EMAIL', score: 1, span: { start, end: start + EMAIL.length } }],
        },
  );
};

/** Blocks any text containing 'attack'. */
const attack: ScanFn = ({ text }) =>
  Promise.resolve({ score: text.includes('attack') ? 1 : 0, findings: [] });

const rule = testRule;

function policy(overrides: Partial<Policy> = {}): Policy {
  return testPolicy({
    input: [rule('pii', emails, { action: 'redact' }), rule('attack', attack)],
    ...overrides,
  });
}

const ctx = () => stageContext();

const event = inputEvent;

describe('guardInput: what is stored and forwarded besides the scanned messages', () => {
  const history: ChatMessage[] = [
    { role: 'system', content: `Escalate to ${EMAIL}.` },
    { role: 'user', content: 'Hello' },
  ];

  it('when a role outside scan_roles holds PII, then it is stored redacted, sent as written, and decides nothing', async () => {
    const input = await guardInput(policy(), history, ctx());
    assert.equal(input.stored[0]?.content, 'Escalate to [EMAIL_1].');
    assert.equal(input.forModel[0]?.content, history[0]?.content);
    assert.equal(input.stage.action, 'allow');
  });

  it('when redaction of a stored-only message fails, then a marker is stored, never the text', async () => {
    const messages: ChatMessage[] = [{ role: 'assistant', content: `BREAK ${EMAIL}` }, ...history];
    const input = await guardInput(policy(), messages, ctx());
    assert.equal(input.stored[0]?.content, WITHHELD_TEXT);
    assert.equal(input.stored[1]?.content, WITHHELD_TEXT);
    assert.ok(!JSON.stringify(event(policy(), input)).includes(EMAIL));
  });

  it('when a redact rule with on_error flag fails on a scanned message, then the model may get it but the event does not', async () => {
    const p = policy({ input: [rule('pii', emails, { action: 'redact', onError: 'flag' })] });
    const messages: ChatMessage[] = [{ role: 'user', content: `BREAK ${EMAIL}` }];
    const input = await guardInput(p, messages, ctx());
    assert.equal(input.blocked, false);
    assert.equal(input.forModel[0]?.content, messages[0]?.content);
    const stored = event(p, input);
    assert.deepEqual(
      stored.input.messages.map((m) => m.content),
      [WITHHELD_TEXT],
    );
    assert.ok(!JSON.stringify(stored).includes(EMAIL));
  });

  it('when stop holds PII, then it is redacted by the redact rules only, and in shadow mode sent as given', async () => {
    const stop = [EMAIL, 'attack'];
    const enforced = await guardInput(policy(), history, ctx(), stop);
    assert.deepEqual(enforced.stop, ['[EMAIL_1]', 'attack']);
    assert.equal(enforced.stage.action, 'redact', 'the block rule never read stop');
    const shadow = await guardInput(policy({ mode: 'shadow' }), history, ctx(), stop);
    assert.deepEqual(shadow.stop, stop);
    assert.equal((await guardInput(policy(), history, ctx())).stop, undefined);
  });

  it('when redaction of stop fails, then the rule fails closed (on_error block)', async () => {
    const input = await guardInput(policy(), history, ctx(), ['BREAK']);
    assert.equal(input.blocked, true);
  });
});
