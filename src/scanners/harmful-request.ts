/**
 * Detects requests for seriously harmful help: a small TF.js classifier trained by
 * `npm run train:harmful-request` (models/harmful-request-v1) gives the `harmful` score, and
 * transparent rules name a category when a request phrase meets a harm object
 * (`violent_crime_weapons`, `self_harm`, `sexual_minors`, `cybercrime`, `illegal_drugs`,
 * `fraud_scams`, `hate_harassment`). Both read normalized text. Known false positives: safety
 * and prevention questions phrased like requests ("how do criminals launder money, so I can
 * spot it?"), fiction and games ("how do I kill the boss in Elden Ring"). Known misses:
 * content-generation harms (persuasive misinformation, harassment letters), requests outside
 * the training sources' phrasing, languages other than English.
 */
import { z } from 'zod';
import { contentScan } from '../classifiers/content-scan.js';
import { HARM_HEURISTICS } from '../classifiers/harm-heuristics.js';
import { defineScanner } from '../contract/define-scanner.js';

const Params = z
  .object({
    heuristics: z.boolean().default(true).describe('Run the category rules.'),
    classifier: z
      .boolean()
      .default(true)
      .describe('Run the bundled classifier (models/harmful-request-v1).'),
  })
  .strict();

export const harmfulRequest = defineScanner({
  id: 'harmful-request',
  version: '1',
  stages: ['input'],
  localizes: true,
  languages: ['eng'], // trained on English only (docs/models.md)
  params: Params,
  description:
    'Requests for weapons, self-harm, abuse, malware, drugs, fraud or hate, by category.',
  create({ heuristics, classifier }) {
    return contentScan({
      heuristics: heuristics ? HARM_HEURISTICS : [],
      ...(classifier
        ? {
            model: {
              name: 'harmful-request-v1',
              label: 'harmful',
              minWords: 3,
              kind: 'harmful',
              note: 'classifier: reads like a request for harmful help',
            },
          }
        : {}),
    });
  },
});
