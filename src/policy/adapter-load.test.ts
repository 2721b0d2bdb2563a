import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { hashedNgrams } from '../classifiers/linear/hashed-ngrams.js';
import { runStage } from '../pipeline/run-stage.js';
import { stageContext } from '../pipeline/stage-test-helpers.js';
import { allScanners } from '../scanners/registry.js';
import { ADAPTER_FORMAT } from './adapter-file.js';
import { loadPolicies, type LoadResult } from './load.js';

const deps = { countTokens: () => Promise.resolve(0) };
const dirs: string[] = [];
after(() => {
  dirs.forEach((d) => {
    rmSync(d, { recursive: true, force: true });
  });
});

const FEATURIZER = { kind: 'hashed-ngrams', buckets: 1024, word_ngrams: [1], char_ngrams: [3] };
const POLICY = `product: shop
version: 1
adapter: shop.adapter.json
input:
  - { id: knives, scanner: banned-phrases, action: block, params: { phrases: [knife] } }
  - { id: mails, scanner: pii, action: redact, params: { entities: [EMAIL] } }
`;

function adapterFile(overrides: Record<string, unknown> = {}, rule: Record<string, unknown> = {}) {
  return {
    format: ADAPTER_FORMAT,
    version: 1,
    product: 'shop',
    mode: 'enforce',
    created: '2026-12-06T00:00:00.000Z',
    fitted_on: { labels: 100, from: '2026-12-01T00:00:00Z', to: '2026-12-05T00:00:00Z' },
    featurizer: FEATURIZER,
    // margin of a match is logit(1) − logit(0.5) ≈ 13.8: c = −20 silences the rule ...
    rules: [{ stage: 'input', rule: 'knives', platt: { a: 1, c: -20 }, ...rule }],
    ...overrides,
  };
}

function load(adapter: unknown, policy = POLICY): LoadResult {
  const dir = mkdtempSync(path.join(tmpdir(), 'parapet-adapter-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'shop.yaml'), policy);
  if (adapter !== undefined) {
    const text = typeof adapter === 'string' ? adapter : JSON.stringify(adapter);
    writeFileSync(path.join(dir, 'shop.adapter.json'), text);
  }
  return loadPolicies(dir, { scanners: allScanners, deps });
}

async function knives(result: LoadResult, text: string) {
  assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
  const policy = result.policies.get('shop');
  assert.ok(policy);
  const stage = await runStage(policy, 'input', [{ index: 0, text }], stageContext());
  return { policy, stage, rule: stage.rules.find((r) => r.rule.id === 'knives') };
}

describe('policy adapters', () => {
  it('loads, records name, sha256 and mode, and silences the rule in enforce mode', async () => {
    const file = adapterFile();
    const { policy, stage, rule } = await knives(load(file), 'Which knife for tomatoes?');
    const sha256 = createHash('sha256').update(JSON.stringify(file)).digest('hex');
    assert.deepEqual(policy.adapter, { name: 'shop.adapter.json', sha256, mode: 'enforce' });
    assert.equal(rule?.fired, false);
    assert.equal(rule?.action, 'allow');
    assert.deepEqual(rule?.findings, []);
    assert.equal(rule?.score, 1, 'the shipped score is kept');
    assert.equal(rule?.adapted?.fired, false);
    assert.equal(stage.action, 'allow');
  });

  it('in shadow mode records the would-be change and changes nothing', async () => {
    const { stage, rule } = await knives(
      load(adapterFile({ mode: 'shadow' })),
      'Which knife for tomatoes?',
    );
    assert.equal(rule?.fired, true);
    assert.equal(stage.action, 'block');
    assert.equal(rule?.adapted?.fired, false);
    assert.ok((rule?.adapted?.score ?? 1) < 0.01);
  });

  it("adds the correction over the text's hashed n-grams", async () => {
    const config = {
      kind: 'hashed-ngrams' as const,
      buckets: 1024,
      wordNgrams: [1],
      charNgrams: [3],
    };
    const x = hashedNgrams('stab', config);
    const correction = { indices: [...x.indices], weights: [...x.indices].map(() => 100) };
    const file = adapterFile({}, { correction });
    assert.equal((await knives(load(file), 'A knife to stab')).rule?.fired, true);
    assert.equal((await knives(load(file), 'A knife for bread')).rule?.fired, false);
  });

  it('fails the load, naming the adapter, when it cannot be applied', () => {
    const cases: [unknown, string][] = [
      [undefined, 'Cannot read adapter shop.adapter.json (ENOENT)'],
      ['{', 'is not valid JSON'],
      [{ ...adapterFile(), format: 'other' }, 'format'],
      [adapterFile({ product: 'bank' }), 'was fitted for "bank"'],
      [adapterFile({}, { rule: 'nope' }), 'no input rule "nope"'],
      [adapterFile({}, { rule: 'mails' }), 'only block and flag rules'],
      [adapterFile({}, { correction: { indices: [5, 3], weights: [1, 1] } }), 'sorted, unique'],
      [adapterFile({}, { correction: { indices: [1], weights: [] } }), 'differ in length'],
    ];
    for (const [file, message] of cases) {
      const result = load(file);
      assert.equal(result.ok, false, message);
      if (result.ok) continue;
      assert.ok(
        result.errors.some((e) => e.includes('shop.yaml:3:10 adapter:') && e.includes(message)),
        `${message}: ${result.errors.join('\n')}`,
      );
    }
    const badName = load(adapterFile(), POLICY.replace('shop.adapter.json', '../x.json'));
    assert.equal(badName.ok, false);
  });
});
