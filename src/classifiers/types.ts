/**
 * The contract every text classifier implements (our own TF.js models, the official TF.js
 * toxicity model, later the prompt-injection and harmful-request models). Task-agnostic: a
 * classifier maps texts to one score in [0, 1] per label it knows. Scanners turn scores into
 * findings; policies turn findings into actions.
 */

/** One score in [0, 1] per label, e.g. `{ toxicity: 0.93, threat: 0.12 }`. */
export type LabelScores = Readonly<Record<string, number>>;

export interface TextClassifier {
  /** Every label `classify` scores, in a fixed order. */
  readonly labels: readonly string[];
  /** Model identity and version (e.g. `toxicity-v1`); recorded by scanners that use it. */
  readonly version: string;
  /**
   * The longest text (UTF-16 units) the model is meant to see at once. Longer texts are split
   * into windows by `scoreWindowed` (windows.ts) and the maximum per label is kept.
   */
  readonly maxChars: number;
  /**
   * Scores every text; the result has one entry per text, in order. Rejects with the signal's
   * reason when it is aborted before the work is done. Never includes text in errors.
   */
  classify(texts: readonly string[], signal?: AbortSignal): Promise<LabelScores[]>;
  /** Frees model memory; later `classify` calls reject. */
  close(): Promise<void>;
  /**
   * True once the classifier can no longer score for a reason other than `close` (its worker
   * thread died): the classifier cache then loads a new one. Absent: never fails that way.
   */
  readonly failed?: boolean;
}

/** Scores of one (possibly long) text: per label the maximum over its windows, and where. */
export interface WindowedScores {
  readonly scores: LabelScores;
  /** Per label, the 0-based index of the window that gave the maximum. */
  readonly windowOf: Readonly<Record<string, number>>;
  /** How many windows the text was split into (1 for a short text). */
  readonly windows: number;
  /** Window geometry, so a finding can say which characters a window covered. */
  readonly windowChars: number;
  readonly strideChars: number;
}
