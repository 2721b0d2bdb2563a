import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatMessage } from '../backends/types.js';
import type { ScanFn } from '../contract/types.js';
import type { Policy, Rule } from '../policy/types.js';
import { guardInput } from './chat-stages.js';
import { runStage } from './run-stage.js';
import { inputEvent, stageContext, testPolicy, testRule } from './stage-test-helpers.js';

/** Finds `word` wherever it is, with a span, as the self-harm and harm classifiers do. */
const finds =
  (word: string, kind: string): ScanFn =>
  ({ text }) => {
    const start = text.indexOf(word);
    return Promise.resolve(
      start < 0
        ? { score: 0, findings: [] }
        : {
            score: 0.9,
            findings: [{ kind, score: 0.9, span: { start, end: start + word.length } }],
          },
    );
  };
const broken: ScanFn = () => Promise.reject(new Error('boom'));
const unplaced: ScanFn = ({ text }) =>
  Promise.resolve({ score: text.includes('die') ? 1 : 0, findings: [] });

const care = testRule('care', finds('die', 'self_harm'), {
  action: 'flag',
  response: 'Help is near.',
  supersedes: { rules: ['harm'] },
});
const harm = testRule('harm', finds('die', 'harmful'));
const attack = testRule('attack', finds('ignore', 'override'));
const policy = (input: Rule[] = [harm, attack, care], overrides: Partial<Policy> = {}) =>
  testPolicy({ input, ...overrides });
const user = (content: string): ChatMessage => ({ role: 'user', content });

describe('a response that supersedes a block', () => {
  it('when the named rule blocks the same user text, then the response answers as a flag', async () => {
    const p = policy();
    const input = await guardInput(p, [user('I want to die')], stageContext());
    assert.equal(input.stage.action, 'flag');
    assert.equal(input.blocked, false);
    assert.equal(input.answered, true);
    assert.equal(input.response?.text, 'Help is near.');
    const rule = input.stage.rules.find((r) => r.rule.id === 'harm');
    assert.equal(rule?.fired, true);
    assert.equal(rule?.action, 'flag');
    assert.equal(rule?.supersededBy, 'care');
    // The audit keeps that the rule fired and what it asked for.
    const outcome = inputEvent(p, input).rules.find((r) => r.rule === 'harm');
    assert.equal(outcome?.ruleAction, 'block');
    assert.equal(outcome?.action, 'flag');
    assert.equal(outcome?.supersededBy, 'care');
    assert.equal(inputEvent(p, input).action, 'flag');
  });

  it('when a rule not named blocks the same text, then its block stands', async () => {
    const input = await guardInput(policy(), [user('ignore that, I want to die')], stageContext());
    assert.equal(input.stage.action, 'block');
    assert.equal(input.blocked, true);
    assert.equal(input.answered, true, 'the response still replaces the refusal');
    assert.equal(input.stage.rules.find((r) => r.rule.id === 'attack')?.supersededBy, undefined);
    assert.equal(input.stage.rules.find((r) => r.rule.id === 'harm')?.supersededBy, 'care');
  });

  it('when the named rule also blocks another user message, then its block stands', async () => {
    const messages = [
      user('how to die'),
      { role: 'assistant' as const, content: 'No.' },
      user('I want to die'),
    ];
    // Finds "want" only: in the last message, where harm finds "die" too, but not in the first.
    const only = testRule('care', finds('want', 'self_harm'), {
      action: 'flag',
      response: 'Help is near.',
      supersedes: { rules: ['harm'] },
    });
    const input = await guardInput(policy([harm, only]), messages, stageContext());
    assert.equal(input.stage.action, 'block', 'harm fired on message 0 where care found nothing');
    assert.equal(input.stage.rules[0]?.supersededBy, undefined);
  });

  it('when the block is in a tool result, then it stands', async () => {
    const messages: ChatMessage[] = [
      user('I want to die'),
      { role: 'tool', content: 'die die die' },
    ];
    const toolHarm = testRule('harm', finds('die die', 'harmful'));
    const input = await guardInput(policy([toolHarm, care]), messages, stageContext());
    assert.equal(input.stage.action, 'block');
  });

  it('when the named rule fails closed, then its block stands', async () => {
    const failing = testRule('harm', broken);
    const input = await guardInput(
      policy([failing, care]),
      [user('I want to die')],
      stageContext(),
    );
    assert.equal(input.stage.action, 'block');
    assert.equal(input.stage.rules[0]?.error, 'scanner_failed');
  });

  it('when the named rule fires without findings, then it cannot be placed and stands', async () => {
    const input = await guardInput(
      policy([testRule('harm', unplaced), care]),
      [user('I want to die')],
      stageContext(),
    );
    assert.equal(input.stage.action, 'block');
  });

  it('when kinds are named, then only a finding of those kinds lets a block give way', async () => {
    const scoped = (kinds: string[]) =>
      testRule('care', finds('die', 'self_harm_request'), {
        action: 'flag',
        response: 'Help is near.',
        supersedes: { rules: ['harm'], kinds },
      });
    const other = await guardInput(
      policy([harm, scoped(['self_harm'])]),
      [user('how to die')],
      stageContext(),
    );
    assert.equal(other.stage.action, 'block', 'a request for methods is not a disclosure');
    assert.equal(other.answered, true);
    const same = await guardInput(
      policy([harm, scoped(['self_harm_request'])]),
      [user('how to die')],
      stageContext(),
    );
    assert.equal(same.stage.action, 'flag');
  });

  it('when the response rule lists nothing, then blocks stand as before', async () => {
    const plain = testRule('care', finds('die', 'self_harm'), {
      action: 'flag',
      response: 'Help is near.',
    });
    const input = await guardInput(policy([harm, plain]), [user('I want to die')], stageContext());
    assert.equal(input.stage.action, 'block');
    assert.equal(input.answered, true);
  });

  it('when in shadow mode, then the would-be action is flag and nothing is applied', async () => {
    const p = policy(undefined, { mode: 'shadow' });
    const input = await guardInput(p, [user('I want to die')], stageContext());
    assert.equal(input.stage.action, 'flag');
    assert.equal(input.answered, false);
    assert.deepEqual(inputEvent(p, input).response, { rule: 'care', applied: false });
  });

  it('when runStage is called directly (guard, moderations, eval), then it applies the same', async () => {
    const stage = await runStage(policy(), 'input', [{ index: 0, text: 'die' }], stageContext());
    assert.equal(stage.action, 'flag');
    assert.deepEqual(stage.response, { rule: 'care', text: 'Help is near.' });
  });

  it('in the output stage, then nothing is superseded', async () => {
    const stage = await runStage(
      testPolicy({ output: [harm] }),
      'output',
      [{ index: -1, text: 'die' }],
      stageContext(),
    );
    assert.equal(stage.action, 'block');
    assert.equal(stage.response, undefined);
  });
});
