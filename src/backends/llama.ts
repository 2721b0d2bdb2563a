/**
 * The embedded chat backend: a Gemma GGUF run in-process by node-llama-cpp 3.21.1.
 *
 * Stateless like the HTTP API: each request gets a fresh context sequence loaded with the whole
 * conversation, and the sequence is freed afterwards. At most `sequences` generations run at once,
 * up to `maxQueue` more wait, and beyond that callers get `backend_busy` with a retry estimate.
 *
 * Abort contract: when `request.signal` aborts — while queued or while generating — chat() rejects
 * and stream() throws with `request.signal.reason` itself, which is a DOMException named
 * "AbortError" unless the caller passed its own reason to `abort()`. Nothing is wrapped, so callers
 * can tell their own timeout reason from a client disconnect.
 */
import { access } from 'node:fs/promises';
import {
  GemmaChatWrapper,
  LlamaLogLevel,
  getLlama,
  type Llama,
  type LlamaContext,
  type LlamaModel,
} from 'node-llama-cpp';
import { GatewayError, isGatewayError } from '../errors.js';
import { generateReply, Run } from './llama-generate.js';
import { readNextToken } from './llama-next-token.js';
import { modelIdFor, toLevel, type LlamaLogLevelName } from './llama-mapping.js';
import { SequenceSlots } from './sequence-slots.js';
import type { BackendInfo, ChatBackend, ChatRequest, ChatResult, ChatStream } from './types.js';
import type { NextTokenRequest } from '../contract/types.js';

export type { LlamaLogLevelName } from './llama-mapping.js';

export interface LlamaBackendOptions {
  readonly modelPath: string;
  /** CPU threads per evaluation. Use 1 for tiny models on small machines: far faster there. */
  readonly threads?: number;
  /** Tokens per sequence; defaults to min(4096, the model's training context). */
  readonly contextSize?: number;
  /** Generations that run at once (default 1); each one costs a full KV cache. */
  readonly sequences?: number;
  /** Requests that may wait for a free sequence (default 16). */
  readonly maxQueue?: number;
  /** Off by default: the gateway must behave the same on every machine unless told otherwise. */
  readonly gpu?: false | 'auto';
  readonly logger?: (level: LlamaLogLevelName, message: string) => void;
}

const DEFAULT_CONTEXT_SIZE = 4096;
const CLOSED_DETAIL = 'The embedded model has been shut down.';

export async function createLlamaBackend(options: LlamaBackendOptions): Promise<ChatBackend> {
  try {
    await access(options.modelPath);
  } catch (cause) {
    throw new GatewayError('backend_unavailable', {
      detail: 'The GGUF model file was not found.',
      cause,
    });
  }
  let llama: Llama | undefined;
  try {
    const { logger } = options;
    llama = await getLlama({
      gpu: options.gpu ?? false,
      // A build would need a compiler and network at run time; the prebuilt binaries ship in npm.
      build: 'never',
      logLevel: LlamaLogLevel.warn,
      ...(logger
        ? {
            logger: (level: LlamaLogLevel, message: string) => {
              logger(toLevel(level), message);
            },
          }
        : {}),
    });
    const model = await llama.loadModel({ modelPath: options.modelPath });
    const context = await model.createContext({
      // Never past what the model was trained on: beyond it, output degrades silently.
      contextSize: Math.min(options.contextSize ?? DEFAULT_CONTEXT_SIZE, model.trainContextSize),
      sequences: options.sequences ?? 1,
      ...(options.threads !== undefined ? { threads: options.threads } : {}),
    });
    return new LlamaBackend(llama, model, context, modelIdFor(model, options.modelPath), options);
  } catch (cause) {
    await llama?.dispose().catch(() => undefined);
    throw new GatewayError('backend_unavailable', {
      detail: 'The GGUF model could not be loaded.',
      cause,
    });
  }
}

class LlamaBackend implements ChatBackend {
  private readonly wrapper = new GemmaChatWrapper();
  private readonly slots: SequenceSlots;
  /** Running generations, so close() can stop them and wait before freeing native memory. */
  private readonly running = new Map<AbortController, Promise<void>>();
  private closed = false;

  constructor(
    private readonly llama: Llama,
    private readonly model: LlamaModel,
    private readonly context: LlamaContext,
    private readonly modelId: string,
    options: LlamaBackendOptions,
  ) {
    this.slots = new SequenceSlots(context.totalSequences, options.maxQueue ?? 16);
  }

