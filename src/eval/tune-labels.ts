/**
 * What `parapet tune` learns from: a product's labeled decisions (latest label each), with the
 * stored, redacted texts of the messages its input rules scan, and per rule whether the label
 * says that rule should have fired. Placeholders (`[EMAIL_1]`) stay placeholders: the adapter
 * learns from what the audit store keeps, never from raw customer text.
 */
import type { Label, ReviewStore, Verdict } from '../audit/review-types.js';
import type { StoredAuditEvent } from '../audit/types.js';
import { WITHHELD_TEXT } from '../pipeline/stored-text.js';
import type { Policy } from '../policy/types.js';

export interface LabeledDecision {
  readonly id: string;
  readonly time: string;
  readonly verdict: Verdict;
  /** The stored texts of the scanned input messages (redacted). */
  readonly texts: readonly string[];
  /** Input rules that fired (or errored) in the recorded decision. */
  readonly fired: ReadonlySet<string>;
  /** Input rule ids a `missed` label's note names. */
  readonly named: ReadonlySet<string>;
}

/**
 * Whether a label says this rule should fire (1) or not (0), or says nothing about it:
 * `correct` confirms the recorded outcome of every rule (fired: 1, allowed: 0);
 * `false_positive` says nothing should have fired (0); `missed` says the rules its note names
 * should have fired (1) and says nothing about the others (the verdict is about the decision,
 * and the reviewer's note is the only place a rule is named).
 */
export function ruleTarget(decision: LabeledDecision, ruleId: string): 0 | 1 | undefined {
  switch (decision.verdict) {
    case 'correct':
      return decision.fired.has(ruleId) ? 1 : 0;
    case 'false_positive':
      return 0;
    case 'missed':
      return decision.named.has(ruleId) ? 1 : undefined;
  }
}

/** Rule ids written in a note as whole words (`missed: harmful-request, the recipe part`). */
function namedRules(note: string | null, ruleIds: readonly string[]): Set<string> {
  if (!note) return new Set();
  const words = new Set(note.toLowerCase().match(/[a-z0-9][a-z0-9-]*/g) ?? []);
  return new Set(ruleIds.filter((id) => words.has(id)));
}

export function toLabeledDecision(
  event: StoredAuditEvent,
  label: Label,
  policy: Policy,
): LabeledDecision | undefined {
  if (event.textOmitted) return undefined;
  const roles = new Set<string>(policy.scanRoles);
  const texts = event.input.messages
    .filter((m) => roles.has(m.role) && m.content !== undefined && m.content !== WITHHELD_TEXT)
    .map((m) => m.content ?? '')
    .filter((t) => t.trim() !== '');
  if (texts.length === 0) return undefined;
  const inputRules = event.rules.filter((r) => r.stage === 'input');
  const fired = new Set(
    inputRules.filter((r) => r.action !== 'allow' || r.error).map((r) => r.rule),
  );
  const ruleIds = policy.input.map((r) => r.id);
  return {
    id: event.id,
    time: event.time,
    verdict: label.verdict,
    texts,
    fired,
    named: namedRules(label.note, ruleIds),
  };
}

/** The product's labeled decisions from `since` on, oldest first, with the reasons skipped. */
export async function readLabeledDecisions(
  store: Pick<ReviewStore, 'labeled'>,
  policy: Policy,
  since?: string,
): Promise<{ decisions: LabeledDecision[]; withoutText: number }> {
  const decisions: LabeledDecision[] = [];
  let withoutText = 0;
  for await (const { event, label } of store.labeled([policy.product])) {
    if (since !== undefined && event.time < since) continue;
    const decision = toLabeledDecision(event, label, policy);
    if (decision) decisions.push(decision);
    else withoutText++;
  }
  decisions.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  return { decisions, withoutText };
}
