/**
 * The scanner contract (DESIGN §4): scanners measure, policies decide, the pipeline enforces.
 * Nothing here knows about HTTP, thresholds or actions.
 */
import type { ZodType } from 'zod';
import type { TextViews } from './text-views.js';

export type Stage = 'input' | 'output';
export type Action = 'allow' | 'flag' | 'redact' | 'block';

/** UTF-16 offsets into the scanned text, end exclusive. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export interface Finding {
  /** What was found, e.g. `banned-phrase`, `EMAIL`, `too-long`. */
  readonly kind: string;
  readonly score: number;
  readonly span?: Span;
  /** Explanation for reviewers. Never quotes customer text. */
  readonly note?: string;
}

export interface ScanResult {
  /** In [0, 1]: how strongly the scanner's concern is present. */
  readonly score: number;
  readonly findings: readonly Finding[];
}

export interface ScanInput {
  readonly text: string;
  readonly stage: Stage;
  readonly signal: AbortSignal;
  /**
   * The text's normalized, decoded and language views, shared by every rule of the stage:
   * read these instead of normalizing or detecting the language again.
   */
  readonly views: TextViews;
}

/**
 * A piece of a judge prompt. Only `control` pieces (our own template) may contain control tokens
 * such as `<start_of_turn>`; other pieces (customer text) are tokenized as plain text, so text
 * that spells a control token cannot end the turn it is quoted in.
 */
export interface PromptPiece {
  readonly text: string;
  readonly control?: boolean;
}

/** What an LLM judge asks: how likely each candidate is as the first token of the reply. */
export interface NextTokenRequest {
  /** One user turn, in pieces; the backend wraps it in the model's chat template. */
  readonly prompt: readonly PromptPiece[];
  /** Words such as `Yes` and `No`; each is read as its first token. */
  readonly candidates: readonly string[];
  readonly signal: AbortSignal;
}

export type ScanFn = (input: ScanInput) => Promise<ScanResult>;

/** A classifier's verdict on one text: per label a probability, and the span that gave it. */
export interface TextScores {
  /** The model's name and version as findings record it, e.g. `toxicity-v2`. */
  readonly model: string;
  readonly scores: Readonly<Record<string, number>>;
  readonly windowOf: Readonly<Record<string, Span>>;
  /** How many windows the text was scored in. */
  readonly windows: number;
}

/**
 * Scores texts with the model in a folder somewhere other than the request thread (the scanning
 * worker pool), so a burst of long texts cannot stall HTTP. Rejects when the work could not be
 * done (a worker crashed or hung, the queue is full, the signal aborted): the rule's `on_error`.
 */
export interface ModelScoring {
  /** Whether `score` takes this folder's model (false: the scanner scores in process). */
  accepts(modelDir: string): Promise<boolean>;
  /**
   * `group`: the views object the texts were read from (one text of one stage). Texts scored
   * under one group may share work (a sentence the raw text and its normalized view have in
   * common is featurized once); texts of different groups never do.
   */
  score(
    modelDir: string,
    texts: readonly string[],
    signal: AbortSignal,
    group?: object,
  ): Promise<TextScores[]>;
}

/**
 * Runs a whole scanner somewhere other than the request thread (a scan worker, which creates the
 * same scanner from the same id and params and scans the text with views of its own), so rule
 * matching, PII and secret detection cost the event loop one posted text instead of the work.
 * The ScanFn rejects when the work could not be done: the rule's `on_error` (fail closed).
 */
export interface ScanOffload {
  scanFn(scannerId: string, params: unknown): ScanFn;
}

/** What a scanner may use besides its params: handed in, never imported. */
export interface ScannerDeps {
  /** Counts tokens with the chat model's tokenizer; throws when no model is loaded. */
  readonly countTokens: (text: string, signal: AbortSignal) => Promise<number>;
  /**
   * Asks the chat model how likely each candidate is as its first reply token (the LLM judge).
   * Absent where no model can be loaded (CLI checks); rejects when none is loaded now.
   */
  readonly nextTokenProbabilities?: (request: NextTokenRequest) => Promise<readonly number[]>;
  /** Off-thread model scoring (PARAPET_SCAN_WORKERS > 0); absent: scanners score in process. */
  readonly scoring?: ModelScoring;
  /** Off-thread scanning of `offloadable` scanners (the policy loader uses it); absent: none. */
  readonly offload?: ScanOffload;
}

export interface Scanner<P = unknown> {
  /** kebab-case; equals the file name and the `scanner:` key in policies. */
  readonly id: string;
  /** Bumped on every behaviour change; recorded in each audit event and part of the cache key. */
  readonly version: string;
  readonly stages: readonly Stage[];
  /** Findings carry spans, so a rule may use `action: redact`. */
  readonly localizes: boolean;
  /**
   * Languages the scanner was trained or written for, ISO 639-3 as franc reports them (`eng`).
   * Absent: any language (rule-based scanners). On other text the policy's
   * `unsupported_language` applies, since the scanner's silence there means little.
   */
  readonly languages?: readonly string[];
  /**
   * Needs nothing from ScannerDeps but what a scan worker has in process (models it loads
   * itself), and gives the same result from the text alone: with a pool it runs there whole.
   */
  readonly offloadable?: boolean;
  /** With `offloadable`: only a rule whose params this accepts (toxicity: its linear model). */
  offloadsWith?(params: P): boolean;
  readonly params: ZodType<P>;
  /** One line for docs and lint output. */
  readonly description: string;
  create(params: P, deps: ScannerDeps): ScanFn;
}
