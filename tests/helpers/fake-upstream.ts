/**
 * A real OpenAI-compatible HTTP server on 127.0.0.1 for integration tests and benchmarks: the
 * other side of the protocol, speaking the same JSON and SSE framing as llama.cpp server, Ollama
 * and vLLM, so the gateway's upstream code is tested over real sockets rather than against mocks.
 *
 *   const up = await startFakeUpstream();
 *   up.script({ kind: 'status', status: 500 });   // the next chat request gets a 500
 *   ... createOpenAIBackend({ url: up.url, model: up.model }) ...
 *   await up.close();
 *
 * Chat requests take scripted replies first (in order), then `up.reply(request)` if set, then
 * the default echo: "You said: <last user message>", split into word deltas when streamed; each
 * word counts as one completion token, so `max_tokens` truncates with finish_reason "length".
 * Usage is sent like OpenAI does: always when not streaming, and when streaming only if
 * `stream_options.include_usage` is set.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface RecordedRequest {
  readonly method: string;
  /** Path with query, e.g. `/v1/chat/completions`. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body; undefined when there was none or it was not JSON. */
  readonly body: unknown;
  /** Settles when the exchange ends: 'aborted' if the client closed before the reply finished. */
  readonly closed: Promise<'finished' | 'aborted'>;
}

export interface UsageJson {
  readonly prompt_tokens: number;
  readonly completion_tokens: number;
}

/** How streamed events are framed on the wire, to exercise a client's SSE parser. */
export interface SseFraming {
  readonly lineEnding?: '\n' | '\r\n';
  /** Send a `: keep-alive` comment before every event. */
  readonly comments?: boolean;
  /** Pretty-print each JSON payload so it spans several `data:` lines. */
  readonly multiline?: boolean;
  /** Write the byte stream in pieces of this many bytes (splits events and UTF-8 characters). */
  readonly splitBytes?: number;
}

export type Reply =
  | {
      readonly kind: 'completion';
      readonly text: string;
      readonly finishReason?: string;
      /** null omits the usage field. */
      readonly usage?: UsageJson | null;
      readonly model?: string;
      /** Sent as `choices[0].logprobs.content`, as OpenAI answers `logprobs: true`. */
      readonly logprobs?: readonly TokenLogprob[];
      /** Wait this long before answering (a slow generation). */
      readonly delayMs?: number;
      /** Sent as `message.tool_calls` / `message.function_call` (content null when text is ''). */
      readonly toolCalls?: readonly object[];
      readonly functionCall?: object;
    }
  | {
      readonly kind: 'stream';
      readonly deltas: readonly string[];
      /** null sends no finish chunk. */
      readonly finishReason?: string | null;
      readonly usage?: UsageJson | null;
      /** Pause between writes (events, or byte pieces with `framing.splitBytes`). */
      readonly delayMs?: number;
      readonly framing?: SseFraming;
      /** false ends the stream without `data: [DONE]`. */
      readonly done?: boolean;
      /** Raw `delta` objects (tool_calls / function_call fragments) sent after the text deltas. */
      readonly callDeltas?: readonly object[];
    }
  /** An error status with an OpenAI-shaped JSON body (which clients must not echo). */
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  /** Streams the deltas, then destroys the socket mid-response. */
  | { readonly kind: 'reset'; readonly deltas: readonly string[] }
  /** Streams the deltas, then an event whose data is not JSON, then [DONE]. */
  | { readonly kind: 'malformed-sse'; readonly deltas: readonly string[] }
  /** Never answers (optionally after sending stream headers and some deltas). */
  | { readonly kind: 'hang'; readonly deltas?: readonly string[] }
  /** Closes the connection without a byte of response (a crash or reset before the status line). */
  | { readonly kind: 'drop' }
  /** A 200 JSON answer whose body is `body` verbatim (default: JSON cut off mid-object). */
  | { readonly kind: 'malformed-json'; readonly body?: string };

export interface TokenLogprob {
  readonly token: string;
  readonly logprob: number;
  readonly top_logprobs: readonly { readonly token: string; readonly logprob: number }[];
}

export interface FakeUpstreamOptions {
  /** Model id on /v1/models and in replies. Default 'fake-gemma'. */
  readonly model?: string;
  /** Answer llama.cpp's `POST /tokenize` (one token per word). Default false: 404. */
  readonly tokenize?: boolean;
  /** Keep every request in `requests`. Default true; benchmarks turn it off to bound memory. */
  readonly record?: boolean;
  /** Listen on this port (default: any free one). */
  readonly port?: number;
}

