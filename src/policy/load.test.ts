import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { makeFakeScanners } from '../../tests/fixtures/policies/fake-scanners.js';
import { loadPolicies, type LoadResult } from './load.js';

const FIXTURES = fileURLToPath(new URL('../../tests/fixtures/policies/', import.meta.url));
const deps = { countTokens: () => Promise.resolve(0) };

function load(dir: string, fakes = makeFakeScanners()): LoadResult {
  return loadPolicies(dir, { scanners: fakes.scanners, deps });
}

function errorsOf(result: LoadResult): readonly string[] {
  if (result.ok) assert.fail('expected the load to fail');
  return result.errors;
}

/** Each broken case: every expected problem as [exact `file:line:col path` prefix, message part]. */
const BROKEN: readonly { name: string; problems: readonly (readonly [string, string])[] }[] = [
  {
    name: 'unknown-key',
    problems: [
      ['unknown-key/shop.yaml:3:1 colour', 'Unrecognized key'],
      ['unknown-key/shop.yaml:6:5 input[0].threshhold', 'Unrecognized key'],
    ],
  },
  {
    name: 'bad-threshold',
    problems: [
      ['bad-threshold/shop.yaml:9:16 input[1].threshold', 'Too big: expected number to be <=1'],
    ],
  },
  {
    name: 'unknown-scanner',
    problems: [
      [
        'unknown-scanner/shop.yaml:4:14 input[0].scanner',
        'Unknown scanner "toxicity" (known: fragile, intent, keywords, size)',
      ],
    ],
  },
  {
    name: 'redact-not-localizing',
    problems: [
      [
        'redact-not-localizing/shop.yaml:5:13 input[0].action',
        '"size" has none (use flag or block)',
      ],
    ],
  },
  {
    name: 'stage-unsupported',
    problems: [
      ['stage-unsupported/shop.yaml:4:14 output[0].scanner', 'does not support the output stage'],
    ],
  },
  {
    name: 'duplicate-rule-id',
    problems: [
      [
        'duplicate-rule-id/shop.yaml:7:14 input[1].scanner',
        'Duplicate rule id "keywords" in input',
      ],
      ['duplicate-rule-id/shop.yaml:14:9 input[3].id', 'Duplicate rule id "caps" in input'],
    ],
  },
  {
    name: 'product-mismatch',
    problems: [['product-mismatch/shop.yaml:1:10 product', 'Must equal the file name "shop"']],
  },
  {
    // A second `input:` block: lenient parsers silently keep only the last one.
    name: 'yaml-syntax',
    problems: [['yaml-syntax/shop.yaml:8:1 (yaml)', 'Map keys must be unique']],
  },
  {
    name: 'extends-cycle',
    problems: [
      ['extends-cycle/alpha.yaml:3:10 extends', 'Cycle: alpha -> beta -> alpha'],
      ['extends-cycle/beta.yaml:3:10 extends', 'Cycle: beta -> alpha -> beta'],
    ],
  },
  {
    name: 'unknown-parent',
    problems: [['unknown-parent/shop.yaml:3:10 extends', 'Unknown policy "defaults"']],
  },
  {
    name: 'bad-params',
    problems: [
      ['bad-params/shop.yaml:7:14 input[0].params.words', 'Too small'],
      ['bad-params/shop.yaml:8:7 input[0].params.case_sensitive', 'Unrecognized key'],
      ['bad-params/shop.yaml:9:5 input[1].params', 'Required'],
    ],
  },
  {
    name: 'create-fails',
    problems: [
      ['create-fails/shop.yaml:4:5 output[0]', 'Scanner "fragile" could not be created: pattern'],
    ],
  },
  {
    name: 'threshold-and-thresholds',
    problems: [['threshold-and-thresholds/shop.yaml:6:17 input[0].thresholds', 'not both']],
  },
  {
    name: 'missing-required',
    problems: [
      ['missing-required/shop.yaml:1:1 version', 'Required'],
      ['missing-required/shop.yaml:3:5 input[0].action', 'Required: one of allow, flag'],
    ],
  },
  {
    name: 'many-problems',
    problems: [
      ['many-problems/base.yaml:3:7 mode', 'Invalid option'],
      ['many-problems/base.yaml:7:17 input[0].timeout_ms', 'Too small'],
      ['many-problems/shop.yaml:4:14 restore_pii', 'expected boolean'],
      ['many-problems/shop.yaml:7:13 output[0].action', 'redact needs a scanner'],
      ['many-problems/shop.yaml:8:32 output[0].params.max_lines', 'Unrecognized key'],
    ],
  },
];

