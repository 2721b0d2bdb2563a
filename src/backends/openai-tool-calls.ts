/**
 * Tool calls on the OpenAI wire: read from a completion's message, and assembled from a
 * stream's `delta.tool_calls` fragments (per `index`: the first fragment carries id and name,
 * later ones append to `arguments`). Anything malformed is a `backend_error` with a fixed
 * detail, never the fragment's text, which the model wrote and may quote customers.
 */
import { GatewayError } from '../errors.js';
import type { FunctionCall, ToolCall } from './types.js';

const SHAPE = 'upstream sent a malformed tool call';

export interface ReadCalls {
  readonly toolCalls?: readonly ToolCall[];
  readonly functionCall?: FunctionCall;
}

/** The calls of a non-streaming `message` (absent when it has none). */
export function readMessageCalls(message: Record<string, unknown>): ReadCalls {
  const { tool_calls: tools, function_call: legacy } = message;
  const out: { toolCalls?: ToolCall[]; functionCall?: FunctionCall } = {};
  if (tools !== undefined && tools !== null) {
    if (!Array.isArray(tools)) throw malformed();
    if (tools.length > 0) out.toolCalls = tools.map(readToolCall);
  }
  if (legacy !== undefined && legacy !== null) out.functionCall = readFunction(legacy);
  return out;
}

function readToolCall(value: unknown): ToolCall {
  if (!isRecord(value) || typeof value.id !== 'string') throw malformed();
  return { id: value.id, type: 'function', function: readFunction(value.function) };
}

function readFunction(value: unknown): FunctionCall {
  if (!isRecord(value) || typeof value.name !== 'string') throw malformed();
  const args = value.arguments ?? '';
  if (typeof args !== 'string') throw malformed();
  return { name: value.name, arguments: args };
}

interface Building {
  id: string;
  name: string;
  arguments: string;
}

/** Folds `delta.tool_calls` and `delta.function_call` fragments into whole calls. */
export class ToolCallAssembler {
  readonly #calls = new Map<number, Building>();
  #legacy: Building | undefined;

  accept(delta: Record<string, unknown>): void {
    const { tool_calls: tools, function_call: legacy } = delta;
    if (tools !== undefined && tools !== null) {
      if (!Array.isArray(tools)) throw malformed();
      for (const fragment of tools) this.#fragment(fragment);
    }
    if (legacy !== undefined && legacy !== null) {
      this.#legacy ??= { id: '', name: '', arguments: '' };
      append(this.#legacy, legacy);
    }
  }

  #fragment(fragment: unknown): void {
    if (!isRecord(fragment)) throw malformed();
    const index = fragment.index ?? 0;
    if (typeof index !== 'number' || !Number.isInteger(index) || index < 0) throw malformed();
    let call = this.#calls.get(index);
    if (!call) {
      call = { id: '', name: '', arguments: '' };
      this.#calls.set(index, call);
    }
    if (fragment.id !== undefined && fragment.id !== null) {
      if (typeof fragment.id !== 'string') throw malformed();
      call.id = fragment.id;
    }
    if (fragment.function !== undefined && fragment.function !== null)
      append(call, fragment.function);
  }

  /** The calls in index order; a call that never got a name is malformed (fail closed). */
  result(): ReadCalls {
    const ordered = [...this.#calls.entries()].sort(([a], [b]) => a - b).map(([, c]) => c);
    if (ordered.some((c) => c.name === '') || this.#legacy?.name === '') throw malformed();
    return {
      ...(ordered.length > 0
        ? {
            toolCalls: ordered.map((c) => ({
              id: c.id,
              type: 'function' as const,
              function: { name: c.name, arguments: c.arguments },
            })),
          }
        : {}),
      ...(this.#legacy
        ? { functionCall: { name: this.#legacy.name, arguments: this.#legacy.arguments } }
        : {}),
    };
  }
}

function append(call: Building, fn: unknown): void {
  if (!isRecord(fn)) throw malformed();
  const { name, arguments: args } = fn;
  if (name !== undefined && name !== null) {
    if (typeof name !== 'string') throw malformed();
    call.name += name;
  }
  if (args !== undefined && args !== null) {
    if (typeof args !== 'string') throw malformed();
    call.arguments += args;
  }
}

function malformed(): GatewayError {
  return new GatewayError('backend_error', { detail: SHAPE });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
