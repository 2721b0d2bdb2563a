import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spanMetrics, tokenize } from './span-metrics.js';
import type { GoldSpan } from './types.js';

/** A span over the first occurrence of `value` in `text` (UTF-16 offsets, like the datasets). */
function at(text: string, value: string, type: string): GoldSpan {
  const start = text.indexOf(value);
  assert.ok(start >= 0, `${value} not in text`);
  return { start, end: start + value.length, type };
}

const close = (actual: number | undefined, expected: number) => {
  assert.ok(actual !== undefined, `expected ${expected}, got undefined`);
  assert.ok(Math.abs(actual - expected) < 1e-9, `expected ${expected}, got ${actual}`);
};

describe('tokenize', () => {
  it('when an emoji precedes a word, then offsets count it as two UTF-16 units', () => {
    const text = '👋 Ana, hi';
    assert.deepEqual(tokenize(text), [
      { start: 0, end: 2 },
      { start: 3, end: 6 },
      { start: 6, end: 7 },
      { start: 8, end: 10 },
    ]);
  });
});

describe('spanMetrics', () => {
  it('when a name is predicted in two halves, then exact finds nothing but overlap and tokens find it', () => {
    const text = 'Call John Smith today';
    const m = spanMetrics([
      {
        text,
        gold: [at(text, 'John Smith', 'PERSON')],
        predicted: [at(text, 'John', 'PERSON'), at(text, 'Smith', 'PERSON')],
      },
    ]);
    const person = m.per_type.PERSON;
    assert.ok(person);
    assert.deepEqual([person.gold, person.predicted], [1, 2]);
    assert.deepEqual([person.precision, person.recall, person.f1, person.f2], [0, 0, 0, 0]);
    assert.deepEqual(person.overlap, { precision: 1, recall: 1, f1: 1, f2: 1 });
    assert.deepEqual(person.token, { precision: 1, recall: 1, f1: 1, f2: 1 });
  });

  it('when spans sit after an emoji, then exact matching on UTF-16 offsets works', () => {
    const text = '🙂🙂 mail ana@example.org now';
    const email = at(text, 'ana@example.org', 'EMAIL');
    assert.equal(email.start, 10); // two emoji = 4 units, not 2 code points
    const m = spanMetrics([{ text, gold: [email], predicted: [{ ...email }] }]);
    assert.deepEqual(m.micro, {
      gold: 1,
      predicted: 1,
      precision: 1,
      recall: 1,
      f1: 1,
      f2: 1,
      overlap: { precision: 1, recall: 1, f1: 1, f2: 1 },
      token: { precision: 1, recall: 1, f1: 1, f2: 1 },
    });
  });

  it('when gold spans overlap each other, then each type is scored on its own', () => {
    // An address that contains a city: both labels on the city's token.
    const text = 'Ship to 12 Oak Street, Springfield please';
    const address = at(text, '12 Oak Street, Springfield', 'ADDRESS');
    const city = at(text, 'Springfield', 'LOCATION');
    const m = spanMetrics([{ text, gold: [address, city], predicted: [city] }]);
    assert.deepEqual(m.per_type.LOCATION?.token, { precision: 1, recall: 1, f1: 1, f2: 1 });
    assert.equal(m.per_type.LOCATION?.precision, 1);
    // ADDRESS: 5 tokens (12, Oak, Street, ",", Springfield), none predicted as ADDRESS.
    assert.deepEqual(m.per_type.ADDRESS?.token, { recall: 0, f1: 0, f2: 0 });
    assert.deepEqual([m.micro.gold, m.micro.predicted, m.micro.recall], [2, 1, 0.5]);
  });

  it('when a prediction has the wrong type, then it is a false positive of its type and a miss of the gold type', () => {
    const text = 'Ana Lima wrote';
    const m = spanMetrics([
      { text, gold: [at(text, 'Ana Lima', 'PERSON')], predicted: [at(text, 'Ana Lima', 'ORG')] },
    ]);
    assert.deepEqual(m.per_type.ORG?.precision, 0);
    assert.ok(!('recall' in (m.per_type.ORG ?? {})), 'no gold ORG: recall is absent');
    assert.ok(!('f1' in (m.per_type.ORG ?? {})));
    assert.equal(m.per_type.PERSON?.recall, 0);
    assert.ok(!('precision' in (m.per_type.PERSON ?? {})), 'nothing predicted as PERSON');
  });

  it('when counts differ by type, then micro figures pool the counts (hand-computed F2)', () => {
    const a = 'x a@b.io y 555-123-4567';
    const b = 'call 555-000-1111 or 555-222-3333';
    const m = spanMetrics([
      { text: a, gold: [at(a, 'a@b.io', 'EMAIL')], predicted: [at(a, 'a@b.io', 'EMAIL')] },
      {
        text: b,
        gold: [at(b, '555-000-1111', 'PHONE'), at(b, '555-222-3333', 'PHONE')],
        predicted: [at(b, '555-000-1111', 'PHONE')],
      },
    ]);
    // gold 3, predicted 2, exact TP 2: P 1, R 2/3, F1 .8, F2 = 5·(2/3)/(4 + 2/3) = 5/7.
    close(m.micro.precision, 1);
    close(m.micro.recall, 2 / 3);
    close(m.micro.f1, 0.8);
    close(m.micro.f2, 5 / 7);
    assert.equal(m.n, 2);
  });

  it('when the same span is predicted twice, then the duplicate is a false positive for exact match', () => {
    const text = 'id 123-45-6789';
    const ssn = at(text, '123-45-6789', 'SSN');
    const m = spanMetrics([{ text, gold: [ssn], predicted: [ssn, { ...ssn }] }]);
    assert.deepEqual([m.micro.precision, m.micro.recall], [0.5, 1]);
    assert.equal(m.micro.overlap.precision, 1);
  });

  it('when there are no spans at all, then figures are absent instead of 0', () => {
    const m = spanMetrics([{ text: 'nothing here', gold: [], predicted: [] }]);
    assert.deepEqual(m.per_type, {});
    assert.deepEqual(m.micro, { gold: 0, predicted: 0, overlap: {}, token: {} });
  });
});
