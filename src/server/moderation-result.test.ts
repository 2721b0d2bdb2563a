import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rule } from '../policy/types.js';
import { runStage } from '../pipeline/run-stage.js';
import { ScanCache } from '../pipeline/scan-cache.js';
import type { Finding, ScanFn } from '../contract/types.js';
import { Vault } from '../redaction/vault.js';
import { categoriesOf } from './moderation-categories.js';
import { mergeStages, moderationResult } from './moderation-result.js';

function rule(scanner: string, scan: ScanFn, overrides: Partial<Rule> = {}): Rule {
  return {
    id: scanner,
    scanner,
    scannerVersion: '1',
    localizes: false,
    threshold: 0.5,
    action: 'block',
    onError: 'block',
    timeoutMs: 500,
    params: {},
    cacheKey: scanner,
    scan,
    ...overrides,
  };
}

const finds =
  (findings: Finding[]): ScanFn =>
  () =>
    Promise.resolve({ score: Math.max(0, ...findings.map((f) => f.score)), findings });

const run = (rules: Rule[], text = 'I will find you after work.', index = 0) =>
  runStage({ input: rules, output: [], unsupportedLanguage: 'flag' }, 'input', [{ index, text }], {
    vault: new Vault(),
    cache: new ScanCache(),
    signal: new AbortController().signal,
  });

// What a toxicity scanner reports for a threat, by kind (the real scanner's labels).
const THREAT: Finding[] = [
  { kind: 'threat', score: 0.82 },
  { kind: 'insult', score: 0.31 },
  { kind: 'obscene', score: 0.9 },
  { kind: 'not-a-known-kind', score: 0.99 },
];

describe('moderation results', () => {
  it('when a toxicity rule fires on a threat, then its categories are set and raw scores kept', async () => {
    const thresholds = { threat: 0.7, insult: 0.5, obscene: 0.95 };
    const stage = await run([rule('toxicity', finds(THREAT), { thresholds })]);
    const result = moderationResult(stage, true);
    assert.equal(result.flagged, true);
    assert.equal(result.categories['harassment/threatening'], true);
    assert.equal(result.categories.violence, true);
    assert.equal(result.categories.harassment, false, 'insult is below its threshold');
    assert.equal(result.category_scores.harassment, 0.31, 'raw score, threshold not applied');
    assert.equal(result.category_scores['harassment/threatening'], 0.82);
    assert.equal(result.category_scores.violence, 0.82);
    assert.equal(result.category_scores.hate, 0);
    assert.equal(result.category_scores.sexual, 0, 'obscene maps to no category');
    assert.deepEqual(result.category_applied_input_types.violence, ['text']);
  });

  it('when kinds are unknown or the scanner is not in the table, then they count toward nothing', () => {
    assert.deepEqual(categoriesOf('toxicity', 'not-a-known-kind'), []);
    assert.deepEqual(categoriesOf('llm-judge', 'policy-violation'), []);
    assert.deepEqual(categoriesOf('regex', 'threat'), []);
    assert.deepEqual(categoriesOf('harmful-request', 'harmful'), []);
    assert.deepEqual(categoriesOf('harmful-request', 'sexual_minors'), ['sexual', 'sexual/minors']);
  });

  it('when only a redact or allow rule fires, then the input is not flagged', async () => {
    const email = finds([{ kind: 'EMAIL', score: 1, span: { start: 0, end: 3 } }]);
    const stage = await run([
      rule('regex', email, { action: 'redact', localizes: true }),
      rule('toxicity', finds(THREAT), { action: 'allow' }),
    ]);
    const result = moderationResult(stage, true);
    assert.equal(result.flagged, false);
    assert.equal(result.categories.violence, false);
    assert.equal(result.category_scores.violence, 0.82);
  });

  it('when a flag rule fires, then the input is flagged; in shadow mode it is not', async () => {
    const stage = await run([rule('toxicity', finds(THREAT), { action: 'flag' })]);
    assert.equal(moderationResult(stage, true).flagged, true);
    assert.equal(moderationResult(stage, false).flagged, false);
    assert.equal(moderationResult(stage, false).categories.violence, false);
  });

  it('when runs on several inputs are merged, then the rule keeps all findings and the strongest action', async () => {
    const rules = [rule('toxicity', finds(THREAT), { thresholds: { threat: 0.7 } })];
    const quiet = [rule('toxicity', finds([]), { thresholds: { threat: 0.7 } })];
    const a = await run(quiet, 'Thanks a lot!', 0);
    const b = await run(rules, 'I will find you.', 1);
    const merged = mergeStages('input', [a, b], 5);
    assert.equal(merged.action, 'block');
    assert.deepEqual(
      merged.texts.map((t) => t.index),
      [0, 1],
    );
    const [toxicity] = merged.rules;
    assert.deepEqual(
      toxicity?.findings.map((f) => [f.kind, f.message]),
      [['threat', 1]],
    );
    assert.equal(toxicity?.score, 0.99);
    assert.equal(toxicity?.fired, true);
  });
});
