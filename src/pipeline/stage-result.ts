/**
 * What a stage reports: per rule, its score, whether it fired and the action it contributes,
 * the findings that reached its thresholds; per text, the redacted result. The audit event,
 * the HTTP responses, the streaming guard and `parapet eval` all read these.
 */
import type { Rule } from '../policy/types.js';
import type { Action, Finding, Span, Stage } from '../contract/types.js';
import type { PolicyResponse } from './rule-response.js';

/** A text the stage scans: an input message (by index) or the reply (index -1). */
export interface StageText {
  readonly index: number;
  readonly text: string;
  /**
   * Whether the end user wrote this text: only their own redacted values are put back into the
   * reply. Values from tool results, retrieved documents, system or earlier assistant turns are
   * third parties' data and stay placeholders. Absent: the end user's (guard, moderation input).
   */
  readonly fromUser?: boolean;
  /**
   * Only the stage's `redact` rules read it, ungated by `when`: a text the model never reads as
   * a message (a `stop` sequence: classifiers take `<end_of_turn>` for an injection) or one
   * scanned only so that it is stored redacted (a role outside scan_roles).
   */
  readonly redactOnly?: true;
}

/** A finding's kind and score in a given text, without span or note. */
export interface MeasuredFinding {
  readonly kind: string;
  readonly score: number;
  readonly message: number;
}

export interface LocatedFinding extends Finding {
  /** Which text: a message index, or -1 for the reply. */
  readonly message: number;
}

export interface RuleResult {
  readonly rule: Rule;
  readonly score: number;
  readonly fired: boolean;
  /** The action this rule contributes: its own when fired, its on_error when it failed. */
  readonly action: Action;
  /** Findings at or above the rule's thresholds, with spans in the redacted text. */
  readonly findings: readonly LocatedFinding[];
  /** Every finding the scanner reported, thresholds not applied (for raw per-category scores). */
  readonly measured?: readonly MeasuredFinding[];
  readonly durationMs: number;
  readonly cached: boolean;
  readonly error?: 'scanner_failed' | 'scanner_timeout';
  /** A cascade rule (`when`) whose gate let no text through: it did not run, and scored nothing. */
  readonly skipped?: true;
  /**
   * What the product's adapter made of the scans: its probability that the rule should fire,
   * and whether it fires by it. In shadow mode `fired` and `action` ignore it.
   */
  readonly adapted?: { readonly score: number; readonly fired: boolean };
  /** The text's language (ISO 639-3) when the rule's scanner does not declare it. */
  readonly unsupportedLanguage?: string;
  /**
   * Id of the rule whose `response` superseded this rule's block (rule-response.ts): the rule
   * fired and asked for block, and contributes flag.
   */
  readonly supersededBy?: string;
}

export interface StageResult {
  readonly stage: Stage;
  readonly action: Action;
  readonly rules: readonly RuleResult[];
  /** The firing rule's `response` (rule-response.ts); input stage only. */
  readonly response?: PolicyResponse;
  /** The texts after redaction, same order as given. */
  readonly texts: readonly RedactedText[];
  readonly durationMs: number;
}

/** A stage's text after redaction, with what was replaced (original spans) for stream release. */
export interface RedactedText extends StageText {
  readonly redactions?: readonly {
    readonly kind: string;
    readonly from: Span;
    readonly placeholder: string;
  }[];
}