describe('loadPolicies: broken policies', () => {
  for (const { name, problems } of BROKEN) {
    it(`when the ${name} fixture loads, then every problem is reported at its file:line:col path`, () => {
      const errors = errorsOf(load(path.join(FIXTURES, name)));

      assert.equal(errors.length, problems.length, errors.join('\n'));
      problems.forEach(([prefix, message], i) => {
        const error = errors[i] ?? '';
        assert.ok(error.startsWith(`${prefix}: `), `expected "${prefix}: …", got "${error}"`);
        assert.ok(error.includes(message), `expected "${message}" in "${error}"`);
      });
    });
  }
});

describe('loadPolicies: the directory', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'parapet-load-'));
  after(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  it('when the directory has no policy files, then that is an error', () => {
    const dir = path.join(scratch, 'empty');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'README.md'), '# not a policy\n');

    assert.deepEqual(errorsOf(load(dir)), ['empty/: No policy files (*.yaml, *.yml) found']);
  });

  it('when the directory does not exist, then that is an error naming it', () => {
    assert.deepEqual(errorsOf(load(path.join(scratch, 'missing'))), [
      'missing/: Cannot read the directory (ENOENT)',
    ]);
  });

  it('when .yml and dotfiles sit beside .yaml, then .yml loads and dotfiles are ignored', () => {
    const dir = path.join(scratch, 'mixed');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'shop.yml'), 'product: shop\nversion: 1\n');
    writeFileSync(path.join(dir, '.#shop.yaml'), 'not: [valid\n');

    const result = load(dir);

    assert.ok(result.ok);
    assert.deepEqual(
      result.policies.list().map((p) => p.file),
      ['mixed/shop.yml'],
    );
  });

  it('when a file is not valid YAML, then the syntax error is reported at its position', () => {
    const dir = path.join(scratch, 'syntax');
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, 'shop.yaml'),
      'product: shop\nversion: 1\ninput: [\n  {scanner: x\n',
    );

    const errors = errorsOf(load(dir));

    assert.ok(errors.length > 0);
    assert.ok(
      errors.every((e) => /^syntax\/shop\.yaml:\d+:\d+ \(yaml\): /.test(e)),
      errors.join('\n'),
    );
  });

  it('when one product has both a .yaml and a .yml file, then the second is an error', () => {
    const dir = path.join(scratch, 'twice');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'shop.yaml'), 'product: shop\nversion: 1\n');
    writeFileSync(path.join(dir, 'shop.yml'), 'product: shop\nversion: 2\n');

    assert.deepEqual(errorsOf(load(dir)), [
      'twice/shop.yml:1:1 product: Also defined by twice/shop.yaml',
    ]);
  });
});

