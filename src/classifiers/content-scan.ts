/**
 * The scan shared by the prompt-injection and harmful-request scanners: transparent rules and
 * a bundled classifier, both reading the decoded views of the text (src/text/decoded-views.ts:
 * the text itself plus decoded base64 / hex / URL payloads, computed once per text and shared
 * by every rule of the stage), long views in windows. The scan's score combines the strongest
 * rule and the classifier as independent evidence (noisy-OR, 1 − (1 − h)(1 − c)): either alone
 * can reach the threshold; a weak cue and a middling classifier score together can too.
 */
import { resolve } from 'node:path';
import type { DecodedView } from '../contract/text-views.js';
import type { Finding, ScanFn } from '../contract/types.js';
import { BUNDLED_MODELS_DIR, sharedClassifiers } from './classifier-cache.js';
import { EmbeddingBagClassifier } from './embedding-bag-classifier.js';
import { compileHeuristics, runHeuristics, type Heuristic } from './heuristics.js';
import type { TextClassifier } from './types.js';
import { defaultStride, scoreWindowed } from './windows.js';

export interface ContentModel {
  /** Folder under models/, e.g. `prompt-injection-v1`. */
  readonly name: string;
  /** The label whose probability is the classifier's score. */
  readonly label: string;
  /** Finding kind of the classifier's verdict. */
  readonly kind: string;
  readonly note: string;
  /**
   * Views with fewer words are left to the rules: the mean of a handful of n-gram embeddings is
   * noise ("And now?" scored 0.998 on the injection model, "now" being a jailbreak word).
   */
  readonly minWords: number;
}

export interface ContentScanOptions {
  readonly heuristics: readonly Heuristic[];
  /** Absent: rules only. */
  readonly model?: ContentModel;
}

/** One instance per process and folder (classifier-cache.ts); a failed load is retried. */
export function bundledClassifier(name: string): Promise<TextClassifier> {
  const dir = resolve(BUNDLED_MODELS_DIR, name);
  return sharedClassifiers.get(`parapet:${dir}`, () => EmbeddingBagClassifier.load(dir));
}

async function classifierFindings(
  model: ContentModel,
  classifier: TextClassifier,
  views: readonly DecodedView[],
  signal: AbortSignal,
): Promise<Finding[]> {
  const scored = views.filter((v) => (v.text.match(WORD) ?? []).length >= model.minWords);
  if (scored.length === 0) return [];
  // The trainer's windows (models/*/featurizer.json) use the same ¾-window stride.
  const stride = defaultStride(classifier.maxChars);
  const results = await scoreWindowed(
    classifier,
    scored.map((v) => v.text),
    signal,
    stride,
  );
  return results.map((r, i) => {
    const view = scored[i] as DecodedView;
    // Window w starts at w × stride (windows.ts), as the toxicity scanner also computes it.
    const start = (r.windowOf[model.label] ?? 0) * r.strideChars;
    const end = Math.min(view.text.length, start + classifier.maxChars);
    const where = view.source === 'text' ? '' : ` (inside a ${view.source} payload)`;
    return {
      kind: model.kind,
      score: r.scores[model.label] ?? 1,
      span: view.toOriginal({ start, end }),
      note: `${model.note}${where}`,
    };
  });
}

const WORD = /[\p{L}\p{N}]+/gu;

const strongest = (findings: readonly Finding[]) =>
  findings.reduce((max, f) => Math.max(max, f.score), 0);

export function contentScan(options: ContentScanOptions): ScanFn {
  const rules = compileHeuristics(options.heuristics);
  const { model } = options;
  // Start loading when the policy loads, not on the first request: a cold load (WASM start,
  // 4 MiB of weights) can outlast a rule's timeout, and the rule would then fail closed. A
  // failed load is not cached; the scan retries it and fails closed itself.
  if (model) bundledClassifier(model.name).catch(() => undefined);
  return async ({ views: textViews, signal }) => {
    signal.throwIfAborted();
    const views = textViews.decoded();
    const ruled = runHeuristics(rules, views);
    const modeled = model
      ? await classifierFindings(model, await bundledClassifier(model.name), views, signal)
      : [];
    signal.throwIfAborted();
    const h = strongest(ruled);
    const c = strongest(modeled);
    // Only the classifier's strongest window is reported: one finding per text is enough to
    // explain the score, and many overlapping windows would crowd the review page.
    const best = modeled.filter((f) => f.score === c).slice(0, 1);
    const findings = [...ruled, ...best].sort(
      (a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0),
    );
    return { score: 1 - (1 - h) * (1 - c), findings };
  };
}
