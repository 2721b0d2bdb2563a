/**
 * The two guarded stages of a chat, as the pipeline enforces them for a policy: which messages
 * are scanned, what the model is sent, what is stored, and what the user gets back.
 */
import type { ChatMessage } from '../backends/types.js';
import type { Policy } from '../policy/types.js';
import type { PolicyResponse } from './rule-response.js';
import { runStage, type StageContext } from './run-stage.js';
import type { StageResult } from './stage-result.js';
import { storable } from './stored-text.js';
import { callTexts, hasCalls, messageCalls, withMessageCalls } from './tool-arguments.js';

export interface InputOutcome {
  readonly stage: StageResult;
  /** Messages after redaction of the scanned roles: what the model gets when enforcing. */
  readonly redacted: readonly ChatMessage[];
  /** What the audit event stores: every role redacted by the input redact rules. */
  readonly stored: readonly ChatMessage[];
  /** What the backend is sent: redacted when enforcing, the originals in shadow mode. */
  readonly forModel: readonly ChatMessage[];
  /** The `stop` sequences the backend is sent, likewise; absent when the request has none. */
  readonly stop?: readonly string[];
  readonly blocked: boolean;
  /** A firing rule's `response` (rule-response.ts), recorded in shadow mode too. */
  readonly response?: PolicyResponse;
  /**
   * Enforcing and a rule's response fired: the user gets `response.text` (also in place of the
   * refusal) and the model is not called. Shadow mode never answers: the user sees what they
   * would without Parapet, and the audit event records the response as not applied.
   */
  readonly answered: boolean;
}

export async function guardInput(
  policy: Policy,
  messages: readonly ChatMessage[],
  ctx: StageContext,
  stop: readonly string[] = [],
): Promise<InputOutcome> {
  const texts = messages
    .map((m, index) => ({ index, text: m.content, role: m.role }))
    .filter((t) => policy.scanRoles.includes(t.role))
    .map(({ index, text, role }) => ({ index, text, fromUser: role === 'user' }));
  // `stop` goes upstream as free text, so it is redacted like the messages; the model never
  // reads it as a message, so only the redact rules see it (the classifiers take Gemma's own
  // `<end_of_turn>` for an injection). Its indices follow the messages'.
  const stopTexts = stop.map((text, i) => ({
    index: messages.length + i,
    text,
    fromUser: false,
    redactOnly: true as const,
  }));
  // Earlier turns' tool-call arguments go upstream as free text too: read like the assistant's
  // content when assistant is a scanned role, else by the redact rules only, as `stop` is.
  const calls = historyCalls(policy, messages, messages.length + stop.length);
  const scanned = await runStage(
    policy,
    'input',
    [...texts, ...stopTexts, ...calls.flatMap((c) => c.texts.texts)],
    ctx,
  );
  const byIndex = new Map(scanned.texts.map((t) => [t.index, t.text]));
  const rebuilt = new Map(calls.map((c) => [c.message, c.texts.rebuild((i) => byIndex.get(i))]));
  // Arguments that were not JSON and that a rule changed cannot be forwarded: block.
  const unwritable = [...rebuilt.values()].some((c) => c === undefined);
  const stage = unwritable ? { ...scanned, action: 'block' as const } : scanned;
  const redacted = messages.map((m, i) => {
    const text = byIndex.get(i);
    const withText = text === undefined || text === m.content ? m : { ...m, content: text };
    const callsOf = rebuilt.get(i);
    return callsOf ? withMessageCalls(withText, callsOf) : withText;
  });
  const redactedStop = stop.map((s, i) => byIndex.get(messages.length + i) ?? s);
  const stored = await storedMessages(policy, redacted, ctx);
  const enforce = policy.mode === 'enforce';
  const response = stage.response;
  return {
    stage,
    redacted,
    stored,
    forModel: enforce ? redacted : messages,
    ...(stop.length > 0 ? { stop: enforce ? redactedStop : stop } : {}),
    blocked: enforce && stage.action === 'block',
    ...(response ? { response } : {}),
    answered: enforce && response !== undefined,
  };
}

function historyCalls(policy: Policy, messages: readonly ChatMessage[], base: number) {
  const scanAssistant = policy.scanRoles.includes('assistant');
  const out = [];
  let next = base;
  for (const [message, m] of messages.entries()) {
    const calls = messageCalls(m);
    if (!hasCalls(calls)) continue;
    const texts = callTexts(calls, next, {
      fromUser: false,
      ...(scanAssistant ? {} : { redactOnly: true as const }),
    });
    next += texts.texts.length;
    out.push({ message, texts });
  }
  return out;
}

/**
 * The messages as the audit event keeps them. Roles outside scan_roles reach the model as the
 * product wrote them, but an event is read by reviewers and exported, so they are stored
 * redacted by the input redact rules all the same. This pass decides nothing (its action is
 * not the request's); it runs after the scanned stage and shares its vault, so a value has one
 * placeholder throughout the event. A redaction that failed stores a marker (stored-text.ts).
 */
async function storedMessages(
  policy: Policy,
  redacted: readonly ChatMessage[],
  ctx: StageContext,
): Promise<readonly ChatMessage[]> {
  const unscanned = redacted.flatMap((m, index) =>
    policy.scanRoles.includes(m.role)
      ? []
      : [{ index, text: m.content, fromUser: false, redactOnly: true as const }],
  );
  if (unscanned.length === 0 || !policy.input.some((r) => r.action === 'redact')) return redacted;
  const pass = await runStage(policy, 'input', unscanned, ctx);
  const byIndex = new Map(pass.texts.map((t) => [t.index, storable(pass, t.text)]));
  return redacted.map((m, i) => {
    const text = byIndex.get(i);
    return text === undefined || text === m.content ? m : { ...m, content: text };
  });
}

export interface OutputOutcome {
  readonly stage: StageResult;
  /** The reply after output redaction (stored in the audit event). */
  readonly redacted: string;
  /** What the user sees: the refusal when blocked, else the redacted reply with values restored. */
  readonly forUser: string;
  readonly blocked: boolean;
}

export async function guardOutput(
  policy: Policy,
  reply: string,
  ctx: StageContext,
): Promise<OutputOutcome> {
  const stage = await runStage(policy, 'output', [{ index: -1, text: reply }], ctx);
  const redacted = stage.texts[0]?.text ?? reply;
  const enforce = policy.mode === 'enforce';
  const blocked = enforce && stage.action === 'block';
  const shown = enforce ? redacted : reply;
  // Never restore into blocked text; in shadow mode the model saw the real values already.
  const forUser = blocked
    ? policy.refusal
    : enforce && policy.restorePii
      ? ctx.vault.restore(shown)
      : shown;
  return { stage, redacted, forUser, blocked };
}
