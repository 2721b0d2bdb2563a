/**
 * Recognizers as data (Presidio's shape): weak patterns, context words that raise the score,
 * validators that confirm a match or discard it. Shared by the `pii` and `secrets` scanners.
 */

/** `valid` confirms the match (score 1); `invalid` discards it; `unknown` leaves the score alone. */
export type Validation = 'valid' | 'invalid' | 'unknown';

export type Validator = (match: string) => Validation;

export interface PatternSpec {
  /** Names the pattern in reviewer notes, e.g. `card-grouped`. */
  readonly name: string;
  /** Must pass safe-regex2 (no nested quantifiers); the `g` and `d` flags are added. */
  readonly regex: RegExp;
  /** Base score before context and validation: weak on its own. */
  readonly score: number;
  /** Capture group whose span is reported instead of the whole match (e.g. only a password). */
  readonly group?: number;
  /**
   * A greedy match that does not validate is retried cut at spaces (only where `retryAt`
   * matches, when set), longest prefix first (`+44 20 7946 0958 12` → `+44 20 7946 0958`):
   * the number ran into the next one.
   */
  readonly shrinkToValid?: boolean;
  /**
   * Where matching resumes inside a match that did not validate (after this regexp's first hit
   * past the match start), instead of after it: `1988 4111 1111 1111 1111` still finds the card.
   * Matches found that way count only when they validate.
   */
  readonly retryAt?: RegExp;
}

export interface Recognizer {
  /** UPPER_SNAKE finding kind, e.g. `CREDIT_CARD`. */
  readonly entity: string;
  readonly patterns: readonly PatternSpec[];
  /** Lower-case words or phrases; one of them near a match raises its score. */
  readonly context: readonly string[];
  /** Without a context word nearby the match is dropped (numbers that only mean something in context). */
  readonly contextRequired?: boolean;
  readonly validate?: Validator;
  /** Names the validator in reviewer notes. */
  readonly validatorName?: string;
}

export interface Detection {
  readonly entity: string;
  readonly start: number;
  readonly end: number;
  readonly score: number;
  /** Recognizer, pattern, validator and context hit; never the matched text. */
  readonly note: string;
  /**
   * Where the part a name tagger can judge ends, when the rule added words it cannot ("Cyprus
   * (Greek)": the bracketed qualifier is the rule's own); `end` when absent.
   */
  readonly core?: number;
}
