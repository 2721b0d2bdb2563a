/**
 * `node --import tsx scripts/train/injection-variants.ts <variant>`: trains one data variant of
 * prompt-injection-v2 (the ablation of docs/models.md#prompt-injection-v2) into
 * `.cache/ablation/pi-<variant>/prompt-injection-v2`; copy that folder over
 * `models/prompt-injection-v2` to measure it with `parapet eval --scanner prompt-injection
 * --sweep` (the rule alone at each threshold), then `git checkout models/prompt-injection-v2`.
 * Same seeds as the shipped model; only the data options differ. `--seeds` trains the variant
 * with each of the three ablation seeds into `.cache/ablation/pi-<variant>-<seed>/`, the folders
 * scripts/train/injection-variant-counts.ts reads.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { trainLinearTask, type LinearTrainConfig } from './linear/linear-trainer.js';
import {
  ABLATION_SEEDS,
  promptInjectionConfig,
  type PromptInjectionOptions,
} from './train-prompt-injection-v2.js';

const VARIANTS: Record<string, PromptInjectionOptions> = {
  // The shipped data (seed 20261216).
  before: { taskSwitch: 0, benignSentences: 0 },
  'password-policy-0.5': { taskSwitch: 0, benignSentences: 0, passwordPolicy: 0.5 },
  'password-policy-1': { taskSwitch: 0, benignSentences: 0, passwordPolicy: 1 },
  'password-policy-2': { taskSwitch: 0, benignSentences: 0, passwordPolicy: 2 },
  'password-policy-1-notices': {
    taskSwitch: 0,
    benignSentences: 0,
    passwordPolicy: 1,
    passwordNotices: true,
  },
  'password-policy-1-task-switch': { taskSwitch: 1, benignSentences: 0, passwordPolicy: 1 },
  windows: { taskSwitch: 0, benignSentences: 1 },
  'task-switch': { taskSwitch: 1, benignSentences: 0 },
  both: { taskSwitch: 1, benignSentences: 1 },
  'both-hardneg': {
    taskSwitch: 1,
    benignSentences: 1,
    hardNegatives: { share: 0.05, boost: 3 },
  },
  'task-switch-half': { taskSwitch: 0.5, benignSentences: 0 },
  'task-switch-no-persona': { taskSwitch: 1, benignSentences: 0, taskSwitchPersona: false },
  'task-switch-hardneg': {
    taskSwitch: 1,
    benignSentences: 0,
    hardNegatives: { share: 0.05, boost: 3 },
  },
  'task-switch-role-prompts-x2': { taskSwitch: 1, benignSentences: 0, rolePromptWeight: 2 },
};

const name = process.argv[2] ?? '';
// A variant not in the table may be given as JSON options after its name (exploration).
// A `seed` there retrains with another seed, to tell a data change from seed noise; `epochs`
// and `l2` override the trainer's.
type Overrides = Partial<Pick<LinearTrainConfig, 'seed' | 'epochs' | 'l2'>>;
const options = process.argv[3]?.startsWith('{')
  ? (JSON.parse(process.argv[3]) as PromptInjectionOptions & Overrides)
  : VARIANTS[name];
if (!options) throw new Error(`variant one of: ${Object.keys(VARIANTS).join(', ')}`);
const root = fileURLToPath(new URL('../../', import.meta.url));
const overrides = Object.fromEntries(
  (['seed', 'epochs', 'l2'] as const)
    .filter((k) => k in options)
    .map((k) => [k, (options as Overrides)[k]]),
);
const runs = process.argv.includes('--seeds')
  ? ABLATION_SEEDS.map((seed) => ({ seed, out: `pi-${name}-${seed}` }))
  : [{ out: `pi-${name}` }];
for (const run of runs)
  await trainLinearTask({
    ...promptInjectionConfig(options),
    ...overrides,
    ...('seed' in run ? { seed: run.seed } : {}),
    outDir: join(root, '.cache', 'ablation', run.out),
  });
