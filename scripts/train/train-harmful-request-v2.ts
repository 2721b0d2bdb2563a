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
 * The sources and their row shaping are in harmful-sources.ts, the options the ablations turn in
 * harmful-options.ts, the card's validation section in harmful-report.ts; this file adds the
 * generated sources and the trainer settings. `npm run train:harmful-request-v1` rebuilds the
 * old embedding bag.
 */
import { fileURLToPath } from 'node:url';
import { HARM_CATEGORIES } from '../../src/classifiers/harm-heuristics.js';
import { contentRequestRows } from './harmful-content-requests.js';
import { lookalikeRows } from './harmful-lookalikes.js';
import {
  HARMFUL_REQUEST_OPTIONS,
  HARMFUL_SEED as SEED,
  type HarmfulRequestOptions,
} from './harmful-options.js';
import { reportValidation } from './harmful-report.js';
import { NAMED_ONLY } from './harmful-hazard-types.js';
import { HAZARDS, hazardRows } from './harmful-hazards.js';
import {
  all,
  always,
  CONTENT,
  dataDir,
  HAZARD_ROWS,
  LOOKALIKES,
  SPECS,
  training,
} from './harmful-sources.js';
import { isValidation } from './harmful-validation.js';
import { trainLinearTask, type LinearSource } from './linear/linear-trainer.js';
import type { LinearTrainConfig } from './linear/linear-trainer.js';
import { TOXICITY_V2 } from './train-toxicity-v2.js';
import { EXCLUDED_SHARED } from './train-sources.js';

export { HARMFUL_REQUEST_OPTIONS, type HarmfulRequestOptions } from './harmful-options.js';
export { POLICY_HARMFUL_THRESHOLD, reportValidation, validationRows } from './harmful-report.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dev = `${root}../shared/data/dev/harmful_requests`;

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
  const hazards = options.hazards ?? 0;
  if (hazards > 0)
    sources.push({
      file: HAZARD_ROWS,
      licence: 'Apache-2.0 (this project)',
      origin:
        'scripts/train/harmful-hazards.ts: requests over a hazard-taxonomy vocabulary (CBRNE, cybercrime, violent and property crimes, weapons, drugs, fraud, harassment, self-harm, privacy, misinformation, IP, trafficking) and benign look-alikes on the same objects',
      annotates: all,
      generate: () =>
        hazardRows(hazards, SEED, options.hazardBenign ?? 1).filter((r) => !isValidation(r.text)),
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
      ...(hazards > 0
        ? [
            `hazards (scripts/train/harmful-hazards.ts): ${hazards} harmful requests over our own vocabulary for ${HAZARDS.length} hazards of the MLCommons AILuminate and HarmBench taxonomies (${HAZARDS.map((h) => h.name).join('; ')}), each object also in as many benign requests (protection, history, treatment, reporting, "What is ...?"); ${NAMED_ONLY.join(', ')}: named only, never generated; seed ${SEED}.`,
          ]
        : []),
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await trainLinearTask(HARMFUL_REQUEST_V2);
  console.error(await reportValidation(HARMFUL_REQUEST_V2));
}
