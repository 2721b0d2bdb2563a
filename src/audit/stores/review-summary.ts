/**
 * What a queue row shows to triage from, derived from the stored event: the mode, the rule that
 * decided (strongest action, then highest score), the top score and a short snippet of the stored
 * text. The stored text is already redacted (DESIGN §7); the snippet only cuts it shorter.
 */
import type { Action } from '../../contract/types.js';
import type { DecisionTriage } from '../review-types.js';
import type { AuditEvent, RuleOutcome } from '../types.js';

/** Characters of stored text a queue row shows. */
export const SNIPPET_CHARS = 120;
/** Characters kept before the top finding, so the row shows what fired rather than the greeting. */
const LEAD = 30;

const STRENGTH: Readonly<Record<Action, number>> = { allow: 0, flag: 1, redact: 2, block: 3 };

const fired = (r: RuleOutcome) => r.action !== 'allow' || r.error !== undefined;

/** Fired rules first (strongest action, then score), then the rest by score. */
export function triageOrder(rules: readonly RuleOutcome[]): RuleOutcome[] {
  const rank = (r: RuleOutcome) => (fired(r) ? 10 + STRENGTH[r.action] : r.skipped ? -1 : 0);
  return [...rules].sort((a, b) => rank(b) - rank(a) || (b.score ?? 0) - (a.score ?? 0));
}

/** The stored text a rule's top finding is in, and where; the last user message otherwise. */
function located(event: AuditEvent, rule: RuleOutcome | undefined): [string, number] {
  const finding = [...(rule?.findings ?? [])]
    .filter((f) => f.start !== undefined)
    .sort((a, b) => b.score - a.score)[0];
  const index = finding?.message ?? (rule?.stage === 'output' ? -1 : undefined);
  if (index === -1 && event.output) return [event.output.text ?? '', finding?.start ?? 0];
  // An output text other than the reply is a tool call's argument value: show the calls.
  const calls = event.output?.toolCalls;
  if (rule?.stage === 'output' && calls)
    return [calls.map((c) => `${c.name}(${c.arguments ?? ''})`).join(' '), 0];
  const message = index === undefined ? undefined : event.input.messages[index];
  if (message) return [message.content ?? '', finding?.start ?? 0];
  const users = event.input.messages.filter((m) => m.role === 'user');
  const last = users.at(-1) ?? event.input.messages.at(-1);
  return [last?.content ?? event.output?.text ?? '', 0];
}

/** Shown where an event's texts would be when the policy's `audit.text` left them out. */
export function textNotKept(setting: string): string {
  return `text not kept (policy audit.text: ${setting})`;
}

/** Up to SNIPPET_CHARS of `text` from a little before `at`, whitespace collapsed, cuts marked. */
export function snippet(text: string, at: number): string {
  const from = Math.max(0, Math.min(text.length, Math.trunc(at)) - LEAD);
  const cut = text
    .slice(from, from + SNIPPET_CHARS * 2)
    .replace(/^[\uDC00-\uDFFF]/u, '')
    .replace(/\s+/gu, ' ')
    .trim();
  const head = from > 0 ? '…' : '';
  if (cut.length <= SNIPPET_CHARS && from + SNIPPET_CHARS * 2 >= text.length) return head + cut;
  return `${head}${cut.slice(0, SNIPPET_CHARS).replace(/[\uD800-\uDBFF]$/u, '')}…`;
}

export function triage(event: AuditEvent): DecisionTriage {
  const ordered = triageOrder(event.rules);
  const top = ordered.find(fired);
  const scores = event.rules.filter((r) => !r.skipped).map((r) => r.score ?? 0);
  const [text, at] = located(event, top);
  return {
    mode: event.mode === 'shadow' ? 'shadow' : 'enforce',
    topRule: top
      ? { rule: top.rule, scanner: top.scanner, score: top.score ?? 0, action: top.action }
      : null,
    topScore: scores.length === 0 ? null : Math.max(...scores),
    snippet: event.textOmitted ? textNotKept(event.textOmitted) : snippet(text, at),
  };
}

/** Triage fields from the stored JSON; an unreadable event (verify reports it) shows none. */
export function triageOf(json: string): DecisionTriage {
  try {
    return triage(JSON.parse(json) as AuditEvent);
  } catch {
    return { mode: 'enforce', topRule: null, topScore: null, snippet: '' };
  }
}
