/**
 * Writes the prompt-injection training rows (the sources of train-prompt-injection-v2.ts, with
 * the generated task switches; each row's source and balanced weight) as token ids
 * (src/classifiers/neural/token-ids.ts) for the offline torch trainer
 * (train-injection-cnn.py), plus the dev sets for its report only (never trained on).
 * Usage: `node --import tsx scripts/train/neural/export-injection-rows.ts <outDir>`; the output
 * is derived from shared data: keep it outside the repository and never commit it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tokenIds } from './token-ids.js';
import { readSource, type JsonRow } from '../dataset.js';
import { readJsonl } from '../linear/linear-trainer.js';
import { promptInjectionConfig } from '../train-prompt-injection-v2.js';
import { NEURAL_INJECTION } from './config.js';

interface OutRow {
  readonly text: string;
  readonly label: number;
  readonly source: string;
  readonly weight: number;
}

function write(dir: string, name: string, rows: readonly OutRow[]): void {
  const ids: number[] = [];
  const tokenLengths: number[] = [];
  const rowTokens: number[] = [];
  const meta: string[] = [];
  for (const r of rows) {
    const t = tokenIds(r.text.slice(0, NEURAL_INJECTION.trainChars), NEURAL_INJECTION.tokens);
    for (const id of t.ids) ids.push(id);
    for (let k = 0; k + 1 < t.starts.length; k++)
      tokenLengths.push((t.starts[k + 1] ?? 0) - (t.starts[k] ?? 0));
    rowTokens.push(t.starts.length - 1);
    meta.push(
      JSON.stringify({ label: r.label, source: r.source, weight: r.weight, chars: r.text.length }),
    );
  }
  writeFileSync(join(dir, `${name}.ids.i32`), Int32Array.from(ids));
  writeFileSync(join(dir, `${name}.toklen.i32`), Int32Array.from(tokenLengths));
  writeFileSync(join(dir, `${name}.rowtok.i32`), Int32Array.from(rowTokens));
  writeFileSync(join(dir, `${name}.meta.jsonl`), `${meta.join('\n')}\n`);
  console.error(`${name}: ${rows.length} rows`);
}

function trainRows(): OutRow[] {
  const config = promptInjectionConfig({ taskSwitch: 1, benignSentences: 0 });
  const out: OutRow[] = [];
  for (const spec of config.sources) {
    const dir = join(config.dataDir, spec.folder ?? config.task);
    const keep = spec.keep;
    const effective =
      keep && !spec.generate
        ? { ...spec, generate: () => readJsonl(join(dir, `${spec.file}.jsonl`)).filter(keep) }
        : spec;
    const own = readSource(dir, effective, config.labels, NEURAL_INJECTION.trainChars);
    // The linear trainer's cap: no source weighs more than `sourceCap` rows.
    const weight = Math.min(1, config.sourceCap / Math.max(own.length, 1)) * (spec.weight ?? 1);
    for (const r of own)
      out.push({ text: r.text, label: r.target[0] ?? 0, source: spec.file, weight });
  }
  return out;
}

const outDir = process.argv[2] ?? '/tmp/parapet-injection-neural';
mkdirSync(outDir, { recursive: true });
write(outDir, 'train', trainRows());
const dev = new URL('../../../../shared/data/dev/', import.meta.url).pathname;
const devFiles = [
  'prompt_injection/deepset_prompt_injections',
  'prompt_injection/tensor_trust_attacks',
  'prompt_injection/notinject',
  'prompt_injection/bipia_indirect',
  'harmful_requests/wildguardtest_benign',
];
for (const f of devFiles) {
  const rows = readJsonl(join(dev, `${f}.dev.jsonl`)).map((r: JsonRow) => ({
    text: r.text,
    label: r.label,
    source: f,
    weight: 1,
  }));
  write(outDir, `dev-${f.split('/')[1]}`, rows);
}
// The customer regression fixtures (tests/fixtures/customer-regression): measured, never trained on.
const fixtures = new URL('../../../tests/fixtures/customer-regression/', import.meta.url).pathname;
for (const f of ['everyday', 'attacks', 'indirect']) {
  const rows = readJsonl(join(fixtures, `${f}.jsonl`)).map((r) => ({
    text: r.text,
    label: (r as { expect?: string }).expect === 'block' ? 1 : 0,
    source: f,
    weight: 1,
  }));
  write(outDir, `dev-${f}`, rows);
}
