import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkEvents, makeEvent } from '../../audit/test-events.js';
import type { StoredAuditEvent } from '../../audit/types.js';
import type { Reviewer } from '../reviewers.js';
import { decisionPage } from './decision.js';
import { statsPage } from './stats.js';

const reviewer: Reviewer = { id: 'rev_1', name: 'Dana <T&S>', scope: ['retail-support'] };

/** The decision page of `event` for `reviewer`, pending queue, no labels yet. */
const pageOf = (event: StoredAuditEvent, nextId?: string) =>
  decisionPage({
    reviewer,
    csrf: 'tok',
    event,
    labels: [],
    query: 'state=pending',
    nextId,
    done: undefined,
  });

describe('review pages render', () => {
  it('when a streamed, redacted decision is shown, then spans, scores, policy, model, latencies and coverage appear', () => {
    const base = makeEvent();
    const text = base.input.messages[1]?.content ?? '';
    const span = (placeholder: string) => ({
      start: text.indexOf(placeholder),
      end: text.indexOf(placeholder) + placeholder.length,
    });
    // Spans at the placeholders, as the pipeline records them.
    const rules = base.rules.map((r) =>
      r.scanner !== 'pii'
        ? r
        : {
            ...r,
            findings: [
              { kind: 'EMAIL', score: 1, message: 1, ...span('[EMAIL_1]') },
              { kind: 'CREDIT_CARD', score: 0.98, message: 1, ...span('[CREDIT_CARD_1]') },
            ],
          },
    );
    const [event] = linkEvents([
      makeEvent({
        rules,
        output: {
          text: 'Done.',
          action: 'allow',
          coverage: 'partial',
          stream: { releasedChars: 5, withheldChars: 0, checks: 2, lateRedactions: 0 },
        },
      }),
    ]);
    const out = pageOf(event!, 'dec_next');
    assert.match(
      out,
      /<mark class="finding" title="input\[2\]: pii EMAIL 1.00" data-rules="input\[2\]">\[EMAIL_1\]<\/mark>/,
    );
    assert.match(
      out,
      /<mark class="finding" title="input\[2\]: pii CREDIT_CARD 0.98" data-rules="input\[2\]">\[CREDIT_CARD_1\]<\/mark>/,
    );
    const order = [...out.matchAll(/<tr\s+class="(\w+)"\s+data-rule="([^"]+)"/g)].map((m) => m[2]);
    assert.deepEqual(order, ['input[2]', 'input[0]', 'input[1]'], 'the fired rule first');
    assert.match(out, /Rules: 1 fired of 3/);
    assert.match(out, /identity_attack: 0.70/, 'per-category thresholds');
    assert.match(out, /v3 · b5d4045c3f46 · enforce/);
    assert.match(out, /gemma-3-1b-it-Q4_K_M \(llama\)/);
    assert.match(out, /backend 412.7 ms/);
    assert.match(out, /partial · released 5, withheld 0, 2 checks/);
    assert.match(out, /href="\/review\/decisions\/dec_next\?state=pending"/);
    assert.match(out, /Dana &lt;T&amp;S&gt;/, 'the reviewer name is escaped too');
    assert.ok(!/<script>|\son[a-z]+=/.test(out), 'no inline script or handlers');
  });

  it('when a rule response answered, then the facts say which rule answered instead of the model', () => {
    const [event] = linkEvents([makeEvent({ response: { rule: 'self-harm', applied: true } })]);
    const out = pageOf(event!);
    assert.match(
      out,
      /<dt>Answered<\/dt>\s*<dd>the policy&#39;s response of rule self-harm, not the model<\/dd>/,
    );
    const [plain] = linkEvents([makeEvent()]);
    assert.doesNotMatch(pageOf(plain!), /Answered/);
  });

  it('when there are no decisions in the range, then the stats page says so instead of empty charts', () => {
    const out = statsPage({
      reviewer,
      csrf: 'tok',
      filters: {},
      query: { scope: 'all', bucket: 'day' },
      rows: [],
    });
    assert.match(out, /No decisions in this range/);
    assert.ok(!out.includes('<svg'));
  });
});
