/**
 * The firing rule, in one place: how a rule's scans (one per text of the stage) become its
 * score, its qualifying findings, whether it fired, the action it contributes and the spans it
 * asks to redact. Everything that judges a rule (the gateway, `parapet eval`, the evasion
 * suite) reads the result of this through runStage.
 */
import type { Action, Finding, ScanResult, Span } from '../contract/types.js';
import type { Rule } from '../policy/types.js';
import type { Redaction } from '../redaction/redact.js';
import { adaptedVerdict } from './rule-margin.js';
import type { LocatedFinding, RuleResult } from './stage-result.js';

/** One rule's scan of one text. */
export interface Scanned {
  /** The text's index in the stage (a message index, or -1 for the reply). */
  readonly index: number;
  readonly result?: ScanResult;
  readonly error?: 'scanner_failed' | 'scanner_timeout';
  readonly cached: boolean;
  /** Outside the rule's `when` band: not scanned. */
  readonly skipped?: true;
  /** The scanned text, for the rule's adapter (its correction reads the text's n-grams). */
  readonly text?: string;
}

export interface RuleOutcome {
  readonly result: RuleResult;
  /** Spans this rule asks to redact, per text index (original offsets). */
  readonly redactions: readonly (Redaction & { message: number })[];
}

/** A scanner bug must not turn into a silent pass: NaN or out-of-range scores count as 1. */
export function clampResult(result: ScanResult): ScanResult {
  const clamp = (s: number) => (Number.isFinite(s) ? Math.min(1, Math.max(0, s)) : 1);
  return {
    score: clamp(result.score),
    findings: result.findings.map((f) => ({ ...f, score: clamp(f.score) })),
  };
}

/** A finding counts for a rule when it reaches the rule's (per-kind) threshold. */
function qualifies(rule: Rule, finding: Finding): boolean {
  if (rule.thresholds) {
    const t = rule.thresholds[finding.kind];
    return t !== undefined && finding.score >= t;
  }
  return finding.score >= rule.threshold;
}

export function ruleOutcome(
  rule: Rule,
  scans: readonly Scanned[],
  durationMs: number,
): RuleOutcome {
  if (scans.length > 0 && scans.every((s) => s.skipped)) {
    const result = { rule, score: 0, fired: false, action: 'allow' as const, findings: [] };
    return { result: { ...result, durationMs, cached: false, skipped: true }, redactions: [] };
  }
  // One pass over the scans (a resent chat gives every rule one scan per message, mostly cached
  // and empty): the same values, in the same order, as a pass per field.
  let failed: Scanned | undefined;
  let score = 0;
  let cached = scans.length > 0;
  const findings: LocatedFinding[] = [];
  const measured: { kind: string; score: number; message: number }[] = [];
  for (const s of scans) {
    if (failed === undefined && s.error) failed = s;
    if (!s.cached) cached = false;
    const { result } = s;
    score = Math.max(score, result?.score ?? 0);
    if (!result) continue;
    for (const f of result.findings) {
      measured.push({ kind: f.kind, score: f.score, message: s.index });
      if (qualifies(rule, f)) findings.push({ ...f, message: s.index });
    }
  }
  if (failed?.error) {
    // An `allow` rule only measures: its failure cannot have approved anything, so no on_error.
    const action: Action = rule.action === 'allow' ? 'allow' : rule.onError;
    const result = {
      rule,
      score,
      fired: action !== 'allow',
      action,
      findings,
      durationMs,
      cached,
      error: failed.error,
    };
    return { result, redactions: [] };
  }
  const shipped = rule.thresholds ? findings.length > 0 : score >= rule.threshold;
  // The product's adapter corrects the verdict here, before the action, and nowhere else; in
  // shadow mode it is only recorded (`adapted`), the outcome stays the shipped one.
  const adapted = rule.adapter ? adaptedVerdict(rule, rule.adapter, scans) : undefined;
  const enforced = adapted !== undefined && rule.adapter?.mode === 'enforce';
  const fired = enforced ? adapted.fired : shipped;
  // A rule the adapter silenced shows no qualifying findings (`measured` keeps the scores).
  const shown = enforced && !fired ? [] : findings;
  const spans = shown.filter((f): f is LocatedFinding & { span: Span } => f.span !== undefined);
  // A redact rule that fired but cannot say where must not pass the text on: block instead.
  const action: Action = !fired
    ? 'allow'
    : rule.action === 'redact' && spans.length === 0
      ? 'block'
      : rule.action;
  const redactions =
    action === 'redact'
      ? spans.map((f) => ({
          kind: f.kind,
          score: f.score,
          span: f.span,
          message: f.message,
          ...(rule.operators ? { operator: rule.operators.forKind(f.kind) } : {}),
        }))
      : [];
  const result = {
    rule,
    score,
    fired,
    action,
    findings: shown,
    measured,
    durationMs,
    cached,
    ...(adapted ? { adapted } : {}),
  };
  return { result, redactions };
}
