/**
 * Tool-call arguments as stage texts. `arguments` is JSON the model wrote; each string and
 * number in it is scanned as its own text, so a redaction rewrites a value and the arguments
 * stay valid JSON (keys are schema names, not scanned). Arguments that are not JSON are scanned
 * whole, and if a rule changes them they cannot be written back: `rebuild` says so and the
 * caller blocks (fail closed) rather than forward half-redacted text.
 */
import type { ChatMessage, ChatResult, FunctionCall } from '../backends/types.js';
import type { StageText } from './stage-result.js';

/** The calls of a reply or an assistant turn: its tool calls and/or a legacy function call. */
export type Calls = Pick<ChatResult, 'toolCalls' | 'functionCall'>;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface CallLeaves {
  readonly parsed: boolean;
  readonly value: Json;
  readonly leaves: readonly string[];
}

export interface CallTexts {
  readonly texts: readonly StageText[];
  /** The calls with each leaf replaced by `text(index)` (if any); undefined if one cannot be written. */
  rebuild(text: (index: number) => string | undefined): Calls | undefined;
}

export function hasCalls(calls: Calls): boolean {
  return (calls.toolCalls?.length ?? 0) > 0 || calls.functionCall !== undefined;
}

export function messageCalls(m: ChatMessage): Calls {
  return {
    ...(m.tool_calls ? { toolCalls: m.tool_calls } : {}),
    ...(m.function_call ? { functionCall: m.function_call } : {}),
  };
}

export function withMessageCalls(m: ChatMessage, calls: Calls): ChatMessage {
  return {
    ...m,
    ...(calls.toolCalls ? { tool_calls: calls.toolCalls } : {}),
    ...(calls.functionCall ? { function_call: calls.functionCall } : {}),
  };
}

/** Numbers the leaves of every call from `base`, in call order. */
export function callTexts(
  calls: Calls,
  base: number,
  extra: Omit<StageText, 'index' | 'text'>,
): CallTexts {
  const fns = functionsOf(calls);
  const parts = fns.map((fn) => leavesOf(fn.arguments));
  const texts: StageText[] = [];
  for (const part of parts)
    for (const text of part.leaves) texts.push({ ...extra, index: base + texts.length, text });
  return {
    texts,
    rebuild(text) {
      let next = base;
      const args: string[] = [];
      for (const part of parts) {
        const replaced = part.leaves.map((leaf) => text(next++) ?? leaf);
        if (!part.parsed) {
          if (replaced[0] !== part.leaves[0]) return undefined;
          args.push(part.leaves[0] ?? '');
          continue;
        }
        const queue = [...replaced];
        args.push(JSON.stringify(replaceLeaves(part.value, queue)));
      }
      return withArguments(calls, args);
    },
  };
}

/** Every call's function, tool calls first. */
export function functionsOf(calls: Calls): FunctionCall[] {
  return [
    ...(calls.toolCalls ?? []).map((c) => c.function),
    ...(calls.functionCall ? [calls.functionCall] : []),
  ];
}

function withArguments(calls: Calls, args: readonly string[]): Calls {
  let i = 0;
  const take = (fn: FunctionCall): FunctionCall => ({ name: fn.name, arguments: args[i++] ?? '' });
  return {
    ...(calls.toolCalls
      ? { toolCalls: calls.toolCalls.map((c) => ({ ...c, function: take(c.function) })) }
      : {}),
    ...(calls.functionCall ? { functionCall: take(calls.functionCall) } : {}),
  };
}

function leavesOf(args: string): CallLeaves {
  let value: Json;
  try {
    value = JSON.parse(args) as Json;
  } catch {
    return { parsed: false, value: args, leaves: [args] };
  }
  const leaves: string[] = [];
  collect(value, leaves);
  return { parsed: true, value, leaves };
}

function collect(value: Json, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) collect(v, out);
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) collect(v, out);
}

/** Same traversal order as collect(); a number a rule changed becomes a string. */
function replaceLeaves(value: Json, queue: string[]): Json {
  if (typeof value === 'string') return queue.shift() ?? value;
  if (typeof value === 'number') {
    const text = queue.shift() ?? String(value);
    return text === String(value) ? value : text;
  }
  if (Array.isArray(value)) return value.map((v) => replaceLeaves(v, queue));
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceLeaves(v, queue)]));
  return value;
}
