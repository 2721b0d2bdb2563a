import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { makeFakeScanners } from '../../tests/fixtures/policies/fake-scanners.js';
import { loadPolicies, type LoadResult } from './load.js';

function load(files: Record<string, string>): LoadResult {
  const dir = mkdtempSync(path.join(tmpdir(), 'parapet-response-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  const { scanners } = makeFakeScanners();
  return loadPolicies(dir, { scanners, deps: { countTokens: () => Promise.resolve(0) } });
}

const shop = (rules: string) => `product: shop\nversion: 1\n${rules}`;

function errorsOf(result: LoadResult): readonly string[] {
  if (result.ok) assert.fail('expected the load to fail');
  return result.errors;
}

describe('a rule response', () => {
  it('when an input flag rule has a response, then the resolved rule carries it', () => {
    const result = load({
      'shop.yaml': shop(
        'input:\n  - scanner: keywords\n    action: flag\n    params: { words: [sad] }\n    response: "We are here for you."\n',
      ),
    });
    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
    assert.equal(result.policies.get('shop')?.input[0]?.response, 'We are here for you.');
  });

  it('when a child overrides the rule without a response, then the response is gone', () => {
    const result = load({
      'base.yaml':
        'product: base\nversion: 1\ninput:\n  - id: care\n    scanner: keywords\n    action: block\n    params: { words: [sad] }\n    response: Help is near.\n',
      'shop.yaml':
        'product: shop\nversion: 1\nextends: base\ninput:\n  - id: care\n    scanner: keywords\n    action: flag\n    params: { words: [sad] }\n',
    });
    assert.ok(result.ok);
    assert.equal(result.policies.get('base')?.input[0]?.response, 'Help is near.');
    assert.equal(result.policies.get('shop')?.input[0]?.response, undefined);
  });

  const broken: [string, string, RegExp][] = [
    [
      'an output rule',
      'output:\n  - scanner: keywords\n    action: flag\n    params: { words: [sad] }\n    response: Hi.\n',
      /shop\.yaml:\d+:\d+ output\[0\]\.response: response applies only to input rules/,
    ],
    [
      'an allow rule',
      'input:\n  - scanner: keywords\n    action: allow\n    params: { words: [sad] }\n    response: Hi.\n',
      /input\[0\]\.response: response applies only to action flag or block \(this rule's action is allow\)/,
    ],
    [
      'a blank response',
      'input:\n  - scanner: keywords\n    action: flag\n    params: { words: [sad] }\n    response: "   "\n',
      /input\[0\]\.response: Must not be blank/,
    ],
    [
      'a response that is not text',
      'input:\n  - scanner: keywords\n    action: flag\n    params: { words: [sad] }\n    response: [a, b]\n',
      /input\[0\]\.response: .*expected string/,
    ],
    [
      'a response over 2000 characters',
      `input:\n  - scanner: keywords\n    action: block\n    params: { words: [sad] }\n    response: ${'a'.repeat(2001)}\n`,
      /input\[0\]\.response: Too big/,
    ],
  ];
  for (const [name, rules, expected] of broken) {
    it(`when ${name} has a response, then the load fails at its line`, () => {
      const errors = errorsOf(load({ 'shop.yaml': shop(rules) }));
      assert.ok(
        errors.some((e) => expected.test(e)),
        errors.join('\n'),
      );
    });
  }
});

describe("a response's supersedes", () => {
  const base =
    'product: base\nversion: 1\ninput:\n  - id: harm\n    scanner: keywords\n    action: block\n    params: { words: [die] }\n';
  const care = (supersedes: string) =>
    `  - id: care\n    scanner: keywords\n    action: flag\n    params: { words: [die] }\n    response: Help is near.\n    supersedes: ${supersedes}\n`;

  it("when a child's response names a parent's block rule, then the resolved rule carries it", () => {
    const result = load({
      'base.yaml': base,
      'shop.yaml': `product: shop\nversion: 1\nextends: base\ninput:\n${care('{ rules: [harm], kinds: [self_harm] }')}`,
    });
    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
    const rule = result.policies.get('shop')?.input.find((r) => r.id === 'care');
    assert.deepEqual(rule?.supersedes, { rules: ['harm'], kinds: ['self_harm'] });
  });

  const broken: [string, string, RegExp][] = [
    [
      'names an unknown rule',
      care('{ rules: [harms] }'),
      /input\[1\]\.supersedes\.rules: Unknown rule "harms"/,
    ],
    [
      'names itself',
      care('{ rules: [care] }'),
      /input\[1\]\.supersedes\.rules: A rule cannot supersede itself/,
    ],
    ['names no rule', care('{ rules: [] }'), /input\[1\]\.supersedes\.rules: Too small/],
    ['is a bare list', care('[harm]'), /input\[1\]\.supersedes: .*expected object/],
    [
      'has no response',
      '  - id: care\n    scanner: keywords\n    action: flag\n    params: { words: [die] }\n    supersedes: { rules: [harm] }\n',
      /input\[1\]\.supersedes: supersedes goes with response/,
    ],
  ];
  for (const [name, rule, expected] of broken) {
    it(`when supersedes ${name}, then the load fails at its line`, () => {
      const text = base.replace('product: base', 'product: shop') + rule;
      const errors = errorsOf(load({ 'shop.yaml': text }));
      assert.ok(
        errors.some((e) => expected.test(e)),
        errors.join('\n'),
      );
    });
  }
});
