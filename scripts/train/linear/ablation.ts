/**
 * `npm run eval:ablation [-- --quick]`: trains variants of toxicity-v2's config (a source left
 * out, the all-positive source's weight, the generators off) into .cache/ablation/ and writes
 * the dev AUPRC per file of each to models/toxicity-v2/ablation.md, so the data that ships is
 * the data the numbers pick. `--quick` uses 2^18 buckets and 2 epochs (about a minute a variant
 * on a quiet machine); the shipped model's own figures are in its README.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOXICITY_V2 } from '../train-toxicity-v2.js';
import { trainLinearTask, type LinearTrainConfig } from './linear-trainer.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const quick = process.argv.includes('--quick');

const base: LinearTrainConfig = {
  ...TOXICITY_V2,
  outDir: join(root, '.cache', 'ablation'),
  ...(quick ? { featurizer: { ...TOXICITY_V2.featurizer, buckets: 2 ** 18 }, epochs: 2 } : {}),
};

const without = (...files: string[]): [string, LinearTrainConfig] => [
  `without ${files.join(' + ')}`,
  {
    ...base,
    name: `no-${files.join('+')}`,
    sources: base.sources.filter((s) => !files.includes(s.file)),
  },
];
const weighted = (file: string, weight: number): [string, LinearTrainConfig] => [
  `${file} weight ${weight}`,
  {
    ...base,
    name: `${file}-w${weight}`,
    sources: base.sources.map((s) => (s.file === file ? { ...s, weight } : s)),
  },
];

const VARIANTS: [string, LinearTrainConfig][] = [
  ['shipped config', { ...base, name: 'base' }],
  without('toxic_spans_civil'),
  weighted('toxic_spans_civil', 1),
  without('edos_sexism'),
  without('convabuse'),
  without('everyday-directed'),
  without('everyday-figurative'),
  without('identity-balance'),
];

const rows: string[] = [];
let header = '';
const out = join(root, 'models', TOXICITY_V2.name);
mkdirSync(out, { recursive: true });
// Written after every variant, so a run cut short (the machine is shared) still leaves the rows
// measured so far.
const write = () => {
  writeFileSync(
    join(out, 'ablation.md'),
    [
      `# ${TOXICITY_V2.name} ablation`,
      '',
      `\`npm run eval:ablation${quick ? ' -- --quick' : ''}\` (${quick ? '2^18 buckets, 2 epochs' : 'the shipped hyper-parameters'}): dev AUPRC of the scanner score per file.`,
      '',
      header,
      `| --- |${' ---: |'.repeat(header.split('|').length - 3)}`,
      ...rows,
      '',
    ].join('\n'),
  );
};
for (const [label, config] of VARIANTS) {
  const report = await trainLinearTask(config);
  header = `| variant | ${report.dev.map((d) => d.file).join(' | ')} |`;
  rows.push(`| ${label} | ${report.dev.map((d) => d.auprc?.toFixed(3) ?? '-').join(' | ')} |`);
  write();
}
