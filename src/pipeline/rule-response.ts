/**
 * A rule's `response`: the policy owner's own answer (e.g. a supportive message pointing to help
 * lines) that the user gets instead of the model's reply or the refusal when that rule fires.
 */
import type { StageResult } from './stage-result.js';

export interface PolicyResponse {
  /** Id of the rule whose response answers (recorded in the audit event). */
  readonly rule: string;
  readonly text: string;
}

/**
 * The first rule in stage order that fired on a measurement and has a response. A rule that
 * failed (on_error), or that fired only because the `unsupported_language` gate could not vouch
 * for the text, measured nothing, so it answers with nothing either. Only findings in texts
 * the end user wrote count: a disclosure quoted inside a tool result or retrieved document is not
 * the user speaking, so there the rule's action still applies but the model answers. A firing
 * rule without findings cannot say where, and answers.
 */
export function firedResponse(
  stage: StageResult,
  userTexts: ReadonlySet<number>,
): PolicyResponse | undefined {
  for (const r of stage.rules) {
    const text = r.rule.response;
    if (text === undefined || !r.fired || r.error !== undefined) continue;
    // The language gate fires a rule on text it could not judge: that rule measured nothing.
    const measured =
      r.findings.length > 0 || (r.rule.thresholds === undefined && r.score >= r.rule.threshold);
    if (!measured) continue;
    if (r.findings.length > 0 && !r.findings.some((f) => userTexts.has(f.message))) continue;
    return { rule: r.rule.id, text };
  }
  return undefined;
}
