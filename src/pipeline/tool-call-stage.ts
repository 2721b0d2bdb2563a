/**
 * The output stage for the tool calls a model asked for: the same output rules as the reply's
 * text, on every string and number of each call's arguments (tool-arguments.ts). A block refuses
 * as a reply block does; redaction rewrites the values; arguments that cannot be written back as
 * JSON after a rule changed them block (fail closed).
 */
import { strongest } from '../contract/decide.js';
import type { Policy } from '../policy/types.js';
import { runStage, type StageContext } from './run-stage.js';
import type { RuleResult, StageResult } from './stage-result.js';
import { redactionFailed, WITHHELD_TEXT } from './stored-text.js';
import { callTexts, type Calls } from './tool-arguments.js';

export interface ToolCallOutcome {
  readonly stage: StageResult;
  /** The calls as stored: redacted, or arguments withheld when redaction failed. */
  readonly stored: Calls;
  /** What the client gets (when not blocked): redacted and restored when enforcing. */
  readonly forUser: Calls;
  readonly blocked: boolean;
}

export async function guardToolCalls(
  policy: Policy,
  calls: Calls,
  ctx: StageContext,
): Promise<ToolCallOutcome> {
  const texts = callTexts(calls, 0, {});
  const scanned = await runStage(policy, 'output', texts.texts, ctx);
  const byIndex = new Map(scanned.texts.map((t) => [t.index, t.text]));
  const redacted = texts.rebuild((i) => byIndex.get(i));
  const stage = redacted ? scanned : { ...scanned, action: 'block' as const };
  const enforce = policy.mode === 'enforce';
  const restore = enforce && policy.restorePii;
  const shown = restore
    ? texts.rebuild((i) => {
        const text = byIndex.get(i);
        return text === undefined ? undefined : ctx.vault.restore(text);
      })
    : redacted;
  const withheld = texts.rebuild(() => WITHHELD_TEXT) ?? withholdAll(calls);
  return {
    stage,
    stored: redacted && !redactionFailed(stage) ? redacted : withheld,
    forUser: enforce ? (shown ?? calls) : calls,
    blocked: enforce && stage.action === 'block',
  };
}

function withholdAll(calls: Calls): Calls {
  const hide = <T extends { arguments: string }>(fn: T): T => ({ ...fn, arguments: WITHHELD_TEXT });
  return {
    ...(calls.toolCalls
      ? { toolCalls: calls.toolCalls.map((c) => ({ ...c, function: hide(c.function) })) }
      : {}),
    ...(calls.functionCall ? { functionCall: hide(calls.functionCall) } : {}),
  };
}

/**
 * One output stage from the reply's and the calls' (same policy, so the same rules in the same
 * order): per rule the stronger action, the higher score and every finding.
 */
export function mergeStages(a: StageResult, b: StageResult): StageResult {
  const rules = a.rules.map((r, i): RuleResult => {
    const o = b.rules[i];
    if (!o) return r;
    const error = r.error ?? o.error;
    const language = r.unsupportedLanguage ?? o.unsupportedLanguage;
    const adapted = mergeAdapted(r.adapted, o.adapted);
    return {
      rule: r.rule,
      score: Math.max(r.score, o.score),
      fired: r.fired || o.fired,
      action: strongest([r.action, o.action]),
      findings: [...r.findings, ...o.findings],
      measured: [...(r.measured ?? []), ...(o.measured ?? [])],
      durationMs: r.durationMs + o.durationMs,
      cached: r.cached && o.cached,
      ...(error ? { error } : {}),
      ...(r.skipped && o.skipped ? { skipped: true as const } : {}),
      ...(adapted ? { adapted } : {}),
      ...(language ? { unsupportedLanguage: language } : {}),
    };
  });
  return {
    stage: a.stage,
    action: strongest([a.action, b.action]),
    rules,
    texts: [...a.texts, ...b.texts],
    durationMs: a.durationMs + b.durationMs,
  };
}

function mergeAdapted(a: RuleResult['adapted'], b: RuleResult['adapted']): RuleResult['adapted'] {
  if (!a || !b) return a ?? b;
  return { score: Math.max(a.score, b.score), fired: a.fired || b.fired };
}
