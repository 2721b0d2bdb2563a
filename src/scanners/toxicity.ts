/**
 * Detects toxic language — insults, threats, identity attacks, obscenity — with a TF.js text
 * classifier: by default the project's own bundled model (models/toxicity-v1, see
 * docs/models.md), or the official `@tensorflow-models/toxicity` model from a local folder.
 * One finding per category with its calibrated probability; long texts are scored in windows
 * (maximum per category) and the note names the window. Known false positives: quoted or
 * reported abuse, counter-speech, reclaimed slurs, profanity used in a friendly way.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { Finding } from '../contract/types.js';
import { defineScanner } from '../contract/define-scanner.js';
import { TOXICITY_MODELS, toxicityClassifier } from '../classifiers/toxicity-models.js';
import { scoreWindowed } from '../classifiers/windows.js';
import type { WindowedScores } from '../classifiers/types.js';

export const TOXICITY_CATEGORIES = [
  'toxicity',
  'severe_toxicity',
  'obscene',
  'threat',
  'insult',
  'identity_attack',
  'sexual_explicit',
] as const;

const Params = z
  .object({
    model: z
      .enum(TOXICITY_MODELS)
      .default('parapet')
      .describe(
        'parapet: the bundled model (toxicity, obscene, threat, identity_attack); tfjs-toxicity: the official TF.js model (all seven categories), needs model_dir.',
      ),
    model_dir: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Local model folder (relative to the working directory). parapet: defaults to the bundled models/toxicity-v1; tfjs-toxicity: required (see `parapet model pull toxicity`).',
      ),
    categories: z
      .array(z.enum(TOXICITY_CATEGORIES))
      .min(1)
      .optional()
      .describe('Categories to report; every category the model scores when omitted.'),
  })
  .strict()
  .refine((p) => p.model !== 'tfjs-toxicity' || p.model_dir !== undefined, {
    error: 'model tfjs-toxicity needs model_dir (the folder `parapet model pull toxicity` wrote)',
    path: ['model_dir'],
  });

/** Which window gave the score, by position only (notes never quote the text). */
function windowNote(version: string, w: WindowedScores, label: string): string {
  if (w.windows === 1) return version;
  const index = w.windowOf[label] ?? 0;
  const start = index * w.strideChars;
  return `${version}, window ${index + 1}/${w.windows} at ${start}-${start + w.windowChars}`;
}

export const toxicity = defineScanner({
  id: 'toxicity',
  version: '1',
  stages: ['input', 'output'],
  localizes: false,
  languages: ['eng'], // trained on English only (docs/models.md)
  params: Params,
  description: 'Toxic language by category (TF.js classifier, bundled or official model).',
  create({ model, model_dir: dir, categories }) {
    if (dir !== undefined && !existsSync(dir)) throw new Error(`model_dir ${dir} does not exist`);
    const wanted = categories ? new Set<string>(categories) : undefined;
    const load = () => toxicityClassifier(model, dir);
    // Start loading now, so the first request does not pay for it (errors surface per scan).
    load().catch(() => undefined);
    return async ({ text, signal }) => {
      signal.throwIfAborted();
      const classifier = await load();
      const [scored] = await scoreWindowed(classifier, [text], signal);
      if (!scored) throw new Error('classifier returned no scores');
      const findings: Finding[] = classifier.labels
        .filter((label) => !wanted || wanted.has(label))
        .map((label) => ({
          kind: label,
          score: scored.scores[label] ?? 1,
          note: windowNote(classifier.version, scored, label),
        }));
      return { score: Math.max(0, ...findings.map((f) => f.score)), findings };
    };
  },
});