describe('loadPolicies: extends and defaults', () => {
  const dir = path.join(FIXTURES, 'valid-extends');
  const fakes = makeFakeScanners();
  const result = load(dir, fakes);
  const get = (product: string) => {
    assert.ok(result.ok, result.ok ? '' : result.errors.join('\n'));
    const policy = result.policies.get(product);
    assert.ok(policy, `no policy ${product}`);
    return policy;
  };
  const sha256 = (...files: string[]) => {
    const hash = createHash('sha256');
    for (const file of files) hash.update(readFileSync(path.join(dir, file)));
    return hash.digest('hex');
  };

  it('when a policy has no extends, then the defaults fill what it leaves out', () => {
    const base = get('base');

    assert.equal(base.mode, 'enforce');
    assert.equal(base.restorePii, true);
    assert.deepEqual(base.stream, { holdbackChars: 160, checkEveryChars: 80 });
    assert.equal(base.refusal, 'Base refusal.');
    assert.deepEqual(base.scanRoles, ['user']);
    assert.equal(base.description, 'Shared rules.');
    assert.equal(base.file, 'valid-extends/base.yaml');
    assert.equal(base.sha256, sha256('base.yaml'));
  });

  it('when a rule leaves out optional keys, then the rule defaults apply', () => {
    const [spam, , intent] = get('base').input;
    assert.ok(spam && intent);

    assert.deepEqual(
      { threshold: spam.threshold, onError: spam.onError, timeoutMs: spam.timeoutMs },
      { threshold: 0.5, onError: 'block', timeoutMs: 1000 },
    );
    assert.equal(intent.id, 'intent');
    assert.equal(intent.threshold, 0.9);
    assert.deepEqual(intent.params, { model: 'tiny' });
    assert.equal(intent.scannerVersion, '1');
  });

  it('when a child extends, then parent rules come first, same ids replace in place, new ones append', () => {
    const shop = get('shop');
    const [, caps, , lottery] = shop.input;
    assert.ok(caps && lottery);

    assert.deepEqual(
      shop.input.map((r) => `${r.id}:${r.action}`),
      ['spam:block', 'caps:block', 'intent:flag', 'lottery:flag'],
    );
    assert.deepEqual(caps.params, { max_chars: 1000 });
    assert.equal(caps.onError, 'flag');
    assert.deepEqual(lottery.thresholds, { keyword: 0.7 });
    assert.equal(lottery.timeoutMs, 250);
    assert.deepEqual(
      shop.output.map((r) => r.id),
      ['spam'],
    );
  });

  it('when a child extends, then its own keys win, the rest is inherited, and description is its own', () => {
    const shop = get('shop');

    assert.equal(shop.version, 2);
    assert.equal(shop.extends, 'base');
    assert.equal(shop.mode, 'shadow');
    assert.equal(shop.refusal, 'Base refusal.');
    assert.deepEqual(shop.scanRoles, ['user']);
    assert.equal(shop.description, undefined);
  });

  it('when extends chains, then settings and rules flow down every level', () => {
    const kiosk = get('kiosk');

    assert.equal(kiosk.mode, 'shadow');
    assert.equal(kiosk.restorePii, false);
    assert.deepEqual(kiosk.stream, { holdbackChars: 0, checkEveryChars: 80 });
    assert.deepEqual(
      kiosk.input.map((r) => `${r.id}:${r.action}`),
      ['spam:allow', 'caps:block', 'intent:flag', 'lottery:flag'],
    );
  });

  it('when a policy extends others, then its sha256 covers its file and every parent, in order', () => {
    assert.equal(get('shop').sha256, sha256('shop.yaml', 'base.yaml'));
    assert.equal(get('kiosk').sha256, sha256('kiosk.yaml', 'shop.yaml', 'base.yaml'));
  });

  it('when children inherit a rule, then its scanner is created once and the rule shared', () => {
    assert.equal(get('shop').input[0], get('base').input[0]);
    assert.deepEqual(Object.fromEntries(fakes.created), { keywords: 4, size: 2, intent: 1 });
  });

  it('when two rules have the same scanner, version and params, then they share a cache key', () => {
    const base = get('base');
    const kiosk = get('kiosk');

    assert.equal(base.input[0]?.cacheKey, base.output[0]?.cacheKey);
    assert.equal(base.input[0]?.cacheKey, kiosk.input[0]?.cacheKey);
    assert.notEqual(base.input[1]?.cacheKey, get('shop').input[1]?.cacheKey);
    assert.match(base.input[0]?.cacheKey ?? '', /^[0-9a-f]{64}$/);
  });

  it('when policies are loaded, then they and their rule lists are frozen', () => {
    const shop = get('shop');

    assert.ok(
      Object.isFrozen(shop) && Object.isFrozen(shop.input) && Object.isFrozen(shop.input[0]),
    );
  });
});
