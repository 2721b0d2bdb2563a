/**
 * One interface for every chat model behind the gateway: the embedded node-llama-cpp Gemma and
 * any OpenAI-compatible upstream. Errors are GatewayErrors with backend_* codes.
 */
import type { NextTokenRequest } from '../contract/types.js';

export type ChatRole = 'system' | 'user' | 'assistant' | 'tool';

export interface ChatMessage {
  readonly role: ChatRole;
  readonly content: string;
  readonly name?: string;
  readonly tool_call_id?: string;
}

export interface ChatRequest {
  readonly messages: readonly ChatMessage[];
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly stop?: readonly string[];
  readonly seed?: number;
  /** Aborts generation: client disconnect, timeout or a mid-stream block. */
  readonly signal: AbortSignal;
}

export type FinishReason = 'stop' | 'length';

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
}

/** A stream yields text deltas; the generator's return value is the final result. */
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
