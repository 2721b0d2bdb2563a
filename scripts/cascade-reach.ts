/**
 * How often the slow tier of a cascade would run: scores labelled datasets (the `parapet eval`
 * classification schema) with one rule of a policy and prints the share of texts whose score
 * falls in a `when` band — the texts a gated rule (an LLM judge) would be asked about — for
 * label 1 and label 0 apart. No chat model is needed.
 *
 *   node --import tsx scripts/cascade-reach.ts --policy default --rule prompt-injection \
 *     --band 0.5,0.9 ../shared/data/dev/prompt_injection/*.jsonl
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readDataset } from '../src/eval/dataset.js';
import { inBand } from '../src/pipeline/cascade.js';
import { runStage } from '../src/pipeline/run-stage.js';
import { ScanCache } from '../src/pipeline/scan-cache.js';
import { Vault } from '../src/redaction/vault.js';
import { loadPolicySet } from '../src/policy/store.js';
import { allScanners } from '../src/scanners/registry.js';

const { values, positionals } = parseArgs({
  options: {
    policies: { type: 'string', default: 'policies' },
    policy: { type: 'string', default: 'default' },
    rule: { type: 'string' },
    band: { type: 'string', default: '0.5,0.9' },
  },
  allowPositionals: true,
});
const [low = NaN, high = NaN] = values.band.split(',').map(Number);
const policy = loadPolicySet(values.policies, {
  scanners: allScanners,
  deps: { countTokens: () => Promise.reject(new Error('no chat model in cascade-reach')) },
}).get(values.policy);
const rule = policy?.input.find((r) => r.id === values.rule);
if (!rule || positionals.length === 0 || !(low <= high)) {
  console.error('usage: cascade-reach.ts [--policy NAME] --rule ID [--band LOW,HIGH] FILE...');
  process.exit(2);
}
const gate = { rule: rule.id, scoreBetween: [low, high] as const };
const pct = (n: number, of: number) => (of === 0 ? '–' : `${((100 * n) / of).toFixed(1)} %`);

async function scoreOf(text: string): Promise<number | undefined> {
  const stage = await runStage(
    { input: [rule!], output: [], unsupportedLanguage: 'flag' },
    'input',
    [{ index: 0, text }],
    { vault: new Vault(), cache: new ScanCache(), signal: AbortSignal.timeout(60_000) },
  );
  const result = stage.rules[0];
  return result?.error ? undefined : result?.score;
}

console.log(`${values.policy} / ${rule.id}, band [${low}, ${high}]\n`);
console.log('| data | in band, label 1 | in band, label 0 |');
console.log('| --- | --- | --- |');
for (const file of positionals) {
  const dataset = readDataset(file);
  if (dataset.kind !== 'classify') continue;
  const count = { pos: 0, neg: 0, posIn: 0, negIn: 0 };
  for (const row of dataset.rows) {
    const score = await scoreOf(row.text);
    const reached = score !== undefined && inBand(gate, score);
    if (row.label === 1) {
      count.pos += 1;
      if (reached) count.posIn += 1;
    } else {
      count.neg += 1;
      if (reached) count.negIn += 1;
    }
  }
  const name = path.basename(file).replace(/\.dev\.jsonl$|\.jsonl$/, '');
  const cell = (n: number, of: number) => `${pct(n, of)} (${n}/${of})`;
  console.log(`| ${name} | ${cell(count.posIn, count.pos)} | ${cell(count.negIn, count.neg)} |`);
}
