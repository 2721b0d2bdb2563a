/**
 * The views of one text that every scanner of a stage shares: computed on first use, once per
 * text, then read by every rule (several content rules, the `language` rule and the language
 * gate all read the same text). Structural types only; src/text/views.ts implements them. A
 * views object depends on nothing but the text, so it can be built wherever the text is: on the
 * request's thread or in a worker.
 */
import type { Span } from './types.js';

/** A text derived from another, with every UTF-16 unit mapped back to the original offset. */
export interface MappedText {
  readonly text: string;
  /** For each UTF-16 unit of `text`, the offset of the original character it came from. */
  readonly origin: readonly number[];
  readonly originalLength: number;
}

/** How a payload inside the text was encoded. */
export type Encoding = 'base64' | 'hex' | 'url';

/** How the whole text was disguised: letters spaced apart, written backwards, or ROT13. */
export type Transform = 'spaced' | 'reversed' | 'rot13';

/** The text itself, a payload decoded from it, or the text undisguised; normalized, leet-folded. */
export interface DecodedView {
  readonly source: 'text' | Encoding | Transform;
  /** Normalized and leet-folded; same length as the normalized text, so offsets carry over. */
  readonly text: string;
  /** Maps a non-empty span of `text` to the original text (a payload's: its whole encoded run). */
  readonly toOriginal: (span: Span) => Span;
}

export interface LanguageGuess {
  /** ISO 639-3 code of the most likely language, or `und` when the text is too short. */
  readonly language: string;
  /** Per ISO 639-3 code, franc's relative score (1 for the most likely). */
  readonly scores: ReadonlyMap<string, number>;
}

/**
 * Ranks a text's languages somewhere other than the request thread (the scan pool), with the
 * same answer `TextViews.language` gives for a text at least `minChars` long.
 */
export interface LanguageRanker {
  /** Rejects when the guess cannot be had there (the caller then ranks in process). */
  rankLanguages(text: string, signal: AbortSignal): Promise<LanguageGuess>;
}

/**
 * Names one memoized computation of a text and the type of its value. The id is the identity:
 * two keys with one id must mean the same computation (e.g. one featurizer configuration).
 */
export interface ViewKey<T> {
  readonly id: string;
  /** Never set: carries the value type. */
  readonly type?: T;
}

export interface TextViews {
  readonly text: string;
  /** Invisible characters dropped, NFKC, stacked marks dropped, look-alikes folded to Latin. */
  normalized(): MappedText;
  /** The normalized text leet-folded, then every encoded payload decoded the same way. */
  decoded(): readonly DecodedView[];
  /** The language guess; `und` for texts shorter than `minChars`. */
  language(minChars: number): LanguageGuess;
  /** Any other per-text computation, computed once: `compute` gets the text. */
  memo<T>(key: ViewKey<T>, compute: (text: string) => T): T;
}
