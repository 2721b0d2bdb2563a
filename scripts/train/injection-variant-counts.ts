/**
 * `node --import tsx scripts/train/injection-variant-counts.ts <variant>...`: the counts table of
 * the prompt-injection-v2 ablation (models/prompt-injection-v2/ablation-*.md). Each variant is
 * read from `.cache/ablation/pi-<variant>-<seed>/prompt-injection-v2` for the three seeds
 * (`injection-variants.ts <variant> --seeds`), so a data change is told
 * from seed noise by the mean. Per dev and regression file, the rows the scanner blocks at the
 * default policy's 0.95: its rules, and the variant's model on the text itself (at least two
 * words), combined by noisy-OR as content-scan.ts does. The scanner also scores decoded views
 * (base64 and the like), so a count may differ by one from `parapet eval`. Counts only: no text
 * is printed.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LinearClassifier } from '../../src/classifiers/linear/linear-classifier.js';
import { promptInjection } from '../../src/scanners/prompt-injection.js';
import { scanInputFor } from '../../src/text/views.js';
import { readJsonl } from './linear/linear-trainer.js';
import { ABLATION_SEEDS } from './train-prompt-injection-v2.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const BLOCK = 0.95;
const dev = join(root, '../shared/data/dev');
const fixtures = join(root, 'tests/fixtures/customer-regression');
/** [column, file, which rows count: positives caught or negatives blocked]. */
const COLUMNS: readonly [string, string, 'caught' | 'blocked'][] = [
  ['deepset /53', `${dev}/prompt_injection/deepset_prompt_injections.dev.jsonl`, 'caught'],
  ['Tensor Trust /186', `${dev}/prompt_injection/tensor_trust_attacks.dev.jsonl`, 'caught'],
  ['NotInject FP /69', `${dev}/prompt_injection/notinject.dev.jsonl`, 'blocked'],
  ['BIPIA /36', `${dev}/prompt_injection/bipia_indirect.dev.jsonl`, 'caught'],
  [
    'WildGuardTest benign FP /194',
    `${dev}/harmful_requests/wildguardtest_benign.dev.jsonl`,
    'blocked',
  ],
  ['everyday FP', `${fixtures}/everyday.jsonl`, 'blocked'],
  ['indirect allow rows FP', `${fixtures}/indirect.jsonl`, 'blocked'],
];

const deps = { countTokens: () => Promise.reject(new Error('no tokenizer')) };
const rules = promptInjection.create(promptInjection.params.parse({ classifier: false }), deps);
const WORD = /[\p{L}\p{N}]+/gu;

const files = await Promise.all(
  COLUMNS.map(async ([, file, count]) => {
    const rows = [];
    for (const row of readJsonl(file)) {
      const label = (row as { expect?: string }).expect === 'block' ? 1 : (row.label ?? 0);
      if ((count === 'caught') !== (label === 1)) continue;
      const input = scanInputFor(row.text, 'input', new AbortController().signal);
      rows.push({ text: row.text, h: (await rules(input)).score });
    }
    return rows;
  }),
);

console.log(`| variant | ${COLUMNS.map((c) => c[0]).join(' | ')} |`);
console.log(`| --- | ${COLUMNS.map(() => '---:').join(' | ')} |`);
for (const variant of process.argv.slice(2)) {
  const perSeed: number[][] = [];
  for (const seed of ABLATION_SEEDS) {
    const dir = join(root, '.cache/ablation', `pi-${variant}-${seed}`, 'prompt-injection-v2');
    const model = await LinearClassifier.load(dir);
    perSeed.push(
      files
        .map((rows) =>
          rows.filter((r) => {
            const words = r.text.match(WORD)?.length ?? 0;
            const c = words >= 2 ? (model.scoreText(r.text).scores.injection ?? 0) : 0;
            return 1 - (1 - r.h) * (1 - c) >= BLOCK;
          }),
        )
        .map((hit) => hit.length),
    );
  }
  const cells = COLUMNS.map((_, i) => {
    const counts = perSeed.map((s) => s[i] ?? 0);
    const mean = counts.reduce((a, b) => a + b, 0) / counts.length;
    return `${counts.join('/')} (${mean.toFixed(1)})`;
  });
  console.log(`| \`${variant}\` | ${cells.join(' | ')} |`);
}
