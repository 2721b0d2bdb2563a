/**
 * For offline comparison of model combinations: per dev row, the prompt-injection scanner's
 * rules alone, the shipped linear model alone, and the whole scanner, as JSON lines (label and
 * scores only, no text). Usage: `node --import tsx scripts/train/neural/dump-scanner-scores.ts
 * <out.jsonl> <dev files...>`. Report-only: dev rows are never trained on.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { BUNDLED_MODELS_DIR } from '../../../src/classifiers/classifier-cache.js';
import { LinearClassifier } from '../../../src/classifiers/linear/linear-classifier.js';
import { promptInjection } from '../../../src/scanners/prompt-injection.js';
import { scanInputFor } from '../../../src/text/views.js';
import { readJsonl } from '../linear/linear-trainer.js';

const deps = { countTokens: () => Promise.reject(new Error('no model')) };
const scanner = (params: object) =>
  promptInjection.create(promptInjection.params.parse(params), deps);
const rules = scanner({ classifier: false });
const whole = scanner({});
const linear = await LinearClassifier.load(resolve(BUNDLED_MODELS_DIR, 'prompt-injection-v2'));
const [out, ...files] = process.argv.slice(2);
const lines: string[] = [];
for (const file of files)
  for (const row of readJsonl(file)) {
    const input = () => scanInputFor(row.text, 'input', new AbortController().signal);
    const h = (await rules(input())).score;
    const all = (await whole(input())).score;
    const c = linear.scoreText(row.text).scores.injection ?? 0;
    const label = (row as { expect?: string }).expect === 'block' ? 1 : (row.label ?? 0);
    lines.push(
      JSON.stringify({ file: file.split('/').pop(), label, h, c, all, chars: row.text.length }),
    );
  }
writeFileSync(out ?? '/tmp/scores.jsonl', `${lines.join('\n')}\n`);
