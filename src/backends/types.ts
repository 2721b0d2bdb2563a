/**
 * One interface for every chat model behind the gateway: the embedded node-llama-cpp Gemma and
 * any OpenAI-compatible upstream. Errors are GatewayErrors with backend_* codes.
 */
import type { NextTokenRequest } from '../contract/types.js';

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

/** A function call as OpenAI sends it: `arguments` is a JSON text the model wrote. */
export interface FunctionCall {
  readonly name: string;
  readonly arguments: string;
}

export interface ToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: FunctionCall;
}

export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
  readonly name?: string;
  /** A tool result's call; a `tool` message without one is a legacy `function` message. */
  readonly tool_call_id?: string;
  /** An assistant turn's tool calls (history), forwarded as redacted by the input stage. */
  readonly tool_calls?: readonly ToolCall[];
  /** The legacy (pre-tools) form of the same. */
  readonly function_call?: FunctionCall;
}

/**
 * The request's tool definitions and choices, forwarded upstream as the client sent them: they
 * are the product's own configuration, not customer text, so no rule reads them.
 */
export interface ToolOptions {
  readonly tools?: readonly unknown[];
  readonly tool_choice?: unknown;
  readonly parallel_tool_calls?: boolean;
  readonly functions?: readonly unknown[];
  readonly function_call?: unknown;
}

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly stop?: readonly string[];
  readonly seed?: number;
  /** Only the openai backend takes them; the chat route refuses them for the others. */
  readonly tools?: ToolOptions;
  /** Aborts generation: client disconnect, timeout or a mid-stream block. */
  readonly signal: AbortSignal;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'function_call';

export interface Usage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface ChatResult {
  readonly text: string;
  readonly finishReason: FinishReason;
  readonly usage: Usage;
  /** The model that actually answered. */
  readonly model: string;
  /** The calls the model asked for (a streamed reply's fragments, assembled per index). */
  readonly toolCalls?: readonly ToolCall[];
  readonly functionCall?: FunctionCall;
}

/**
 * A stream yields text deltas; the generator's return value is the final result. Tool calls are
 * not yielded: they arrive whole in the result, so none is released before it is scanned.
 */
export type ChatStream = AsyncGenerator<string, ChatResult, undefined>;

export interface BackendInfo {
  readonly kind: 'llama' | 'openai';
  /** Model id advertised on /v1/models and recorded in audit events. */
  readonly model: string;
  readonly ready: boolean;
  /** Why the backend is not ready (for /readyz); no secrets. */
  readonly reason?: string;
  readonly queueDepth?: number;
}

export interface ChatBackend {
  info(): BackendInfo;
  chat(request: ChatRequest): Promise<ChatResult>;
  stream(request: ChatRequest): ChatStream;
  countTokens(text: string, signal: AbortSignal): Promise<number>;
  /**
   * P(candidate) for each candidate, in order, as the model's first reply token. 0 means the
   * model gave it no (llama) or no reported (upstream: outside `top_logprobs`) probability.
   */
  nextTokenProbabilities(request: NextTokenRequest): Promise<readonly number[]>;
  close(): Promise<void>;
}
