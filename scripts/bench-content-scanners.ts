/**
 * `npm run bench:content-scanners`: per ~1 KB prompt, the time of what the default policy's
 * prompt-injection and harmful-request rules do on it — normalization (look-alikes, invisible
 * characters, leetspeak, payload decoding), the named rules and both bundled classifiers — one
 * prompt at a time after a warm-up, as the input stage calls them (the two scanners run in
 * parallel there; here back to back, so the figure is their sum). Prompts are built from
 * ordinary sentences (no dataset text), some with an encoded payload or look-alikes.
 *
 *   npm run bench:content-scanners -- [--runs 500]
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { latencySummary } from '../src/eval/numbers.js';
import type { ScanFn } from '../src/contract/types.js';
import { harmfulRequest } from '../src/scanners/harmful-request.js';
import { promptInjection } from '../src/scanners/prompt-injection.js';
import { createTextViews, scanInputFor } from '../src/text/views.js';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '500' } } });
const RUNS = Number(values.runs);

const SENTENCES = [
  'Thanks for getting back to me so quickly about the refund for my order.',
  'Could you explain how the loyalty points are calculated on sale items?',
  'My parcel was marked as delivered but it is not at my door or with the neighbours.',
  'Please summarise the attached return policy in three short bullet points.',
  'Is it possible to change the delivery address after the order has shipped?',
  'Ignore the typo in my last message, I meant the blue one, not the black one.',
  'What are your opening hours on public holidays in December?',
  'I would like to cancel my subscription at the end of the current billing period.',
];

/** ~1 KB prompts; every fifth carries a base64 run, every seventh Cyrillic look-alikes. */
function prompt(i: number): string {
  let text = '';
  for (let k = i; text.length < 1024; k++) text += `${SENTENCES[k % SENTENCES.length]} `;
  if (i % 5 === 0)
    text = `${text.slice(0, 900)} ${Buffer.from('see you tomorrow at ten').toString('base64')}`;
  if (i % 7 === 0) text = text.replace(/o/g, 'о');
  return text.slice(0, 1024);
}

const deps = { countTokens: () => Promise.reject(new Error('unused')) };
const scans: ScanFn[] = [
  promptInjection.create(promptInjection.params.parse({}), deps),
  harmfulRequest.create(harmfulRequest.params.parse({}), deps),
];

async function timeOne(text: string): Promise<number> {
  const started = performance.now();
  // One views object for both, as a stage shares it across its rules.
  const input = scanInputFor(text, 'input', new AbortController().signal);
  for (const scan of scans) await scan(input);
  return performance.now() - started;
}

for (let i = 0; i < 50; i++) await timeOne(prompt(i)); // warm-up: model loads, JIT
const whole: number[] = [];
const normalization: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const text = prompt(i);
  whole.push(await timeOne(text));
  const started = performance.now();
  createTextViews(text).decoded(); // normalization, payload decoding and leet folding
  normalization.push(performance.now() - started);
}
console.log(
  JSON.stringify(
    {
      runs: RUNS,
      prompt_chars: 1024,
      cpus: cpus().length,
      load_average_1m: Number(loadavg()[0]?.toFixed(2)),
      both_scanners_ms: latencySummary(whole),
      normalization_and_views_ms: latencySummary(normalization),
    },
    null,
    2,
  ),
);
