import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isGatewayError } from '../errors.js';
import type { LoadOptions } from '../policy/load.js';
import { loadPolicySet } from '../policy/store.js';
import { allScanners } from '../scanners/registry.js';
import { parseParams, scannerPolicy } from './scanner-policy.js';

const load: LoadOptions = {
  scanners: allScanners,
  deps: { countTokens: () => Promise.reject(new Error('no model')) },
};

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isGatewayError(err));
    assert.equal(err.code, 'usage_invalid');
    return err.detail ?? '';
  }
  assert.fail('expected a refusal');
}

describe('scannerPolicy', () => {
  it('when params are valid, then the rule equals the one the loader builds from a policy file', () => {
    const params = { patterns: [{ name: 'TICKET', pattern: '\\bT-\\d{4}\\b' }] };
    const policy = scannerPolicy('regex', params, 'output', load);
    const dir = mkdtempSync(join(tmpdir(), 'parapet-scanner-policy-'));
    writeFileSync(
      join(dir, 'probe.yaml'),
      [
        'product: probe',
        'version: 1',
        'output:',
        '  - scanner: regex',
        '    action: block',
        '    threshold: 0.5',
        "    params: { patterns: [{ name: TICKET, pattern: '\\bT-\\d{4}\\b' }] }",
      ].join('\n'),
    );
    const loaded = loadPolicySet(dir, load).get('probe')?.output[0];
    const built = policy.output[0];
    assert.ok(loaded && built);
    assert.equal(policy.input.length, 0);
    // Everything but the ScanFn itself (a fresh closure each time) must be the same.
    assert.deepEqual({ ...built, scan: undefined }, { ...loaded, scan: undefined });
    // Defaults filled in by the scanner's own schema, exactly as for a policy file.
    assert.deepEqual(built.params, {
      patterns: [{ name: 'TICKET', pattern: '\\bT-\\d{4}\\b', flags: '', score: 1 }],
    });
  });

  it('when params break the scanner schema, then every problem names the --params path', () => {
    const detail = refusal(() =>
      scannerPolicy('regex', { patterns: [{ name: 'bad name', pattern: '(a+)+' }] }, 'input', load),
    );
    assert.match(detail, /^--params patterns\[0\]\.name: must be UPPER_SNAKE_CASE/m);
    assert.match(detail, /^--params patterns\[0\]\.pattern: may backtrack catastrophically/m);
  });

  it('when a scanner needs params and gets none, or is unknown, then the message says so', () => {
    assert.equal(
      refusal(() => scannerPolicy('length', undefined, 'input', load)),
      '--params: required (this scanner has no default params)',
    );
    assert.match(
      refusal(() => scannerPolicy('nope', undefined, 'input', load)),
      /^--scanner: Unknown scanner "nope" \(known: [a-z, -]*\bregex\b[a-z, -]*\)$/,
    );
    assert.match(
      refusal(() => scannerPolicy('length', { max_chars: 5, extra: 1 }, 'input', load)),
      /^--params extra: Unrecognized key/,
    );
  });
});

describe('parseParams', () => {
  it('when --params is not JSON, then it is refused without echoing it', () => {
    assert.equal(
      refusal(() => parseParams('{max_chars: 5')),
      '--params: not valid JSON',
    );
    assert.equal(parseParams(undefined), undefined);
    assert.deepEqual(parseParams('{"max_chars":5}'), { max_chars: 5 });
  });
});
