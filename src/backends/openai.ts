/**
 * ChatBackend for any OpenAI-compatible server (llama.cpp server, Ollama, vLLM), over an undici
 * Pool with keep-alive: the global fetch cost 2x throughput on these machines (DESIGN §8b).
 *
 * URL rule: `url` is the server's API base. If its path (trailing slashes ignored) ends in `/v1`
 * it is used as is, otherwise `/v1` is appended: `http://h:8080`, `http://h:8080/` and
 * `http://h:8080/v1` all post to `http://h:8080/v1/chat/completions`. Non-API endpoints
 * (llama.cpp's `/tokenize`) live at the base without `/v1`.
 *
 * Finish reasons: upstream 'length', 'tool_calls' and 'function_call' are kept; everything else
 * ('stop', 'content_filter', 'eos', null) maps to 'stop'. Tools, tool calls and tool results are
 * forwarded; a streamed reply's tool-call fragments come back whole in the result. Errors never carry upstream body text (it may quote customers):
 * details name status numbers and error codes only.
 */
import type { Dispatcher } from 'undici';
import { GatewayError, isGatewayError } from '../errors.js';
import {
  chatBody,
  estimateTokens,
  parseCompletion,
  SseDecoder,
  StreamAssembler,
} from './openai-wire.js';
import { candidateProbabilities, judgeBody } from './openai-logprobs.js';
import {
  closePool,
  expectSuccess,
  openUpstream,
  startCall,
  type UpstreamOptions,
} from './openai-upstream.js';
import { DEFAULT_RETRY, sendWithRetry, type RetryOptions } from './upstream-retry.js';
import type { BackendInfo, ChatBackend, ChatRequest, ChatResult, ChatStream } from './types.js';
import type { NextTokenRequest } from '../contract/types.js';

export { estimateTokens, parseRetryAfter } from './openai-wire.js';
export type { UpstreamUsage } from './openai-wire.js';

export interface OpenAIBackendOptions extends UpstreamOptions {
  /** Sent as `model` upstream and reported by info(). */
  readonly model: string;
  /** Whole request, including a stream's last byte. Default 120000. */
  readonly timeoutMs?: number;
  /** Most concurrent upstream connections. Default 16. */
  readonly connections?: number;
  /** Retries of refused/reset connections and 502/503 answers (upstream-retry.ts). Default 2, base 100 ms. */
  readonly retry?: RetryOptions;
}

export interface ProbeResult {
  readonly ok: boolean;
  /** Why not, for /readyz: status numbers and error codes only, never the URL or key. */
  readonly reason?: string;
}

const DEFAULT_TIMEOUT_MS = 120_000;
const DEFAULT_CONNECTIONS = 16;
// Token counts and probes are advisory: a slow upstream must not hold a request or /readyz long.
const SIDE_CALL_TIMEOUT_MS = 5_000;

