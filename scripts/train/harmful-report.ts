/**
 * harmful-request-v2's validation section of the model card: the held-out tenth of every source,
 * scored under the shipped policy's block rule, and the threshold the policy's rule picks.
 */
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadLinearModel } from '../../src/classifiers/linear/linear-model.js';
import type { JsonRow } from './dataset.js';
import { contentRequestRows } from './harmful-content-requests.js';
import { lookalikeRows } from './harmful-lookalikes.js';
import {
  HARMFUL_REQUEST_OPTIONS,
  HARMFUL_SEED as SEED,
  type HarmfulRequestOptions,
} from './harmful-options.js';
import { hazardRows } from './harmful-hazards.js';
import { always, CONTENT, HAZARD_ROWS, LOOKALIKES, rowsOf, SPECS } from './harmful-sources.js';
import {
  isValidation,
  scoreValidation,
  validationTable,
  worstSourceThreshold,
  type ValidationRow,
} from './harmful-validation.js';
import type { LinearTrainConfig } from './linear/linear-trainer.js';

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
    ...rows(HAZARD_ROWS, hazardRows(options.hazards ?? 0, SEED, options.hazardBenign ?? 1)),
  ];
}

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
