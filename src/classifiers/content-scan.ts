/**
 * The scan shared by the prompt-injection and harmful-request scanners: transparent rules and
 * a bundled classifier, both reading the decoded views of the text (src/text/decoded-views.ts:
 * the text itself plus decoded base64 / hex / URL payloads, computed once per text and shared
 * by every rule of the stage), long views in windows. The scan's score combines the strongest
 * rule and the classifier as independent evidence (noisy-OR, 1 − (1 − h)(1 − c)): either alone
 * can reach the threshold; a weak cue and a middling classifier score together can too.
 */
import { resolve } from 'node:path';
import type { DecodedView, TextViews } from '../contract/text-views.js';
import type { Finding, ModelScoring, ScanFn, Span, TextScores } from '../contract/types.js';
import { BUNDLED_MODELS_DIR, sharedClassifiers } from './classifier-cache.js';
import { compileHeuristics, runHeuristics, type Heuristic } from './heuristics.js';
import { isLinearClassifier } from './linear/linear-classifier.js';
import { loadModelFolder } from './model-folder.js';
import type { TextClassifier } from './types.js';
import { defaultStride, scoreWindowed } from './windows.js';
import { viewNote } from '../text/decoded-views.js';

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
  /**
   * Further heads reported as findings of their own kind (the head's label), e.g. harm
   * categories, so a policy can hold each to its own threshold.
   */
  readonly categories?: readonly string[];
}

export interface ContentScanOptions {
  readonly heuristics: readonly Heuristic[];
  /** Absent: rules only. */
  readonly model?: ContentModel;
  /** The worker pool (ScannerDeps.scoring); absent: the model scores in process. */
  readonly scoring?: ModelScoring | undefined;
}

/** One instance per process and folder (classifier-cache.ts); a failed load is retried. */
export function bundledClassifier(name: string): Promise<TextClassifier> {
  const dir = resolve(BUNDLED_MODELS_DIR, name);
  return sharedClassifiers.get(`parapet:${dir}`, () => loadModelFolder(dir));
}

/** Per scored view, each label's score and where its best window lies (view offsets). */
type ViewScores = { scores: Readonly<Record<string, number>>; window: (label: string) => Span };

/** Scores the decoded views' texts of one scanned text. */
type ViewScorer = (
  texts: readonly string[],
  views: TextViews,
  signal: AbortSignal,
) => Promise<ViewScores[]>;

const linearViewScores = (r: Omit<TextScores, 'model'>, text: string): ViewScores => ({
  scores: r.scores,
  window: (l) => r.windowOf[l] ?? { start: 0, end: text.length },
});

/** A linear model folder scored on the worker pool (deps.scoring). */
function pooledScorer(scoring: ModelScoring, dir: string): ViewScorer {
  return async (texts, views, signal) =>
    (await scoring.score(dir, texts, signal, views)).map((r, i) =>
      linearViewScores(r, texts[i] ?? ''),
    );
}

function inProcessScorer(classifier: TextClassifier): ViewScorer {
  if (isLinearClassifier(classifier))
    // Synchronous and sentence-windowed; the text's own view shares its featurization.
    return (texts, views) =>
      Promise.resolve(texts.map((t) => linearViewScores(classifier.scoreText(t, views), t)));
  // The trainer's windows (models/*/featurizer.json) use the same ¾-window stride.
  const stride = defaultStride(classifier.maxChars);
  return async (texts, _views, signal) =>
    (await scoreWindowed(classifier, texts, signal, stride)).map((r, i) => ({
      scores: r.scores,
      // Window w starts at w × stride (windows.ts), as the toxicity scanner also computes it.
      window: (label) => {
        const start = (r.windowOf[label] ?? 0) * r.strideChars;
        return { start, end: Math.min(texts[i]?.length ?? 0, start + classifier.maxChars) };
      },
    }));
}

async function classifierFindings(
  model: ContentModel,
  scorer: ViewScorer,
  textViews: TextViews,
  signal: AbortSignal,
): Promise<Finding[]> {
  const views = textViews.decoded();
  const scored = views.filter((v) => hasWords(v.text, model.minWords));
  if (scored.length === 0) return [];
  const texts = scored.map((v) => v.text);
  const results = await scorer(texts, textViews, signal);
  return results.flatMap((r, i) => {
    const view = scored[i] as DecodedView;
    const where = viewNote(view.source);
    const finding = (label: string, kind: string, note: string): Finding => ({
      kind,
      score: r.scores[label] ?? 1,
      span: view.toOriginal(r.window(label)),
      note: `${note}${where}`,
    });
    const categories = (model.categories ?? []).map((c) =>
      finding(c, c, `classifier: ${c.replaceAll('_', ' ')}`),
    );
    return [finding(model.label, model.kind, model.note), ...categories];
  });
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Whether `text` has at least `min` words: counts up to `min`, not every word of the text. */
function hasWords(text: string, min: number): boolean {
  const words = new RegExp(WORD);
  let count = 0;
  while (count < min && words.exec(text) !== null) count++;
  return count >= min;
}

const strongest = (findings: readonly Finding[]) =>
  findings.reduce((max, f) => Math.max(max, f.score), 0);

export function contentScan(options: ContentScanOptions): ScanFn {
  const rules = compileHeuristics(options.heuristics);
  const { model, scoring } = options;
  const dir = model && resolve(BUNDLED_MODELS_DIR, model.name);
  // A linear model is scored on the worker pool when there is one (deps.scoring).
  const pooled = scoring && dir ? scoring.accepts(dir) : Promise.resolve(false);
  // Start loading when the policy loads, not on the first request: a cold load (WASM start,
  // 4 MiB of weights) can outlast a rule's timeout, and the rule would then fail closed. A
  // failed load is not cached; the scan retries it and fails closed itself.
  if (model)
    void pooled.then((yes) => (yes ? undefined : bundledClassifier(model.name).catch(() => {})));
  const scorer = async (name: string): Promise<ViewScorer> =>
    scoring && dir && (await pooled)
      ? pooledScorer(scoring, dir)
      : inProcessScorer(await bundledClassifier(name));
  return async ({ views: textViews, signal }) => {
    signal.throwIfAborted();
    const views = textViews.decoded();
    const ruled = runHeuristics(rules, views);
    const modeled = model
      ? await classifierFindings(model, await scorer(model.name), textViews, signal)
      : [];
    signal.throwIfAborted();
    const h = strongest(ruled);
    const c = strongest(modeled.filter((f) => f.kind === model?.kind));
    // Only the classifier's strongest window is reported per kind: one finding per text and
    // kind is enough to explain the score, and overlapping windows would crowd the review page.
    const best = [...new Set(modeled.map((f) => f.kind))].flatMap((kind) => {
      const ofKind = modeled.filter((f) => f.kind === kind);
      const top = strongest(ofKind);
      return ofKind.filter((f) => f.score === top).slice(0, 1);
    });
    const findings = [...ruled, ...best].sort(
      (a, b) => (a.span?.start ?? 0) - (b.span?.start ?? 0),
    );
    return { score: 1 - (1 - h) * (1 - c), findings };
  };
}
