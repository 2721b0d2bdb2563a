import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { linkEvents, makeEvent } from '../audit/test-events.js';
import type { RuleOutcome } from '../audit/types.js';
import { exportRow, labelFor } from './export.js';
import type { Label, Verdict } from '../audit/review-types.js';

const label = (verdict: Verdict): Label => ({
  id: 'lbl_1',
  decisionId: 'dec_1',
  verdict,
  note: null,
  reviewer: 'rev_1',
  time: '2026-11-27T08:00:00.000Z',
});

const blockedOutput: RuleOutcome = {
  rule: 'output[0]',
  scanner: 'toxicity',
  scannerVersion: '2',
  stage: 'output',
  score: 0.93,
  threshold: 0.8,
  ruleAction: 'block',
  action: 'block',
  findings: [],
  durationMs: 5,
  cached: false,
};

describe('review export to the parapet eval schema', () => {
  it('when the verdicts and firing vary, then the label follows the documented table', () => {
    assert.equal(labelFor('correct', true), 1);
    assert.equal(labelFor('correct', false), 0);
    assert.equal(labelFor('false_positive', true), 0);
    assert.equal(labelFor('false_positive', false), 0);
    assert.equal(labelFor('missed', false), 1);
    assert.equal(labelFor('missed', true), 1);
  });

  it('when an input was redacted and judged correct, then the input row (user text only) is 1 and the output row 0', () => {
    const [event] = linkEvents([makeEvent()]);
    const input = exportRow(event!, label('correct'), 'input');
    const output = exportRow(event!, label('correct'), 'output');
    assert.equal(input?.label, 1);
    assert.ok(input?.text.startsWith('Hi, my order never arrived. [EMAIL_1]'));
    assert.ok(!input?.text.includes('Northwind'), 'the system prompt is not customer input');
    assert.deepEqual(input?.meta.scanners, ['pii']);
    assert.equal(output?.label, 0);
    assert.equal(output?.id, `${event!.id}:output`);
  });

  it('when an output block was a false positive, then its row is 0; a stage without text gives no row', () => {
    const [event] = linkEvents([makeEvent({ rules: [blockedOutput], action: 'block' })]);
    assert.equal(exportRow(event!, label('false_positive'), 'output')?.label, 0);
    const [inputOnly] = linkEvents([makeEvent({ output: null })]);
    assert.equal(exportRow(inputOnly!, label('missed'), 'output'), undefined);
  });
});
