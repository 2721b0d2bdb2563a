/**
 * One interface for every chat model behind the gateway: the embedded node-llama-cpp Gemma and
 * any OpenAI-compatible upstream. Errors are GatewayErrors with backend_* codes.
 */

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

/**
 * A piece of a judge prompt. Only `control` pieces (our own template) may contain control tokens
 * such as `<start_of_turn>`; other pieces (customer text) are tokenized as plain text, so text
 * that spells a control token cannot end the turn it is quoted in.
 */
export interface PromptPiece {
  readonly text: string;
  readonly control?: boolean;
}

/** What an LLM judge asks: how likely each candidate is as the first token of the reply. */
export interface NextTokenRequest {
  /** One user turn, in pieces; the backend wraps it in the model's chat template. */
  readonly prompt: readonly PromptPiece[];
  /** Words such as `Yes` and `No`; each is read as its first token. */
  readonly candidates: readonly string[];
  readonly signal: AbortSignal;
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
