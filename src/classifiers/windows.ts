/**
 * Long texts are scored in overlapping windows of the classifier's `maxChars`, and each label
 * keeps its maximum over the windows: one abusive sentence in a long benign text must not be
 * averaged away. Which window gave the maximum is recorded so a reviewer can find it.
 */
import type { LabelScores, TextClassifier, WindowedScores } from './types.js';

/** Start offsets of the windows covering a text of `length` characters. */
export function windowStarts(length: number, maxChars: number, strideChars: number): number[] {
  const starts = [0];
  while ((starts.at(-1) ?? 0) + maxChars < length) starts.push((starts.at(-1) ?? 0) + strideChars);
  return starts;
}

export function defaultStride(maxChars: number): number {
  return Math.max(1, Math.floor((maxChars * 3) / 4));
}

export async function scoreWindowed(
  classifier: TextClassifier,
  texts: readonly string[],
  signal?: AbortSignal,
  strideChars = defaultStride(classifier.maxChars),
): Promise<WindowedScores[]> {
  const maxChars = classifier.maxChars;
  const perText = texts.map((t) => windowStarts(t.length, maxChars, strideChars));
  const windows = texts.flatMap((t, i) =>
    (perText[i] ?? []).map((start) => t.slice(start, start + maxChars)),
  );
  const scores = await classifier.classify(windows, signal);
  let at = 0;
  return perText.map((starts) => {
    const own = scores.slice(at, at + starts.length);
    at += starts.length;
    return {
      ...maxOver(own, classifier.labels),
      windows: starts.length,
      windowChars: maxChars,
      strideChars,
    };
  });
}

function maxOver(scores: readonly LabelScores[], labels: readonly string[]) {
  const best: Record<string, number> = {};
  const windowOf: Record<string, number> = {};
  for (const label of labels) {
    best[label] = 0;
    windowOf[label] = 0;
    scores.forEach((s, w) => {
      const v = s[label] ?? 0;
      if (v > (best[label] ?? 0)) {
        best[label] = v;
        windowOf[label] = w;
      }
    });
  }
  return { scores: best, windowOf };
}
