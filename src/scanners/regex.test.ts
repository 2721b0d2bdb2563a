import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { regex } from './regex.js';
import { scanInputFor } from '../text/views.js';

const deps = { countTokens: () => Promise.reject(new Error('no model')) };
const params = regex.params.parse({
  patterns: [
    { name: 'ORDER_ID', pattern: '\\bORD-\\d{6}\\b' },
    { name: 'EMAIL', pattern: '\\b[\\w.+-]+@[\\w-]+\\.[\\w.-]+\\b', flags: 'i', score: 0.9 },
  ],
});
const scan = regex.create(params, deps);
const run = (text: string) => scan(scanInputFor(text, 'input', new AbortController().signal));

describe('regex', () => {
  it('when the text holds an order id and an email, then both are found, sorted, with their names', async () => {
    const text = 'Order ORD-123456 for jane.doe+shop@example.co.uk';
    const result = await run(text);
    assert.deepEqual(
      result.findings.map((f) => [f.kind, text.slice(f.span?.start, f.span?.end), f.score]),
      [
        ['ORDER_ID', 'ORD-123456', 1],
        ['EMAIL', 'jane.doe+shop@example.co.uk', 0.9],
      ],
    );
    assert.equal(result.score, 1);
  });

  it('when the number is too short to be an order id, then nothing is found', async () => {
    assert.equal((await run('ORD-12345 is incomplete')).findings.length, 0);
  });

  const refused: [string, object][] = [
    ['nested quantifiers', { name: 'BAD', pattern: '(a+)+$' }],
    ['an invalid expression', { name: 'BAD', pattern: '([a-z' }],
    ['a pattern matching the empty string', { name: 'BAD', pattern: '\\d*' }],
    ['a lower-case name', { name: 'order', pattern: 'x' }],
    ['the global flag', { name: 'X', pattern: 'x', flags: 'g' }],
  ];
  for (const [name, spec] of refused) {
    it(`when a pattern has ${name}, then the params are refused`, () => {
      assert.equal(regex.params.safeParse({ patterns: [spec] }).success, false);
    });
  }
});
