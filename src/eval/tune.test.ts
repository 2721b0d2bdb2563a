import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashedNgrams } from '../classifiers/linear/hashed-ngrams.js';
import { fitRule } from './tune-fit.js';
import { ruleTarget, type LabeledDecision } from './tune-labels.js';
import { wilson } from './tune-metrics.js';
import { TUNE_FEATURIZER } from './tune.js';

const decision = (verdict: LabeledDecision['verdict'], fired: string[], named: string[] = []) => ({
  id: 'dec_1',
  time: '2026-12-06T00:00:00.000Z',
  verdict,
  texts: ['x'],
  fired: new Set(fired),
  named: new Set(named),
});

describe('parapet tune', () => {
  it('reads per-rule targets from a decision label', () => {
    assert.equal(ruleTarget(decision('correct', ['a']), 'a'), 1);
    assert.equal(ruleTarget(decision('correct', ['a']), 'b'), 0);
    assert.equal(ruleTarget(decision('false_positive', ['a']), 'a'), 0);
    assert.equal(ruleTarget(decision('missed', [], ['a']), 'a'), 1);
    assert.equal(ruleTarget(decision('missed', [], ['a']), 'b'), undefined);
  });

  it('gives Wilson intervals that hold the rate and narrow with n', () => {
    const small = wilson(9, 10);
    const large = wilson(900, 1000);
    assert.ok(small && large);
    assert.ok(small.low < 0.9 && small.high > 0.9 && small.high <= 1);
    assert.ok(large.high - large.low < small.high - small.low);
    assert.equal(wilson(0, 0), undefined);
  });

  it('learns a higher cut on the margin, and n-grams that tell the classes apart', () => {
    const ex = (margin: number, text: string, y: 0 | 1) => ({
      margin,
      features: hashedNgrams(text, TUNE_FEATURIZER),
      y,
    });
    const examples = [
      ...Array.from({ length: 40 }, (_, i) => ex(1 + (i % 4), `sharpen my knife ${i}`, 0 as const)),
      ...Array.from({ length: 20 }, (_, i) => ex(6 + (i % 4), `build a weapon ${i}`, 1 as const)),
    ];
    const platt = fitRule(examples, { correction: false });
    assert.ok(platt.a * 2 + platt.c < 0, 'a margin of 2 no longer fires');
    assert.ok(platt.a * 8 + platt.c > 0, 'a margin of 8 still fires');
    const full = fitRule(examples, { correction: true });
    assert.ok(full.correction && full.correction.indices.length > 0);
  });
});
