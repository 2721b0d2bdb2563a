import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatMessage } from '../backends/types.js';
import type { ScanFn } from '../contract/types.js';
import type { Policy } from '../policy/types.js';
import { guardInput } from './chat-stages.js';
import { inputEvent, stageContext, testPolicy, testRule } from './stage-test-helpers.js';

/** Finds the word "sad" wherever it is, like the self-harm scanner finds a disclosure. */
const sad: ScanFn = ({ text }) => {
  const start = text.indexOf('sad');
  return Promise.resolve(
    start < 0
      ? { score: 0, findings: [] }
      : { score: 0.9, findings: [{ kind: 'sad', score: 0.9, span: { start, end: start + 3 } }] },
  );
};
const attack: ScanFn = ({ text }) =>
  Promise.resolve({ score: text.includes('attack') ? 1 : 0, findings: [] });
const broken: ScanFn = () => Promise.reject(new Error('boom'));

const care = testRule('care', sad, { action: 'flag', response: 'Help is near.' });
const policy = (overrides: Partial<Policy> = {}) =>
  testPolicy({ input: [testRule('attack', attack), care], ...overrides });
const user = (content: string): ChatMessage => ({ role: 'user', content });

const eventOf = inputEvent;

describe('a rule response in the input stage', () => {
  it('when a flag rule with a response fires, then the user is answered and not blocked', async () => {
    const p = policy();
    const input = await guardInput(p, [user('I am so sad')], stageContext());
    assert.deepEqual(input.response, { rule: 'care', text: 'Help is near.' });
    assert.equal(input.answered, true);
    assert.equal(input.blocked, false);
    assert.equal(input.stage.action, 'flag');
    const event = eventOf(p, input);
    assert.deepEqual(event.response, { rule: 'care', applied: true });
    assert.equal(event.flagged, true);
  });

  it('when another rule blocks too, then the response still answers and the block stands', async () => {
    const input = await guardInput(policy(), [user('sad attack')], stageContext());
    assert.equal(input.blocked, true);
    assert.equal(input.answered, true);
    assert.equal(input.response?.rule, 'care');
  });

  it('when nothing fires, then there is no response', async () => {
    const input = await guardInput(policy(), [user('Where is my order?')], stageContext());
    assert.equal(input.response, undefined);
    assert.equal(input.answered, false);
    assert.equal(eventOf(policy(), input).response, undefined);
  });

  it('when two rules with responses fire, then the first in stage order answers', async () => {
    const second = testRule('care-2', sad, { action: 'block', response: 'Second.' });
    const input = await guardInput(
      policy({ input: [care, second] }),
      [user('sad')],
      stageContext(),
    );
    assert.equal(input.response?.text, 'Help is near.');
  });

  it('when the policy is in shadow mode, then the response is recorded but not applied', async () => {
    const p = policy({ mode: 'shadow' });
    const input = await guardInput(p, [user('I am so sad')], stageContext());
    assert.equal(input.answered, false);
    assert.equal(input.response?.rule, 'care');
    assert.deepEqual(eventOf(p, input).response, { rule: 'care', applied: false });
  });

  it('when the finding is only in a tool result, then the model answers', async () => {
    const messages: ChatMessage[] = [
      user('Summarise this page'),
      { role: 'tool', content: 'A sad story about a lighthouse.' },
    ];
    const input = await guardInput(policy(), messages, stageContext());
    assert.equal(input.stage.action, 'flag');
    assert.equal(input.answered, false);
  });

  it('when the rule fails, then on_error applies and no response is given', async () => {
    const failing = testRule('care', broken, {
      action: 'flag',
      onError: 'flag',
      response: 'Help is near.',
    });
    const input = await guardInput(policy({ input: [failing] }), [user('sad')], stageContext());
    assert.equal(input.stage.action, 'flag');
    assert.equal(input.answered, false);
  });
});

describe('a rule response and the language gate', () => {
  it('when the gate fires the rule on foreign text, then no response is given', async () => {
    const english = testRule('care', sad, {
      action: 'flag',
      response: 'Help is near.',
      languages: ['eng'],
    });
    const input = await guardInput(
      policy({ input: [english], unsupportedLanguage: 'flag' }),
      [
        user(
          "Pourriez-vous me dire où se trouve mon colis ? Il devait arriver lundi et je n'ai aucune nouvelle depuis.",
        ),
      ],
      stageContext(),
    );
    assert.equal(input.stage.rules[0]?.fired, true);
    assert.ok(input.stage.rules[0]?.unsupportedLanguage);
    assert.equal(input.answered, false);
  });
});
