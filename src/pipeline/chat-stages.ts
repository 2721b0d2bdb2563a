/**
 * The two guarded stages of a chat, as the pipeline enforces them for a policy: which messages
 * are scanned, what the model is sent, and what the user gets back.
 */
import type { ChatMessage } from '../backends/types.js';
import type { Policy } from '../policy/types.js';
import { runStage, type StageContext } from './run-stage.js';
import type { StageResult } from './stage-result.js';

export interface InputOutcome {
  readonly stage: StageResult;
  /** Messages after redaction: what is stored, and what the model gets when enforcing. */
  readonly redacted: readonly ChatMessage[];
  /** What the backend is sent: redacted when enforcing, the originals in shadow mode. */
  readonly forModel: readonly ChatMessage[];
  readonly blocked: boolean;
}

export async function guardInput(
  policy: Policy,
  messages: readonly ChatMessage[],
  ctx: StageContext,
): Promise<InputOutcome> {
  const texts = messages
    .map((m, index) => ({ index, text: m.content, role: m.role }))
    .filter((t) => policy.scanRoles.includes(t.role))
    .map(({ index, text, role }) => ({ index, text, fromUser: role === 'user' }));
  const stage = await runStage(policy, 'input', texts, ctx);
  const byIndex = new Map(stage.texts.map((t) => [t.index, t.text]));
  const redacted = messages.map((m, i) => {
    const text = byIndex.get(i);
    return text === undefined || text === m.content ? m : { ...m, content: text };
  });
  const enforce = policy.mode === 'enforce';
  return {
    stage,
    redacted,
    forModel: enforce ? redacted : messages,
    blocked: enforce && stage.action === 'block',
  };
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
