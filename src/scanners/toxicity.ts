/**
 * Detects toxic language — insults, threats, identity attacks, obscenity — with a text
 * classifier: by default the project's own bundled model (models/toxicity-v2, a hashed n-gram
 * linear model; `version: v1` keeps the older TF.js embedding bag, see docs/models.md), or the
 * official `@tensorflow-models/toxicity` model from a local folder. One finding per category
 * with its calibrated probability; texts are scored per sentence window (v2) or fixed window
 * (v1, official), the maximum per category is kept and the note names the window. Besides the
 * text as written, its decoded readings are scored when they differ (classifiers/readings.ts:
 * leetspeak, look-alikes, invisible characters, encoded payloads, spaced / reversed / ROT13
 * text). Known false positives: quoted or
 * reported abuse, counter-speech, reclaimed slurs, profanity used in a friendly way.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import type { Finding, ScanResult, TextScores } from '../contract/types.js';
import { defineScanner } from '../contract/define-scanner.js';
import {
  TOXICITY_MODELS,
  TOXICITY_VERSIONS,
  bundledToxicityDir,
  toxicityClassifier,
} from '../classifiers/toxicity-models.js';
import { isLinearClassifier } from '../classifiers/linear/linear-classifier.js';
import { scoreWindowed } from '../classifiers/windows.js';
import type { WindowedScores } from '../classifiers/types.js';
import { bestReading, readings, type Reading } from '../classifiers/readings.js';

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
        'parapet: the bundled model (v2: all seven categories; v1: toxicity, obscene, threat, identity_attack); tfjs-toxicity: the official TF.js model (all seven categories), needs model_dir.',
      ),
    version: z
      .enum(TOXICITY_VERSIONS)
      .default('v2')
      .describe(
        'Which bundled parapet model: v2 (models/toxicity-v2, the default) or v1 (models/toxicity-v1, kept for policies tuned on it). Ignored when model_dir is set.',
      ),
    model_dir: z
      .string()
      .min(1)
      .optional()
      .describe(
        'Local model folder (relative to the working directory). parapet: defaults to the bundled model of `version`; tfjs-toxicity: required (see `parapet model pull toxicity`).',
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
  // The bundled linear model runs whole on a scan worker, readings and all: scoring it there from
  // the request thread still built the decoded readings here (~0.4 ms of the request thread's
  // CPU per ~1 KB request, `npm run bench:profile`) that the worker's offloaded rules build too.
  // TF.js models (v1, the official one) stay in process or on their own worker.
  offloadable: true,
  offloadsWith: (p) => p.model === 'parapet' && p.version === 'v2' && p.model_dir === undefined,
  params: Params,
  description: 'Toxic language by category (TF.js classifier, bundled or official model).',
  create({ model, version, model_dir: dir, categories }, deps) {
    if (dir !== undefined && !existsSync(dir)) throw new Error(`model_dir ${dir} does not exist`);
    const wanted = categories ? new Set<string>(categories) : undefined;
    const folder = dir ?? (model === 'parapet' ? bundledToxicityDir(version) : undefined);
    const load = () => toxicityClassifier(model, folder);
    const { scoring } = deps;
    // A linear parapet model is scored on the worker pool when there is one; else in process.
    const pooled =
      scoring && model === 'parapet' && folder ? scoring.accepts(folder) : Promise.resolve(false);
    // Start loading now, so the first request does not pay for it (errors surface per scan).
    void pooled.then((yes) => (yes ? undefined : load().catch(() => undefined)));
    // Window positions are named only for the text as written (a reading's offsets differ).
    const linearResult = (
      labels: readonly string[],
      all: readonly TextScores[],
      read: readonly Reading[],
    ): ScanResult => {
      const findings: Finding[] = labels
        .filter((label) => !wanted || wanted.has(label))
        .map((label) => {
          const i = bestReading(all, label);
          const scored = all[i];
          if (!scored) throw new Error('classifier returned no scores');
          const w = scored.windowOf[label];
          const where = i === 0 && scored.windows > 1 && w ? `, window at ${w.start}-${w.end}` : '';
          const note = scored.model + where + (read[i]?.note ?? '');
          return { kind: label, score: scored.scores[label] ?? 1, note };
        });
      return { score: Math.max(0, ...findings.map((f) => f.score)), findings };
    };
    return async ({ text, views, signal }) => {
      signal.throwIfAborted();
      const read = readings(text, views);
      const texts = read.map((r) => r.text);
      if (scoring && folder && (await pooled)) {
        const scored = await scoring.score(folder, texts, signal, views);
        if (scored.length !== texts.length) throw new Error('classifier returned no scores');
        return linearResult(Object.keys(scored[0]?.scores ?? {}), scored, read);
      }
      const classifier = await load();
      if (isLinearClassifier(classifier)) {
        // Synchronous and sentence-windowed; the featurization is shared through the views.
        const model = classifier.version;
        const scored = texts.map((t) => ({ model, ...classifier.scoreText(t, views) }));
        return linearResult(classifier.labels, scored, read);
      }
      const scored = await scoreWindowed(classifier, texts, signal);
      if (scored.length !== texts.length) throw new Error('classifier returned no scores');
      const findings: Finding[] = classifier.labels
        .filter((label) => !wanted || wanted.has(label))
        .map((label) => {
          const i = bestReading(scored, label);
          const best = scored[i] as WindowedScores;
          const note = windowNote(classifier.version, best, label) + (read[i]?.note ?? '');
          return { kind: label, score: best.scores[label] ?? 1, note };
        });
      return { score: Math.max(0, ...findings.map((f) => f.score)), findings };
    };
  },
});
