/** OpenAI response shapes, plus the `parapet` decision field clients can show or log. */
import type { FinishReason } from '../backends/types.js';
import type { Calls } from '../pipeline/tool-arguments.js';
import type { Action } from '../contract/types.js';
import { explainFired, type ExplainedRule } from '../pipeline/explain.js';
import type { StageResult } from '../pipeline/stage-result.js';

export type ClientFinishReason = FinishReason | 'content_filter';

export interface ParapetField {
  readonly decision_id: string;
  readonly action: Action;
  readonly mode: 'enforce' | 'shadow';
  /** False in shadow mode: `action` is what the policy would have done, the caller got the reply. */
  readonly enforced: boolean;
  /** Per rule that fired: why (see pipeline/explain.ts). */
  readonly rules: readonly ExplainedRule[];
  /** Set when a rule's `response` answered instead of the model: that rule's id. */
  readonly response_rule?: string;
}

export function parapetField(
  decisionId: string,
  action: Action,
  mode: 'enforce' | 'shadow',
  stages: readonly (StageResult | undefined)[],
): ParapetField {
  return {
    decision_id: decisionId,
    action,
    mode,
    enforced: mode === 'enforce',
    rules: explainFired(stages),
  };
}

interface UsageShape {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export function usageShape(
  usage: { promptTokens: number; completionTokens: number } | undefined,
): UsageShape {
  const p = usage?.promptTokens ?? 0;
  const c = usage?.completionTokens ?? 0;
  return { prompt_tokens: p, completion_tokens: c, total_tokens: p + c };
}

export function completion(o: {
  id: string;
  model: string;
  content: string;
  /** The tool calls the model asked for, as the output stage left them. */
  calls?: Calls | undefined;
  finishReason: ClientFinishReason;
  usage: UsageShape;
  parapet: ParapetField;
}) {
  const calls = o.calls ?? {};
  const called = calls.toolCalls !== undefined || calls.functionCall !== undefined;
  return {
    id: o.id,
    object: 'chat.completion' as const,
    created: Math.floor(Date.now() / 1000),
    model: o.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant' as const,
          // OpenAI's own shape for a turn that only calls tools.
          content: called && o.content === '' ? null : o.content,
          refusal: null,
          ...(calls.toolCalls ? { tool_calls: calls.toolCalls } : {}),
          ...(calls.functionCall ? { function_call: calls.functionCall } : {}),
        },
        logprobs: null,
        finish_reason: o.finishReason,
      },
    ],
    usage: o.usage,
    parapet: o.parapet,
  };
}

export function chunk(o: {
  id: string;
  model: string;
  delta: { role?: 'assistant'; content?: string } | CallsDelta;
  finishReason: ClientFinishReason | null;
  parapet?: ParapetField;
}) {
  return {
    id: o.id,
    object: 'chat.completion.chunk' as const,
    created: Math.floor(Date.now() / 1000),
    model: o.model,
    choices: [{ index: 0, delta: o.delta, logprobs: null, finish_reason: o.finishReason }],
    ...(o.parapet ? { parapet: o.parapet } : {}),
  };
}

type CallsDelta = ReturnType<typeof callsDelta>;

/** Whole, scanned calls as one stream delta: `index` per call, as OpenAI numbers fragments. */
export function callsDelta(calls: Calls) {
  return {
    ...(calls.toolCalls
      ? { tool_calls: calls.toolCalls.map((c, index) => ({ index, ...c })) }
      : {}),
    ...(calls.functionCall ? { function_call: calls.functionCall } : {}),
  };
}

export function usageChunk(o: { id: string; model: string; usage: UsageShape }) {
  return {
    id: o.id,
    object: 'chat.completion.chunk' as const,
    created: Math.floor(Date.now() / 1000),
    model: o.model,
    choices: [],
    usage: o.usage,
  };
}
