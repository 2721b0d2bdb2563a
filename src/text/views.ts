/**
 * The per-text views of the contract (src/contract/text-views.ts), each computed on first use
 * and kept: a stage builds one TextViews per text and hands it to every rule, so the text is
 * normalized, decoded and language-guessed at most once however many rules read it.
 */
import type {
  DecodedView,
  LanguageGuess,
  MappedText,
  TextViews,
  ViewKey,
} from '../contract/text-views.js';
import type { ScanInput, Stage } from '../contract/types.js';
import { decodedViews } from './decoded-views.js';
import { detectLanguage } from './language.js';
import { normalizeText } from './normalize.js';

// franc's own answer below its minimum length (and for empty text).
const UNDETERMINED: LanguageGuess = { language: 'und', scores: new Map([['und', 1]]) };

class LazyTextViews implements TextViews {
  readonly text: string;
  #normalized: MappedText | undefined;
  #decoded: readonly DecodedView[] | undefined;
  #language: LanguageGuess | undefined;
  #memo: Map<string, unknown> | undefined;

  constructor(text: string) {
    this.text = text;
  }

  normalized(): MappedText {
    return (this.#normalized ??= normalizeText(this.text));
  }

  decoded(): readonly DecodedView[] {
    return (this.#decoded ??= decodedViews(this.text, this.normalized()));
  }

  language(minChars: number): LanguageGuess {
    // franc's minimum length only answers `und` below it; the ranking itself does not depend on
    // it, so one ranking serves every caller's minimum.
    if (this.text.length < minChars) return UNDETERMINED;
    return (this.#language ??= detectLanguage(this.text, 0));
  }

  memo<T>(key: ViewKey<T>, compute: (text: string) => T): T {
    this.#memo ??= new Map();
    if (this.#memo.has(key.id)) return this.#memo.get(key.id) as T;
    const value = compute(this.text);
    this.#memo.set(key.id, value);
    return value;
  }
}

/** Views of `text`, none computed yet. Needs nothing but the text. */
export function createTextViews(text: string): TextViews {
  return new LazyTextViews(text);
}

/**
 * A scanner's input for one text scanned on its own (tests, scripts, benchmarks). A stage
 * builds one views object per text and shares it across its rules instead.
 */
export function scanInputFor(text: string, stage: Stage, signal: AbortSignal): ScanInput {
  return { text, stage, signal, views: createTextViews(text) };
}
