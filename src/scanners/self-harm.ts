/**
 * Detects self-harm disclosures and intent ("I want to die, nothing matters anymore.", "I feel
 * like killing myself", "I've been cutting myself"), worry about someone else's safety, and
 * requests for self-harm methods, as findings of kind `self_harm`: a first-person phrase lexicon
 * (self-harm-lexicon.ts) and harm-heuristics.ts' self-harm request rule, optionally with
 * harmful-request-v2's `self_harm` head (noisy-OR, content-scan.ts). The head was trained on
 * requests: it scores disclosures near 0 and some benign distress posts near 1, so it is off
 * unless asked for. Known misses: hopelessness without explicit wording ("I can't take it
 * anymore", "I am worthless"), euphemisms and slang beyond the list, other languages. Known
 * false positives: jokes and hyperbole in first person ("I'll kill myself if I hear that song
 * again"), quoted song lyrics. Meant for flag-and-respond rules, not blocking.
 */
import { z } from 'zod';
import { contentScan } from '../classifiers/content-scan.js';
import { HARM_HEURISTICS } from '../classifiers/harm-heuristics.js';
import { SELF_HARM_LEXICON } from '../classifiers/self-harm-lexicon.js';
import { defineScanner } from '../contract/define-scanner.js';

const Params = z
  .object({
    classifier: z
      .boolean()
      .default(false)
      .describe(
        "Add harmful-request-v2's self_harm head (requests for methods). Off by default: on the mental-health rows it added 1 true positive and 13 false positives (docs/scanners.md#self-harm).",
      ),
  })
  .strict();

const REQUEST_RULES = HARM_HEURISTICS.filter((h) => h.id === 'self_harm');

export const selfHarm = defineScanner({
  id: 'self-harm',
  version: '1',
  stages: ['input'],
  localizes: true,
  languages: ['eng'], // an English lexicon and an English-trained head
  params: Params,
  description: 'Self-harm disclosures, intent and requests for methods (kind self_harm).',
  create({ classifier }) {
    return contentScan({
      heuristics: [...SELF_HARM_LEXICON, ...REQUEST_RULES],
      ...(classifier
        ? {
            model: {
              name: 'harmful-request-v2',
              label: 'self_harm',
              kind: 'self_harm',
              minWords: 3,
              note: 'classifier: reads like a request for self-harm methods',
            },
          }
        : {}),
    });
  },
});
