/**
 * Detects prompt injection and jailbreaks: transparent rules (instruction override, persona
 * switch, named jailbreak personas, prompt-leak requests, chat-template delimiters and fake
 * system markers, instructions addressed to the AI from inside content, slipped-in side tasks)
 * plus a small TF.js classifier trained by `npm run train:prompt-injection`
 * (models/prompt-injection-v1). Both read normalized text (look-alikes, invisible characters,
 * leetspeak, base64 / hex / URL payloads) and long texts in windows. Known false positives:
 * texts that discuss attacks ("what does 'ignore previous instructions' do?"), long role
 * prompts with section markers. Known misses: attacks that look like ordinary requests
 * (indirect injections of harmless-sounding tasks into documents), languages other than
 * English and German.
 */
import { z } from 'zod';
import { contentScan } from '../classifiers/content-scan.js';
import { INJECTION_HEURISTICS } from '../classifiers/injection-heuristics.js';
import { defineScanner } from '../contract/define-scanner.js';

const Params = z
  .object({
    heuristics: z.boolean().default(true).describe('Run the named rules.'),
    classifier: z
      .boolean()
      .default(true)
      .describe('Run the bundled classifier (models/prompt-injection-v1).'),
  })
  .strict();

export const promptInjection = defineScanner({
  id: 'prompt-injection',
  version: '1',
  stages: ['input'],
  localizes: true,
  languages: ['eng'], // trained on English; the little German in its data is not enough to vouch
  params: Params,
  description: 'Instruction overrides, jailbreak personas, prompt-leak requests, fake delimiters.',
  create({ heuristics, classifier }) {
    return contentScan({
      heuristics: heuristics ? INJECTION_HEURISTICS : [],
      ...(classifier
        ? {
            model: {
              name: 'prompt-injection-v1',
              label: 'injection',
              minWords: 5,
              kind: 'injection-classifier',
              note: 'classifier: reads like a jailbreak or a prompt attack',
            },
          }
        : {}),
    });
  },
});