export function createOpenAIBackend(options: OpenAIBackendOptions): ChatBackend {
  const upstream = openUpstream(options, options.connections ?? DEFAULT_CONNECTIONS);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // llama.cpp answers /tokenize; other servers 4xx it once and are not asked again.
  let tokenizeSupported: boolean | undefined;
  let closing: Promise<void> | undefined;
  const retry = options.retry ?? DEFAULT_RETRY;
  const sendChat = (signal: AbortSignal, body: string) =>
    sendWithRetry(() => upstream.send(signal, '/chat/completions', body), signal, retry);

  async function chat(request: ChatRequest): Promise<ChatResult> {
    request.signal.throwIfAborted();
    const call = startCall(request.signal, timeoutMs);
    try {
      const res = await sendChat(call.signal, chatBody(options.model, request, false));
      await expectSuccess(res);
      return parseCompletion(await res.body.text(), request, options.model);
    } catch (err) {
      throw call.toError(err);
    } finally {
      call.done();
    }
  }

  async function* stream(request: ChatRequest): ChatStream {
    request.signal.throwIfAborted();
    const call = startCall(request.signal, timeoutMs);
    let body: Dispatcher.ResponseData['body'] | undefined;
    try {
      // Retried only until the response headers: nothing has been yielded before this line.
      const res = await sendChat(call.signal, chatBody(options.model, request, true));
      body = res.body;
      await expectSuccess(res);
      if (!String(res.headers['content-type']).includes('text/event-stream')) {
        throw new GatewayError('backend_error', { detail: 'upstream sent no event stream' });
      }
      const sse = new SseDecoder();
      const assembler = new StreamAssembler();
      for await (const chunk of res.body) {
        for (const data of sse.push(chunk as Buffer)) {
          const delta = assembler.accept(data);
          if (delta !== '') yield delta;
        }
      }
      for (const data of sse.end()) assembler.accept(data);
      return assembler.result(request, options.model);
    } catch (err) {
      throw call.toError(err);
    } finally {
      call.done();
      // An early return (consumer break, mid-stream block) must close the connection so the
      // upstream stops generating; a finished body is already back in the pool.
      if (body !== undefined && !body.readableEnded) body.destroy();
    }
  }

  async function tokenize(text: string, signal: AbortSignal): Promise<number | undefined> {
    const call = startCall(signal, Math.min(timeoutMs, SIDE_CALL_TIMEOUT_MS));
    try {
      const res = await upstream.send(call.signal, '/tokenize', JSON.stringify({ content: text }));
      if (res.statusCode >= 400 && res.statusCode < 500) tokenizeSupported = false;
      if (res.statusCode !== 200) {
        await res.body.dump();
        return undefined;
      }
      const json = (await res.body.json()) as { tokens?: unknown } | null;
      const tokens = json?.tokens;
      if (!Array.isArray(tokens)) return undefined;
      tokenizeSupported = true;
      return tokens.length;
    } catch {
      if (signal.aborted) throw signal.reason;
      return undefined; // down, slow or odd: the estimate is good enough for a length check
    } finally {
      call.done();
    }
  }

  async function nextTokenProbabilities(request: NextTokenRequest): Promise<readonly number[]> {
    request.signal.throwIfAborted();
    const call = startCall(request.signal, timeoutMs);
    try {
      const body = judgeBody(options.model, request);
      const res = await sendChat(call.signal, body);
      await expectSuccess(res);
      return candidateProbabilities(await res.body.text(), request.candidates);
    } catch (err) {
      throw call.toError(err);
    } finally {
      call.done();
    }
  }

  return {
    info: (): BackendInfo => ({ kind: 'openai', model: options.model, ready: true }),
    chat,
    stream,
    nextTokenProbabilities,
    /**
     * OpenAI-compatible servers have no standard tokenize endpoint: llama.cpp's
     * `POST {base}/tokenize` is tried, else the estimate ceil(chars / 4) is returned.
     */
    async countTokens(text, signal) {
      signal.throwIfAborted();
      const counted = tokenizeSupported === false ? undefined : await tokenize(text, signal);
      return counted ?? estimateTokens(text);
    },
    close() {
      closing ??= closePool(upstream.pool);
      return closing;
    },
  };
}

/** GET `{base}/models` to check the upstream is reachable and accepts the key. */
export async function probeUpstream(
  options: OpenAIBackendOptions,
  signal: AbortSignal = new AbortController().signal,
): Promise<ProbeResult> {
  const upstream = openUpstream(options, 1);
  const call = startCall(
    signal,
    Math.min(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, SIDE_CALL_TIMEOUT_MS),
  );
  try {
    const res = await upstream.send(call.signal, '/models');
    await expectSuccess(res);
    await res.body.dump();
    return { ok: true };
  } catch (err) {
    const mapped = call.toError(err);
    if (!isGatewayError(mapped)) throw mapped; // the caller aborted
    return { ok: false, reason: mapped.detail ?? mapped.code };
  } finally {
    call.done();
    await upstream.pool.destroy();
  }
}
