/**
 * Property: whatever text sits in a policy file, loadPolicies returns either a valid policy set
 * or problems that each name the file (and a line where there is one): it never throws, never
 * hangs on alias bombs and never yields a half-valid policy. Inputs are raw text, YAML-ish token
 * soup, generated documents, and random edits of a valid policy. Failures print fast-check's seed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { propertyRuns } from '../../tests/helpers/property.js';
import { stringify } from 'yaml';
import { allScanners } from '../scanners/registry.js';
import { loadPolicies } from './load.js';

const RUNS = propertyRuns(300);
const root = mkdtempSync(path.join(tmpdir(), 'parapet-policy-prop-'));
const deps = {
  countTokens: () => Promise.resolve(0),
  nextTokenProbabilities: () => Promise.resolve([]),
};
// Pattern scanners only: a generated rule must not make a run load a classifier model.
const CHEAP_SCANNERS = ['banned-phrases', 'regex', 'pii', 'secrets', 'length', 'invisible-text'];

const VALID = `product: shop
version: 2
extends: base
refusal: "No."
stream: { holdback_chars: 40 }
limits: { tokens_per_minute: 1000 }
input:
  - id: phrases
    scanner: banned-phrases
    action: block
    params: { phrases: [secret plan, launch code] }
  - scanner: pii
    action: redact
    threshold: 0.6
output:
  - scanner: secrets
    action: block
    on_error: flag
    timeout_ms: 200
`;
const BASE = 'product: base\nversion: 1\ninput:\n  - scanner: invisible-text\n    action: block\n';

const TOKENS = [
  ...['product', 'version', 'extends', 'input', 'output', 'scanner', 'action', 'params'],
  ...['threshold', 'limits', 'when', 'rule', 'score_between', 'shop', 'base'],
  ...CHEAP_SCANNERS,
  ...[':', ': ', '-', '- ', ' ', '  ', '\n', '\t', '{', '}', '[', ']', ',', '#', '"', "'"],
  ...['&a ', '*a', '<<: *a', '!!str ', '!!binary ', '|', '>', '---', '...', '~', 'null'],
  ...['1', '0.5', '-1', '1e309', '.nan', 'true', 'block', 'redact', '\u0000', '\uFEFF', 'é'],
];

const scalar = fc.oneof(
  fc.constantFrom(...CHEAP_SCANNERS, 'shop', 'base', 'nope', 'block', 'redact', 'flag'),
  fc.string(),
  fc.integer({ min: -3, max: 5 }),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const rule = fc.record(
  {
    id: scalar,
    scanner: scalar,
    action: scalar,
    threshold: scalar,
    thresholds: fc.dictionary(fc.string(), scalar, { maxKeys: 2 }),
    on_error: scalar,
    timeout_ms: scalar,
    params: fc.oneof(fc.jsonValue(), fc.record({ phrases: fc.array(fc.string()) })),
    when: fc.record({ rule: scalar, score_between: fc.array(scalar, { maxLength: 3 }) }),
  },
  { requiredKeys: [] },
);
const documentObject = fc.record(
  {
    product: fc.oneof(fc.constant('shop'), scalar),
    version: scalar,
    extends: scalar,
    mode: scalar,
    refusal: scalar,
    restore_pii: scalar,
    scan_roles: fc.array(scalar, { maxLength: 3 }),
    stream: fc.dictionary(fc.constantFrom('holdback_chars', 'check_every_chars', 'x'), scalar),
    limits: fc.oneof(fc.record({ tokens_per_minute: scalar }), fc.jsonValue()),
    input: fc.oneof(fc.array(rule, { maxLength: 3 }), fc.jsonValue()),
    output: fc.array(rule, { maxLength: 2 }),
    extra: fc.jsonValue(),
  },
  { requiredKeys: [] },
);

/** Deletes, inserts or duplicates pieces of the valid policy text. */
const mutatedValid = fc
  .array(
    fc.tuple(
      fc.constantFrom('delete', 'insert', 'duplicate'),
      fc.nat(),
      fc.nat({ max: 30 }),
      fc.constantFrom(...TOKENS),
    ),
    { minLength: 1, maxLength: 4 },
  )
  .map((edits) =>
    edits.reduce((text, [kind, at, length, token]) => {
      const i = at % (text.length + 1);
      if (kind === 'delete') return text.slice(0, i) + text.slice(i + length);
      if (kind === 'insert') return text.slice(0, i) + token + text.slice(i);
      return text.slice(0, i) + text.slice(i, i + length) + text.slice(i);
    }, VALID),
  );

const policyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.string({ unit: fc.constantFrom(...TOKENS), maxLength: 60 }),
  documentObject.map((doc) => stringify(doc)),
  mutatedValid,
  mutatedValid,
);

after(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('policy loader (property)', () => {
  it('when a policy file holds any text, then a valid policy or problems naming the file, never a throw', () => {
    fc.assert(
      fc.property(policyText, fc.boolean(), (text, withBase) => {
        const dir = mkdtempSync(path.join(root, 'p'));
        writeFileSync(path.join(dir, 'shop.yaml'), text);
        if (withBase) writeFileSync(path.join(dir, 'base.yaml'), BASE);

        const result = loadPolicies(dir, { scanners: allScanners, deps });

        if (!result.ok) {
          assert.ok(result.errors.length > 0);
          for (const error of result.errors) {
            assert.match(
              error,
              new RegExp(`^${path.basename(dir)}/(shop|base)\\.yaml(:\\d+:\\d+)? `),
            );
            assert.doesNotMatch(error, /\n\s+at /, 'a stack trace in a problem');
            assert.ok(error.length < 2000, 'a problem longer than 2000 characters');
          }
          return;
        }
        const shop = result.policies.get('shop');
        assert.ok(shop, 'loaded without the product of its file');
        assert.ok(Number.isInteger(shop.version) && shop.version >= 1);
        assert.ok(['enforce', 'shadow'].includes(shop.mode));
        for (const r of [...shop.input, ...shop.output]) {
          assert.ok(r.threshold >= 0 && r.threshold <= 1);
          assert.ok(['allow', 'flag', 'redact', 'block'].includes(r.action));
          assert.equal(typeof r.scan, 'function');
        }
        if (shop.limits) assert.ok(Number.isInteger(shop.limits.tokensPerMinute));
      }),
      RUNS,
    );
  });

  it('when the valid policy is loaded unchanged, then it loads (the mutations start from a good file)', () => {
    const dir = mkdtempSync(path.join(root, 'valid'));
    writeFileSync(path.join(dir, 'shop.yaml'), VALID);
    writeFileSync(path.join(dir, 'base.yaml'), BASE);

    const result = loadPolicies(dir, { scanners: allScanners, deps });

    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
    assert.equal(result.policies.get('shop')?.limits?.tokensPerMinute, 1000);
  });
});
