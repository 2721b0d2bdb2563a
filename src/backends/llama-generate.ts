/**
 * One generation of the embedded backend (llama.ts): the conversation on a fresh context
 * sequence, deltas handed to `onText` as they arrive, and the buffer stream() reads them from.
 */
import {
  LlamaChat,
  type GemmaChatWrapper,
  type LlamaContext,
  type LlamaModel,
} from 'node-llama-cpp';
import { GatewayError } from '../errors.js';
import { toChatHistory } from './llama-mapping.js';
import type { ChatRequest, ChatResult } from './types.js';

// Gemma's published generation defaults; `temperature` 1 is also the OpenAI API default.
const DEFAULT_SAMPLING = { temperature: 1, topP: 0.95, topK: 64 } as const;

/** What a generation needs of the loaded model. */
export interface LoadedModel {
  readonly wrapper: GemmaChatWrapper;
  readonly model: LlamaModel;
  readonly context: LlamaContext;
  /** Reported as the model that answered. */
  readonly modelId: string;
}

/** One generation's buffered deltas and final outcome, read by stream() at its own pace. */
export class Run {
  readonly deltas: string[] = [];
  readonly controller = new AbortController();
  outcome: Outcome | undefined;
  settled: Promise<void> = Promise.resolve();
  private waiter: (() => void) | undefined;

  wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  nextEvent(): Promise<void> {
    return new Promise((resolve) => {
      this.waiter = resolve;
    });
  }
}

export type Outcome =
  | { readonly ok: true; readonly result: ChatResult }
  | { readonly ok: false; readonly error: unknown };

/** Generates one reply on a fresh sequence of the context, freed afterwards. */
export async function generateReply(
  loaded: LoadedModel,
  request: ChatRequest,
  signal: AbortSignal,
  onText: (text: string) => void,
): Promise<ChatResult> {
  const { wrapper, model, context, modelId } = loaded;
  const history = toChatHistory(request.messages);
  // Counted up front from the exact text the wrapper renders, so usage stays right even if
  // node-llama-cpp re-evaluates tokens, and so the reply can never overflow the context.
  const promptTokens = wrapper
    .generateContextState({ chatHistory: history })
    .contextText.tokenize(model.tokenizer).length;
  const room = context.contextSize - promptTokens;
  if (room <= 0) {
    throw new GatewayError('invalid_request', {
      detail: `The conversation needs ${promptTokens} tokens; the model context holds ${context.contextSize}.`,
    });
  }
  const stop = (request.stop ?? []).filter((s) => s.length > 0);
  const sequence = context.getSequence();
  const chat = new LlamaChat({ contextSequence: sequence, chatWrapper: wrapper });
  try {
    const response = await chat.generateResponse(history, {
      signal,
      onTextChunk: onText,
      // node-llama-cpp treats 0 as "unlimited"; OpenAI requires at least 1 anyway.
      maxTokens: Math.max(1, Math.min(request.maxTokens ?? room, room)),
      temperature: request.temperature ?? DEFAULT_SAMPLING.temperature,
      topP: request.topP ?? DEFAULT_SAMPLING.topP,
      topK: DEFAULT_SAMPLING.topK,
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(stop.length > 0 ? { customStopTriggers: stop } : {}),
    });
    return {
      text: response.response,
      finishReason: response.metadata.stopReason === 'maxTokens' ? 'length' : 'stop',
      // On a fresh sequence the "output" meter counts exactly the sampled tokens (the end-of-turn
      // token included when the model stopped by itself).
      usage: { promptTokens, completionTokens: sequence.tokenMeter.usedOutputTokens },
      model: modelId,
    };
  } finally {
    chat.dispose();
    await sequence.dispose();
  }
}
