/**
 * Every attack of the dev sets, rewritten with homoglyphs, zero-width characters, leetspeak,
 * base64 and mixed case, is caught as often (± 2 points) as in plain text by the shipped
 * default policy's prompt-injection and harmful-request rules. Skips where ../shared/data/dev is
 * absent (a fresh clone). `npm run eval:evasion` writes the same figures to docs/evasion.md.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { evasionRates } from '../../src/eval/evasion.js';
import { loadPolicies } from '../../src/policy/load.js';
import { allScanners } from '../../src/scanners/registry.js';
import { DEV_DATA, EVASION_SUITES, suiteAttacks } from '../../scripts/eval-evasion.js';

const POLICIES = fileURLToPath(new URL('../../policies/', import.meta.url));
const skip = existsSync(DEV_DATA)
  ? false
  : `no ${DEV_DATA} (a fresh clone has no ../shared): evasion suite skipped`;

describe('evasion suite over the dev-set attacks', { skip }, () => {
  const loaded = loadPolicies(POLICIES, {
    scanners: allScanners,
    deps: { countTokens: () => Promise.reject(new Error('no model')) },
  });
  assert.ok(loaded.ok);
  const policy = loaded.policies.get('default');

  for (const suite of EVASION_SUITES) {
    it(`when ${suite.rule} attacks are rewritten, then each rewrite is caught within 2 points of plain text`, async () => {
      const rule = policy?.input.find((r) => r.id === suite.rule);
      assert.ok(rule, `default has no ${suite.rule} rule`);
      const attacks = suiteAttacks(suite);
      assert.ok(attacks.length > 100, 'too few attacks read');
      const rates = await evasionRates(rule, attacks);
      const plain = rates.find((r) => r.evasion === 'plain')?.rate ?? 0;
      for (const r of rates)
        assert.ok(
          Math.abs(r.rate - plain) <= 0.02,
          `${r.evasion}: ${(r.rate * 100).toFixed(1)} % vs plain ${(plain * 100).toFixed(1)} %`,
        );
    });
  }
});