  info(): BackendInfo {
    return {
      kind: 'llama',
      model: this.modelId,
      ready: !this.closed,
      queueDepth: this.slots.depth,
      ...(this.closed ? { reason: CLOSED_DETAIL } : {}),
    };
  }

  async chat(request: ChatRequest): Promise<ChatResult> {
    const stream = this.stream(request);
    for (;;) {
      const step = await stream.next();
      if (step.done) return step.value;
    }
  }

  async *stream(request: ChatRequest): ChatStream {
    this.assertOpen();
    const release = await this.slots.acquire(request.signal);
    if (this.closed) {
      release(); // closed while this request was being granted its slot
      this.assertOpen();
    }
    const run = this.launch(request, release);
    try {
      for (;;) {
        // Checked first so an abort wins over deltas already buffered: stop means stop.
        request.signal.throwIfAborted();
        const delta = run.deltas.shift();
        if (delta !== undefined) {
          yield delta;
          continue;
        }
        if (run.outcome) {
          if (run.outcome.ok) return run.outcome.result;
          throw this.toGatewayError(run.outcome.error, request.signal);
        }
        await run.nextEvent();
      }
    } finally {
      // Also reached when the consumer stops iterating early: generation must not run on unseen.
      if (!run.outcome)
        run.controller.abort(new DOMException('The stream was closed.', 'AbortError'));
      await run.settled;
    }
  }

  countTokens(text: string, signal: AbortSignal): Promise<number> {
    // Tokenizing is synchronous; the executor turns a thrown abort or "closed" into a rejection.
    return new Promise((resolve) => {
      signal.throwIfAborted();
      this.assertOpen();
      // specialTokens=false: text that spells a control token is counted (and sent) as plain text.
      resolve(this.model.tokenize(text, false).length);
    });
  }

  /** Takes a generation slot like chat does: the judge and chat share the context's sequences. */
  async nextTokenProbabilities(request: NextTokenRequest): Promise<readonly number[]> {
    this.assertOpen();
    const release = await this.slots.acquire(request.signal);
    if (this.closed) release();
    this.assertOpen();
    const sequence = this.context.getSequence();
    // Evaluation cannot be interrupted; it is one prompt's work, bounded by the context size.
    const work = readNextToken(this.model, sequence, request.prompt, request.candidates).finally(
      async () => {
        try {
          await sequence.dispose();
        } finally {
          release(); // a failed dispose must not keep the slot taken
        }
      },
    );
    // Registered like a generation, so close() waits for it before freeing native memory.
    const tracker = new AbortController();
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.running.set(tracker, settled);
    void settled.finally(() => this.running.delete(tracker));
    try {
      const probabilities = await work;
      request.signal.throwIfAborted();
      return probabilities;
    } catch (error) {
      throw this.toGatewayError(error, request.signal);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const reason = new GatewayError('backend_unavailable', { detail: CLOSED_DETAIL });
    this.slots.rejectWaiting(reason);
    for (const controller of this.running.keys()) controller.abort(reason);
    await Promise.allSettled(this.running.values());
    await this.context.dispose();
    await this.model.dispose();
    await this.llama.dispose();
  }

  /**
   * Starts generating into a buffer. The slot is released when generation ends, not when the
   * consumer finishes reading, so an abandoned (never returned) stream cannot hold a sequence.
   */
  private launch(request: ChatRequest, release: () => void): Run {
    const run = new Run();
    const forwardAbort = (): void => {
      run.controller.abort(request.signal.reason);
      run.wake();
    };
    request.signal.addEventListener('abort', forwardAbort, { once: true });
    const { wrapper, model, context, modelId } = this;
    const loaded = { wrapper, model, context, modelId };
    run.settled = generateReply(loaded, request, run.controller.signal, (text) => {
      run.deltas.push(text);
      run.wake();
    })
      .then(
        (result) => {
          run.outcome = { ok: true, result };
        },
        (error: unknown) => {
          run.outcome = { ok: false, error };
        },
      )
      .finally(() => {
        request.signal.removeEventListener('abort', forwardAbort);
        this.running.delete(run.controller);
        release();
        run.wake();
      });
    this.running.set(run.controller, run.settled);
    return run;
  }

  private toGatewayError(error: unknown, signal: AbortSignal): unknown {
    if (signal.aborted) return signal.reason;
    if (isGatewayError(error)) return error;
    // The cause keeps node-llama-cpp's message for operators; clients only see our fixed text.
    return new GatewayError('backend_error', { cause: error });
  }

  private assertOpen(): void {
    if (this.closed) throw new GatewayError('backend_unavailable', { detail: CLOSED_DETAIL });
  }
}
