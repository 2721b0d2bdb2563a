/**
 * `npm run eval:length-slices -- [--rule ID] [--cut N] FILE...`: a rule of the shipped default
 * policy on dev-set rows grouped by length, and on the long attacks cut to their first N
 * characters. Jailbreak training prompts are far longer than benign ones, so a classifier can
 * learn length instead of content; flat recall across lengths and on cut attacks says it did
 * not. Prints figures only, never dataset text.
 *
 * `--short-chars N --short-threshold T` measures a length-aware threshold: texts under N
 * characters fire at T on the rule's `harmful` finding (or its single threshold) instead of the
 * policy's value; longer texts keep it. Run it on the benign files too, not only the attacks.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ruleFires } from '../src/eval/run-rows.js';
import { loadPolicies } from '../src/policy/load.js';
import type { Rule } from '../src/policy/types.js';
import { allScanners } from '../src/scanners/registry.js';

const { values, positionals } = parseArgs({
  options: {
    rule: { type: 'string', default: 'prompt-injection' },
    cut: { type: 'string', default: '200' },
    'short-chars': { type: 'string', default: '0' },
    'short-threshold': { type: 'string' },
  },
  allowPositionals: true,
});

const ROOT = resolve(import.meta.dirname, '..');
const BUCKETS: readonly [number, number][] = [
  [0, 100],
  [100, 300],
  [300, 1000],
  [1000, Infinity],
  [0, Infinity], // all lengths: the rule's own recall and FPR on these files
];

const shortChars = Number(values['short-chars']);
const shortThreshold = values['short-threshold'];

/** The rule with the short-text threshold on its `harmful` kind (or its single threshold). */
function forShortTexts(rule: Rule): Rule {
  if (shortThreshold === undefined) return rule;
  const t = Number(shortThreshold);
  return rule.thresholds
    ? { ...rule, thresholds: { ...rule.thresholds, harmful: t } }
    : { ...rule, threshold: t };
}

const fires = (rule: Rule, text: string) =>
  ruleFires(text.length < shortChars ? forShortTexts(rule) : rule, text, 30_000);

const loaded = loadPolicies(join(ROOT, 'policies'), {
  scanners: allScanners,
  deps: { countTokens: () => Promise.reject(new Error('no model')) },
});
if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
const rule = loaded.policies.get('default')?.input.find((r) => r.id === values.rule);
if (!rule) throw new Error(`default has no rule ${values.rule}`);
const rows = positionals.flatMap((file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { text: string; label: number }),
);
const cut = Number(values.cut);
console.log(
  `| characters | attacks | recall | benign | FPR |\n| --- | ---: | ---: | ---: | ---: |`,
);
for (const [lo, hi] of BUCKETS) {
  const inBucket = rows.filter((r) => r.text.length >= lo && r.text.length < hi);
  const attacks = inBucket.filter((r) => r.label === 1);
  const benign = inBucket.filter((r) => r.label === 0);
  let tp = 0;
  let fp = 0;
  for (const r of attacks) if (await fires(rule, r.text)) tp++;
  for (const r of benign) if (await fires(rule, r.text)) fp++;
  const rate = (k: number, n: number) => (n === 0 ? 'n/a' : (k / n).toFixed(2));
  console.log(
    `| ${lo === 0 && hi === Infinity ? 'all' : `${lo}–${hi === Infinity ? '' : hi}`} | ${attacks.length} | ${rate(tp, attacks.length)} | ${benign.length} | ${rate(fp, benign.length)} |`,
  );
}
const long = rows.filter((r) => r.label === 1 && r.text.length > 300);
let kept = 0;
for (const r of long) if (await fires(rule, r.text.slice(0, cut))) kept++;
console.log(
  `\nAttacks over 300 characters cut to their first ${cut}: recall ${(kept / Math.max(1, long.length)).toFixed(2)} (${kept} of ${long.length}).`,
);
