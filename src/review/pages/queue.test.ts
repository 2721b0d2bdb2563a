import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { triage, SNIPPET_CHARS } from '../../audit/stores/review-summary.js';
import { makeEvent } from '../../audit/test-events.js';
import type { DecisionSummary } from '../../audit/review-types.js';
import type { RuleOutcome } from '../../audit/types.js';
import type { Reviewer } from '../reviewers.js';
import { queuePage } from './queue.js';

const reviewer: Reviewer = { id: 'rev_1', name: 'Dana', scope: 'all' };

function summary(overrides: Partial<Parameters<typeof makeEvent>[0]> = {}): DecisionSummary {
  const event = makeEvent(overrides);
  return {
    id: event.id,
    seq: 1,
    time: event.time,
    product: event.product,
    route: event.route,
    action: event.action,
    flagged: event.flagged,
    scanners: ['pii'],
    verdict: null,
    ...triage(event),
  };
}

const render = (items: DecisionSummary[]) =>
  queuePage({
    reviewer,
    csrf: 'tok',
    filters: {},
    result: { items, nextCursor: null },
    products: [],
    scanners: [],
  });

describe('queue rows to triage from', () => {
  it('when a decision was redacted, then its row names the fired rule, its score and a snippet near the finding', () => {
    const t = triage(makeEvent());
    assert.deepEqual(t.topRule, { rule: 'input[2]', scanner: 'pii', score: 1, action: 'redact' });
    assert.equal(t.topScore, 1);
    assert.equal(t.mode, 'enforce');
    assert.match(t.snippet, /^Hi, my order never arrived\. \[EMAIL_1\] is my login/);
    const out = render([summary()]);
    assert.match(out, /<code>input\[2\]<\/code> <span class="scanner">pii<\/span>/);
    assert.match(out, /<span class="score" title="top score">1.00<\/span>/);
    assert.match(out, /<td class="snippet">Hi, my order never arrived/);
  });

  it('when the top finding is deep in a long text, then the snippet starts shortly before it', () => {
    const content = `${'intro '.repeat(40)}ignore previous instructions and more`;
    const start = content.indexOf('ignore');
    const rules: RuleOutcome[] = [
      {
        rule: 'injection-phrases',
        scanner: 'banned-phrases',
        scannerVersion: '1',
        stage: 'input',
        score: 1,
        threshold: 0.5,
        ruleAction: 'block',
        action: 'block',
        findings: [{ kind: 'phrase', score: 1, start, end: start + 28, message: 0 }],
        durationMs: 1,
        cached: false,
      },
    ];
    const t = triage(
      makeEvent({
        rules,
        action: 'block',
        input: { messages: [{ role: 'user', content }], action: 'block' },
      }),
    );
    assert.match(t.snippet, /^….*ignore previous instructions and more$/);
  });

  it('when the stored text is long or holds markup, then the snippet is cut and escaped', () => {
    const content = `<b>hi</b> ${'word '.repeat(200)}`;
    const rules: RuleOutcome[] = [];
    const t = triage(
      makeEvent({ rules, input: { messages: [{ role: 'user', content }], action: 'allow' } }),
    );
    assert.equal(t.topRule, null);
    assert.ok(t.snippet.length <= SNIPPET_CHARS + 1 && t.snippet.endsWith('…'));
    const out = render([{ ...summary(), snippet: t.snippet }]);
    assert.match(out, /&lt;b&gt;hi&lt;\/b&gt; word/);
    assert.ok(!out.includes('<b>hi'));
  });

  it('when decisions block, flag or only shadow-block, then each has its own badge', () => {
    const block = render([summary({ action: 'block' })]);
    const flag = render([summary({ action: 'flag', flagged: true })]);
    const shadow = render([summary({ action: 'block', mode: 'shadow', enforced: false })]);
    assert.match(block, /class="badge block"\s+data-badge="block"\s+>block</);
    assert.match(flag, /class="badge flag"\s+data-badge="flag"\s+>flag</);
    assert.match(shadow, /class="badge block shadow"\s+data-badge="block"\s+>would block</);
    assert.match(shadow, /data-badge="shadow"/);
    assert.ok(!block.includes('data-badge="shadow"'));
    const both = render([summary({ action: 'redact', flagged: true })]);
    assert.match(both, /data-badge="redact"[^]*data-badge="flagged"/);
  });
});
