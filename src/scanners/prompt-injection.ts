/**
 * Detects prompt injection and jailbreaks: transparent rules (instruction override, persona
 * switch, named jailbreak personas, prompt-leak requests, chat-template delimiters and fake
 * system markers, instructions addressed to the AI from inside content, slipped-in side tasks)
 * plus a linear classifier trained by `npm run train:prompt-injection` (models/prompt-injection-v2,
 * hashed n-grams, English, German, French and Spanish; `version: v1` loads the older TF.js
 * embedding bag). Both read normalized text (look-alikes, invisible characters, leetspeak,
 * base64 / hex / URL payloads), the classifier in sentence windows. Known false positives:
 * texts that discuss attacks ("what does 'ignore previous instructions' do?"), long role
 * prompts with section markers. Known misses: attacks that look like ordinary requests
 * (indirect injections of harmless-sounding tasks into documents), other languages.
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
      .describe('Run the bundled classifier (models/prompt-injection-<version>).'),
    version: z
      .enum(['v2', 'v1'])
      .default('v2')
      .describe('Bundled classifier: v2 (linear, en/de/fr/es) or v1 (TF.js, English).'),
  })
  .strict();

export const promptInjection = defineScanner({
  id: 'prompt-injection',
  // 2: German, French and Spanish rules (injection-heuristics-multilingual.ts); 3: orders about
  // the reply inside documents (injection-heuristics-data.ts); 4: task switches, evil-AI personas
  // and grounding overrides in German, French and Spanish (injection-heuristics-task-switch.ts).
  version: '4',
  stages: ['input'],
  localizes: true,
  offloadable: true,
  // v2's training data holds overrides in these languages (generated pairs, XSafety); v1 was
  // English only and is kept loadable for comparison, not to vouch for other languages.
  languages: ['eng', 'deu', 'fra', 'spa'],
  params: Params,
  description: 'Instruction overrides, jailbreak personas, prompt-leak requests, fake delimiters.',
  create({ heuristics, classifier, version }, deps) {
    return contentScan({
      scoring: deps.scoring,
      heuristics: heuristics ? INJECTION_HEURISTICS : [],
      ...(classifier
        ? {
            model: {
              name: `prompt-injection-${version}`,
              label: 'injection',
              // v1's mean of a few embeddings is noise; v2's windows are scored as bags of n-grams.
              minWords: version === 'v1' ? 5 : 2,
              kind: 'injection-classifier',
              note: 'classifier: reads like a jailbreak or a prompt attack',
            },
          }
        : {}),
    });
  },
});