export interface FakeUpstream {
  /** Base URL ending in `/v1`. */
  readonly url: string;
  readonly model: string;
  readonly requests: RecordedRequest[];
  /** TCP connections accepted so far (keep-alive reuse keeps this low). */
  readonly connectionCount: number;
  /** Queue replies for the next chat requests, in order. */
  script(...replies: Reply[]): void;
  /** Fallback for chat requests with no scripted reply; undefined → echo. */
  reply: ((request: RecordedRequest) => Reply) | undefined;
  close(): Promise<void>;
}

interface ChatBody {
  readonly messages?: readonly { role?: unknown; content?: unknown }[];
  readonly stream?: unknown;
  readonly max_tokens?: unknown;
  readonly stream_options?: { include_usage?: unknown };
}

export async function startFakeUpstream(options: FakeUpstreamOptions = {}): Promise<FakeUpstream> {
  const model = options.model ?? 'fake-gemma';
  const queue: Reply[] = [];
  const requests: RecordedRequest[] = [];
  let connectionCount = 0;

  const server = createServer((req, res) => {
    void readBody(req).then((raw) => {
      const closed = new Promise<'finished' | 'aborted'>((resolve) => {
        res.on('close', () => {
          resolve(res.writableFinished ? 'finished' : 'aborted');
        });
      });
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: parseJson(raw),
        closed,
      };
      if (options.record !== false) requests.push(recorded);
      return route(recorded, res);
    });
  });
  server.on('connection', () => {
    connectionCount += 1;
  });

  const fake: FakeUpstream = {
    url: '',
    model,
    requests,
    get connectionCount() {
      return connectionCount;
    },
    script: (...replies) => queue.push(...replies),
    reply: undefined,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      });
    },
  };

  async function route(request: RecordedRequest, res: ServerResponse): Promise<void> {
    if (request.method === 'GET' && request.path === '/v1/models') {
      const data = [{ id: model, object: 'model', created: 0, owned_by: 'fake-upstream' }];
      return sendJson(res, 200, { object: 'list', data });
    }
    if (request.method === 'POST' && request.path === '/tokenize' && options.tokenize === true) {
      const content = (request.body as { content?: unknown } | undefined)?.content;
      const words = typeof content === 'string' ? splitWords(content) : [];
      return sendJson(res, 200, { tokens: words.map((_, i) => i) });
    }
    if (request.method === 'POST' && request.path === '/v1/chat/completions') {
      const body = (request.body ?? {}) as ChatBody;
      const reply = queue.shift() ?? fake.reply?.(request) ?? echo(body);
      return play(reply, body, res);
    }
    return sendJson(res, 404, { error: { message: 'no such route', type: 'not_found' } });
  }

  async function play(reply: Reply, body: ChatBody, res: ServerResponse): Promise<void> {
    const includeUsage = body.stream_options?.include_usage === true;
    switch (reply.kind) {
      case 'completion': {
        if (reply.delayMs !== undefined) await sleep(reply.delayMs);
        const calls = reply.toolCalls !== undefined || reply.functionCall !== undefined;
        const message = {
          role: 'assistant',
          content: calls && reply.text === '' ? null : reply.text,
          ...(reply.toolCalls ? { tool_calls: reply.toolCalls } : {}),
          ...(reply.functionCall ? { function_call: reply.functionCall } : {}),
        };
        const choice = {
          index: 0,
          message,
          finish_reason: reply.finishReason ?? 'stop',
          ...(reply.logprobs ? { logprobs: { content: reply.logprobs } } : {}),
        };
        return sendJson(res, 200, {
          ...envelope('chat.completion', reply.model ?? model),
          choices: [choice],
          ...usageField(reply.usage),
        });
      }
      case 'stream': {
        const events = reply.deltas.map((d) => chunk({ content: d }, null));
        for (const delta of reply.callDeltas ?? []) events.push(chunk(delta, null));
        if (reply.finishReason !== null) events.push(chunk({}, reply.finishReason ?? 'stop'));
        if (includeUsage && reply.usage !== null) {
          const usage = reply.usage ?? { prompt_tokens: 1, completion_tokens: reply.deltas.length };
          events.push({
            ...envelope('chat.completion.chunk', model),
            choices: [],
            ...usageField(usage),
          });
        }
        const wire = encodeSse(events, reply.done !== false, reply.framing ?? {});
        return writeStream(res, wire, reply.framing?.splitBytes, reply.delayMs ?? 0);
      }
      case 'status': {
        const headers = reply.retryAfter === undefined ? {} : { 'retry-after': reply.retryAfter };
        const error = { message: 'upstream secret detail', type: 'server_error', code: null };
        return sendJson(res, reply.status, { error }, headers);
      }
      case 'drop':
        res.socket?.destroy();
        return;
      case 'malformed-json':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(reply.body ?? '{"id":"chatcmpl-fake","choices":[{"message":{"content":"Hi');
        return;
      case 'reset':
      case 'malformed-sse':
      case 'hang':
        if (reply.deltas === undefined) return; // hang before any header
        startSse(res);
        writeDeltas(res, reply.deltas);
        if (reply.kind === 'malformed-sse') {
          res.end('data: {"choices": [ this is not json\n\ndata: [DONE]\n\n');
        } else if (reply.kind === 'reset') {
          await sleep(20);
          res.socket?.destroy();
        }
    }
  }

  function echo(body: ChatBody): Reply {
    const users = (body.messages ?? []).filter((m) => m.role === 'user');
    const last = users.at(-1)?.content;
    let words = splitWords(`You said: ${typeof last === 'string' ? last : ''}`);
    const max = typeof body.max_tokens === 'number' ? body.max_tokens : Infinity;
    const finishReason = words.length > max ? 'length' : 'stop';
    words = words.slice(0, max);
    const promptChars = (body.messages ?? []).reduce(
      (n, m) => n + (typeof m.content === 'string' ? m.content.length : 0),
      0,
    );
    const usage = { prompt_tokens: Math.ceil(promptChars / 4), completion_tokens: words.length };
    return body.stream === true
      ? { kind: 'stream', deltas: words, finishReason, usage }
      : { kind: 'completion', text: words.join(''), finishReason, usage };
  }

  function writeDeltas(res: ServerResponse, deltas: readonly string[]): void {
    res.write(
      encodeSse(
        deltas.map((d) => chunk({ content: d }, null)),
        false,
        {},
      ).join(''),
    );
  }

  function chunk(delta: object, finishReason: string | null): object {
    const choice = { index: 0, delta, finish_reason: finishReason };
    return { ...envelope('chat.completion.chunk', model), choices: [choice] };
  }

  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, { url: `http://127.0.0.1:${port}/v1` });
}

