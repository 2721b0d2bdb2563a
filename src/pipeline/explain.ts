/**
 * Why a decision came out as it did, in the words every surface uses (the chat `parapet` field,
 * the stream's final chunk, /v1/guard, /v1/moderations, `parapet check`): per rule its id,
 * scanner, the kind of what it found, its score and the threshold that score was held against,
 * the action it asked for and the action it contributed. Kinds, scores and thresholds only:
 * never text, so nothing here goes beyond what the caller sent.
 */
import type { Action, Stage } from '../contract/types.js';
import type { Rule } from '../policy/types.js';
import type { RuleResult, StageResult } from './stage-result.js';

export interface ExplainedFinding {
  readonly kind: string;
  readonly score: number;
  readonly threshold: number;
}

export interface ExplainedRule {
  readonly rule: string;
  readonly scanner: string;
  readonly stage: Stage;
  /** The kind of the strongest qualifying finding; null when the rule found none (a failure). */
  readonly kind: string | null;
  readonly score: number;
  /** What `score` was held against: the rule's threshold, or thresholds[kind] when per kind. */
  readonly threshold: number;
  /** The rule's configured action. */
  readonly rule_action: Action;
  /** What the rule contributed: its action when it fired, its on_error when it failed. */
  readonly action: Action;
  readonly fired: boolean;
  readonly error?: string;
  /**
   * Set when the policy's `unsupported_language` added its action: the detected language (ISO
   * 639-3) of a text the rule's scanner was not trained for. A rule can fire on this alone.
   */
  readonly unsupported_language?: string;
  /**
   * Set when this rule's block gave way to another rule's `response` (its `supersedes`): the
   * id of that rule. The rule fired and asked for block; it contributed flag.
   */
  readonly superseded_by?: string;
  readonly findings: readonly ExplainedFinding[];
}

/** The threshold a finding of `kind` is held against by `rule` (1 when the kind never fires it). */
export function thresholdFor(rule: Rule, kind: string | null): number {
  if (!rule.thresholds) return rule.threshold;
  return kind === null
    ? Math.min(1, ...Object.values(rule.thresholds))
    : (rule.thresholds[kind] ?? 1);
}

export function explainRule(stage: Stage, r: RuleResult): ExplainedRule {
  const top = [...r.findings].sort((a, b) => b.score - a.score)[0];
  const kind = top?.kind ?? null;
  // With per-kind thresholds the rule fired on its finding, so that finding's score is the one
  // held against the threshold; otherwise the rule's score is.
  const score = r.rule.thresholds && top ? top.score : r.score;
  return {
    rule: r.rule.id,
    scanner: r.rule.scanner,
    stage,
    kind,
    score,
    threshold: thresholdFor(r.rule, kind),
    rule_action: r.rule.action,
    action: r.action,
    fired: r.fired,
    ...(r.error ? { error: r.error } : {}),
    ...(r.unsupportedLanguage ? { unsupported_language: r.unsupportedLanguage } : {}),
    ...(r.supersededBy ? { superseded_by: r.supersededBy } : {}),
    findings: r.findings.map((f) => ({
      kind: f.kind,
      score: f.score,
      threshold: thresholdFor(r.rule, f.kind),
    })),
  };
}

/** The rules that fired (or failed with an on_error action) in the given stages. */
export function explainFired(stages: readonly (StageResult | undefined)[]): ExplainedRule[] {
  return stages.flatMap((stage) =>
    stage ? stage.rules.filter((r) => r.fired).map((r) => explainRule(stage.stage, r)) : [],
  );
}
