/**
 * Detects requests for seriously harmful help: a linear classifier trained by
 * `npm run train:harmful-request` (models/harmful-request-v2; `version: v1` loads the older TF.js
 * model) gives the `harmful` score and a score per category, and
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
import { HARM_CATEGORIES, HARM_HEURISTICS } from '../classifiers/harm-heuristics.js';
import { defineScanner } from '../contract/define-scanner.js';

const Params = z
  .object({
    heuristics: z.boolean().default(true).describe('Run the category rules.'),
    classifier: z
      .boolean()
      .default(true)
      .describe('Run the bundled classifier (models/harmful-request-<version>).'),
    version: z
      .enum(['v2', 'v1'])
      .default('v2')
      .describe('Bundled classifier: v2 (linear, per-category heads) or v1 (TF.js, harmful only).'),
  })
  .strict();

export const harmfulRequest = defineScanner({
  id: 'harmful-request',
  version: '2',
  stages: ['input'],
  localizes: true,
  offloadable: true,
  languages: ['eng'], // trained on English only (docs/models.md)
  params: Params,
  description:
    'Requests for weapons, self-harm, abuse, malware, drugs, fraud or hate, by category.',
  create({ heuristics, classifier, version }, deps) {
    return contentScan({
      scoring: deps.scoring,
      heuristics: heuristics ? HARM_HEURISTICS : [],
      ...(classifier
        ? {
            model: {
              name: `harmful-request-${version}`,
              label: 'harmful',
              minWords: 3,
              ...(version === 'v2' ? { categories: HARM_CATEGORIES } : {}),
              kind: 'harmful',
              note: 'classifier: reads like a request for harmful help',
            },
          }
        : {}),
    });
  },
});
