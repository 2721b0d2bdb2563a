import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { allScanners } from '../scanners/registry.js';
import { loadPolicies, type LoadResult } from './load.js';

const deps = { countTokens: () => Promise.resolve(0) };
const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function load(files: Readonly<Record<string, string>>): { result: LoadResult; name: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'parapet-cascade-'));
  dirs.push(dir);
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text);
  return { result: loadPolicies(dir, { scanners: allScanners, deps }), name: path.basename(dir) };
}

const FAST = `  - id: fast
    scanner: banned-phrases
    action: block
    params: { phrases: [system prompt] }
`;
const gated = (id: string, on: string, band = '[0.3, 0.8]') => `  - id: ${id}
    scanner: regex
    action: flag
    when: { rule: ${on}, score_between: ${band} }
    params: { patterns: [{ name: ORDER_ID, pattern: 'ORD-\\d+' }] }
`;

describe('policy lint: when gates', () => {
  it('when a gate names a rule of the same stage, then the policy loads with the gate', () => {
    const { result } = load({
      'shop.yaml': `product: shop\nversion: 1\ninput:\n${FAST}${gated('slow', 'fast')}`,
    });
    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
    const slow = result.policies.get('shop')?.input.find((r) => r.id === 'slow');
    assert.deepEqual(slow?.when, { rule: 'fast', scoreBetween: [0.3, 0.8] });
  });

  it('when a gate names an unknown rule, then the error points at when.rule with file:line', () => {
    const { result, name } = load({
      'shop.yaml': `product: shop\nversion: 1\ninput:\n${FAST}${gated('slow', 'fsat')}`,
    });
    assert.equal(result.ok, false);
    assert.deepEqual(result.ok ? [] : result.errors, [
      `${name}/shop.yaml:11:19 input[1].when.rule: Unknown rule "fsat" in input (known: fast, slow)`,
    ]);
  });

  it('when gates form a cycle, then each rule of the loop is reported', () => {
    const { result, name } = load({
      'shop.yaml': `product: shop\nversion: 1\ninput:\n${gated('a', 'b')}${gated('b', 'a')}${gated('c', 'a')}`,
    });
    assert.deepEqual(result.ok ? [] : result.errors, [
      `${name}/shop.yaml:7:19 input[0].when.rule: when forms a cycle: a -> b -> a`,
      `${name}/shop.yaml:12:19 input[1].when.rule: when forms a cycle: b -> a -> b`,
    ]);
  });

  it('when a rule gates on itself, then that is a cycle', () => {
    const { result } = load({
      'shop.yaml': `product: shop\nversion: 1\ninput:\n${gated('a', 'a')}`,
    });
    assert.match(result.ok ? '' : (result.errors[0] ?? ''), /when forms a cycle: a -> a$/);
  });

  it('when the band is reversed or out of range, then the schema refuses it', () => {
    const { result, name } = load({
      'shop.yaml': `product: shop\nversion: 1\ninput:\n${FAST}${gated('slow', 'fast', '[0.8, 0.3]')}`,
    });
    assert.deepEqual(result.ok ? [] : result.errors, [
      `${name}/shop.yaml:11:40 input[1].when.score_between: Give [low, high] with low <= high`,
    ]);
  });

  it("when a child gates on its parent's rule, then it loads; a gate on another stage does not", () => {
    const base = `product: base\nversion: 1\ninput:\n${FAST}`;
    const ok = load({
      'base.yaml': base,
      'child.yaml': `product: child\nversion: 1\nextends: base\ninput:\n${gated('slow', 'fast')}`,
    });
    assert.ok(ok.result.ok, ok.result.ok ? '' : ok.result.errors.join('\n'));
    const wrongStage = load({
      'base.yaml': base,
      'child.yaml': `product: child\nversion: 1\nextends: base\noutput:\n${gated('slow', 'fast')}`,
    });
    assert.deepEqual(wrongStage.result.ok ? [] : wrongStage.result.errors, [
      `${wrongStage.name}/child.yaml:8:19 output[0].when.rule: Unknown rule "fast" in output (known: slow)`,
    ]);
  });
});

describe('the cascade example in policies/customer-support.yaml', () => {
  it('when its lines are uncommented, then the shipped policies load with the judge gated on prompt-injection', () => {
    const shipped = fileURLToPath(new URL('../../policies/', import.meta.url));
    const dir = mkdtempSync(path.join(tmpdir(), 'parapet-cascade-'));
    dirs.push(dir);
    cpSync(shipped, dir, { recursive: true });
    const file = path.join(dir, 'customer-support.yaml');
    const text = readFileSync(file, 'utf8');
    const example = /^ *# cascade example: begin\n([\s\S]*?)^ *# cascade example: end$/m.exec(text);
    assert.ok(example?.[1], 'the example and its markers are in the file');
    writeFileSync(file, text.replace(example[1], example[1].replace(/^( *)# /gm, '$1')));
    const result = loadPolicies(dir, { scanners: allScanners, deps });
    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
    const judge = result.policies.get('customer-support')?.input.find((r) => r.when);
    assert.equal(judge?.scanner, 'llm-judge');
    assert.deepEqual(judge?.when, { rule: 'prompt-injection', scoreBetween: [0.5, 0.92] });
  });
});
