import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { defineScanner } from '../contract/define-scanner.js';
import { loadPolicies, type LoadResult } from './load.js';

const quiet = () => () => Promise.resolve({ score: 0, findings: [] });
const scanners = [
  defineScanner({
    id: 'english-classifier',
    version: '1',
    stages: ['input', 'output'],
    localizes: false,
    languages: ['eng'],
    params: z.object({}).strict(),
    description: 'Trained on English.',
    create: quiet,
  }),
  defineScanner({
    id: 'rules',
    version: '1',
    stages: ['input', 'output'],
    localizes: false,
    params: z.object({}).strict(),
    description: 'Any language.',
    create: quiet,
  }),
];

function load(files: Record<string, string>): LoadResult {
  const dir = mkdtempSync(path.join(tmpdir(), 'parapet-unsupported-language-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return loadPolicies(dir, { scanners, deps: { countTokens: () => Promise.resolve(0) } });
}

const RULES =
  'input:\n  - scanner: english-classifier\n    action: block\n  - scanner: rules\n    action: flag\n';

describe('policy key unsupported_language', () => {
  it('when a policy leaves it out, then it is flag, and rules carry their scanner languages', () => {
    const result = load({ 'shop.yaml': `product: shop\nversion: 1\n${RULES}` });
    assert.ok(result.ok);
    const shop = result.policies.get('shop');
    assert.equal(shop?.unsupportedLanguage, 'flag');
    assert.deepEqual(shop?.input[0]?.languages, ['eng']);
    assert.equal(shop?.input[1]?.languages, undefined);
  });

  it('when a parent sets it, then children inherit it unless they set their own', () => {
    const result = load({
      'base.yaml': `product: base\nversion: 1\nunsupported_language: block\n${RULES}`,
      'kiosk.yaml': 'product: kiosk\nversion: 1\nextends: base\n',
      'lab.yaml': 'product: lab\nversion: 1\nextends: kiosk\nunsupported_language: allow\n',
    });
    assert.ok(result.ok);
    assert.equal(result.policies.get('base')?.unsupportedLanguage, 'block');
    assert.equal(result.policies.get('kiosk')?.unsupportedLanguage, 'block');
    assert.equal(result.policies.get('lab')?.unsupportedLanguage, 'allow');
  });

  it('when the value is not allow, flag or block, then the load fails at that key', () => {
    const result = load({ 'shop.yaml': 'product: shop\nversion: 1\nunsupported_language: warn\n' });
    assert.ok(!result.ok);
    assert.match(result.errors.join('\n'), /shop\.yaml:3:\d+ unsupported_language/);
  });
});