/** Words with their trailing spaces, so joining them gives the text back exactly. */
function splitWords(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

function envelope(object: string, model: string): object {
  return { id: 'chatcmpl-fake', object, created: 1_700_000_000, model };
}

function usageField(usage: UsageJson | null | undefined): object {
  if (usage === null || usage === undefined) return {};
  const total_tokens = usage.prompt_tokens + usage.completion_tokens;
  return { usage: { ...usage, total_tokens } };
}

/** One string per event, each ending in its blank line. */
function encodeSse(events: readonly object[], done: boolean, framing: SseFraming): string[] {
  const eol = framing.lineEnding ?? '\n';
  const payloads = events.map((e) => JSON.stringify(e, null, framing.multiline === true ? 1 : 0));
  if (done) payloads.push('[DONE]');
  return payloads.map((p) => {
    const comment = framing.comments === true ? `: keep-alive${eol}${eol}` : '';
    const data = p.split('\n').map((line) => `data: ${line}${eol}`);
    return `${comment}${data.join('')}${eol}`;
  });
}

function startSse(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.flushHeaders();
}

async function writeStream(
  res: ServerResponse,
  events: readonly string[],
  splitBytes: number | undefined,
  delayMs: number,
): Promise<void> {
  startSse(res);
  let pieces: Buffer[] = events.map((e) => Buffer.from(e, 'utf8'));
  if (splitBytes !== undefined) {
    const bytes = Buffer.concat(pieces);
    pieces = [];
    for (let at = 0; at < bytes.length; at += splitBytes) {
      pieces.push(bytes.subarray(at, at + splitBytes));
    }
  }
  for (const piece of pieces) {
    if (res.destroyed) return;
    res.write(piece);
    // Even without a delay, yield to the event loop so each piece reaches the client alone.
    await (delayMs > 0 ? sleep(delayMs) : new Promise((resolve) => setImmediate(resolve)));
  }
  res.end();
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: object,
  headers: Record<string, string> = {},
): Promise<void> {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  return new Promise((resolve) => res.end(JSON.stringify(body), resolve));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

function parseJson(raw: string): unknown {
  try {
    return raw === '' ? undefined : (JSON.parse(raw) as unknown);
  } catch {
    return undefined;
  }
}
