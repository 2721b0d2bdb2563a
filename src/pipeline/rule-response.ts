/**
 * A rule's `response`: the policy owner's own answer (e.g. a supportive message pointing to help
 * lines) that the user gets instead of the model's reply or the refusal when that rule fires,
 * and the blocks it supersedes (`supersedes:`), decided once in runStage so that chat, streams,
 * /v1/guard, /v1/moderations, `parapet check` and `parapet eval` agree on the action.
 */
import type { RuleResult } from './stage-result.js';

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
  stage: { readonly rules: readonly RuleResult[] },
  userTexts: ReadonlySet<number>,
): PolicyResponse | undefined {
  const r = respondingRule(stage.rules, userTexts);
  return r?.rule.response === undefined ? undefined : { rule: r.rule.id, text: r.rule.response };
}

function respondingRule(
  rules: readonly RuleResult[],
  userTexts: ReadonlySet<number>,
): RuleResult | undefined {
  return rules.find((r) => {
    if (r.rule.response === undefined || !r.fired || r.error !== undefined) return false;
    // The language gate fires a rule on text it could not judge: that rule measured nothing.
    const measured =
      r.findings.length > 0 || (r.rule.thresholds === undefined && r.score >= r.rule.threshold);
    if (!measured) return false;
    return r.findings.length === 0 || r.findings.some((f) => userTexts.has(f.message));
  });
}

/**
 * The stage's rule results with the responding rule's `supersedes` applied. A named rule's
 * block gives way when every finding it fired on lies in a user text where the responding rule
 * found something too (of `supersedes.kinds`, when set: the self-harm scanner's `self_harm`
 * is the user's own disclosure, not a request for methods or worry about someone else): both
 * rules read the same words, and the policy owner said the response is the better answer to them (a harmful-request model that also fires on "I feel like killing
 * myself"). Such a rule stays recorded as fired, with `supersededBy`, and contributes flag: the
 * request is answered with the response and queued for review. A block that cannot be placed
 * (no findings, a scanner failure, the language gate) or that lies on another text stands:
 * superseding is never a way around a check that did not see the same text.
 */
export function applySupersedes(
  rules: readonly RuleResult[],
  userTexts: ReadonlySet<number>,
): readonly RuleResult[] {
  const responder = respondingRule(rules, userTexts);
  const named = responder?.rule.supersedes;
  if (!responder || !named) return rules;
  const { kinds } = named;
  const answered = new Set(
    responder.findings
      .filter((f) => userTexts.has(f.message) && (!kinds || kinds.includes(f.kind)))
      .map((f) => f.message),
  );
  return rules.map((r) => {
    const superseded =
      named.rules.includes(r.rule.id) &&
      r.fired &&
      r.action === 'block' &&
      r.error === undefined &&
      r.unsupportedLanguage === undefined &&
      r.findings.length > 0 &&
      r.findings.every((f) => answered.has(f.message));
    return superseded ? { ...r, action: 'flag' as const, supersededBy: responder.rule.id } : r;
  });
}
