/**
 * The `TextClassifier` face of a linear model (models/*-v2): scoring is synchronous and cheap
 * (~0.2 ms per 1 KB, `npm run bench:classifiers`), so there is no batching; `scoreText` is the
 * direct path for scanners that hold the text's views (the featurization is memoized there and
 * shared by every model with the same featurizer config).
 */
import type { TextViews } from '../../contract/text-views.js';
import type { LabelScores, TextClassifier } from '../types.js';
import { loadLinearModel, scoreText, type LinearModel, type LinearScores } from './linear-model.js';

/** Texts longer than this are windowed by the caller (windows.ts); sentences inside by us. */
const MAX_CHARS = 20_000;

export class LinearClassifier implements TextClassifier {
  readonly labels: readonly string[];
  readonly version: string;
  readonly maxChars = MAX_CHARS;
  #model: LinearModel | undefined;

  private constructor(model: LinearModel) {
    this.#model = model;
    this.labels = model.file.heads.map((h) => h.label);
    this.version = model.file.name;
  }

  static async load(dir: string): Promise<LinearClassifier> {
    return new LinearClassifier(await loadLinearModel(dir));
  }

  /** Per-label maxima over the text's sentence windows; throws once closed. */
  scoreText(text: string, views?: TextViews): LinearScores {
    if (!this.#model) throw new Error(`${this.version} is closed`);
    return scoreText(this.#model, text, views);
  }

  classify(texts: readonly string[], signal?: AbortSignal): Promise<LabelScores[]> {
    try {
      signal?.throwIfAborted();
      return Promise.resolve(texts.map((t) => this.scoreText(t).scores));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  close(): Promise<void> {
    this.#model = undefined;
    return Promise.resolve();
  }
}

export function isLinearClassifier(c: TextClassifier): c is LinearClassifier {
  return c instanceof LinearClassifier;
}
