/**
 * Every attack of the dev sets, rewritten with homoglyphs, zero-width characters, leetspeak,
 * base64, mixed case and spaced letters, is caught at most 2 points less often than in plain text by the
 * shipped default policy's prompt-injection, harmful-request and toxicity rules; reversed and
 * ROT13 text within 12 points (their views are gated, src/text/transformed-views.ts). Skips where ../shared/data/dev is
 * absent (a fresh clone). `npm run eval:evasion` writes the same figures to docs/evasion.md.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { evasionRates } from '../../src/eval/evasion.js';
import { loadPolicies } from '../../src/policy/load.js';
import { allScanners } from '../../src/scanners/registry.js';
import {
  DEFAULT_TOLERANCE,
  DEV_DATA,
  EVASION_SUITES,
  suiteAttacks,
  TOLERANCE,
} from '../../scripts/eval-evasion.js';

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
    it(`when ${suite.rule} attacks are rewritten, then each rewrite is caught within its tolerance of plain text`, async () => {
      const rule = policy?.input.find((r) => r.id === suite.rule);
      assert.ok(rule, `default has no ${suite.rule} rule`);
      const attacks = suiteAttacks(suite);
      assert.ok(attacks.length > 100, 'too few attacks read');
      const rates = await evasionRates(rule, attacks);
      const plain = rates.find((r) => r.evasion === 'plain')?.rate ?? 0;
      for (const r of rates)
        assert.ok(
          // Above plain is no evasion (toxicity-v2 scores spaced letters as toxic, benign too).
          plain - r.rate <= (TOLERANCE[r.evasion] ?? DEFAULT_TOLERANCE),
          `${r.evasion}: ${(r.rate * 100).toFixed(1)} % vs plain ${(plain * 100).toFixed(1)} %`,
        );
    });
  }
});
