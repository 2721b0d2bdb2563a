/**
 * The OpenAI chat-completions wire format as the upstream speaks it: the request body, a
 * non-streaming completion, the server-sent-event stream of `chat.completion.chunk`s, and
 * Retry-After. Pure functions, no I/O, so the odd framings real servers produce can be reasoned
 * about in one place.
 *
 * Anything malformed is a `backend_error` with a fixed detail and no cause: a JSON SyntaxError's
 * message quotes the offending text, which may be customer text (DESIGN §8).
 */
import { GatewayError } from '../errors.js';
import { readMessageCalls, ToolCallAssembler } from './openai-tool-calls.js';
import type { ChatMessage, ChatRequest, ChatResult, FinishReason, Usage } from './types.js';

/** Usage as reported; `estimated` marks counts made here because the upstream sent none. */
export interface UpstreamUsage extends Usage {
  readonly estimated?: true;
}

/** The documented estimate when the upstream cannot count: about four characters a token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Incremental text/event-stream decoder (WHATWG HTML "event stream interpretation"): takes raw
 * bytes as they arrive and returns the data of each completed event. Handles events and UTF-8
 * characters split across chunks, LF / CRLF / CR line ends (also a CRLF split between chunks),
 * comment lines (keep-alives), multi-line data, and ignores other fields (event, id, retry).
 */
export class SseDecoder {
  private readonly utf8 = new TextDecoder('utf-8');
  private partialLine = '';
  private data: string[] = [];
  /** The last chunk ended in CR: an LF starting the next one is the same line break. */
  private afterCr = false;

  push(bytes: Uint8Array): string[] {
    return this.lines(this.utf8.decode(bytes, { stream: true }));
  }

  /** At end of stream: a last event without its blank line is still delivered. */
  end(): string[] {
    const events = this.lines(this.utf8.decode());
    if (this.partialLine !== '') this.line(this.partialLine, events);
    this.partialLine = '';
    this.line('', events);
    return events;
  }

  private lines(decoded: string): string[] {
    const events: string[] = [];
    // Bytes of a split UTF-8 character decode to nothing; they must not reset afterCr.
    if (decoded === '') return events;
    let text = this.partialLine + decoded;
    if (this.afterCr && text.startsWith('\n')) text = text.slice(1);
    this.afterCr = text.endsWith('\r');
    const breaks = /\r\n|\r|\n/g;
    let start = 0;
    for (let m = breaks.exec(text); m !== null; m = breaks.exec(text)) {
      this.line(text.slice(start, m.index), events);
      start = m.index + m[0].length;
    }
    this.partialLine = text.slice(start);
    return events;
  }

  private line(line: string, events: string[]): void {
    if (line === '') {
      if (this.data.length > 0) events.push(this.data.join('\n'));
      this.data = [];
      return;
    }
    if (line.startsWith(':')) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== 'data') return;
    const value = colon === -1 ? '' : line.slice(colon + 1);
    this.data.push(value.startsWith(' ') ? value.slice(1) : value);
  }
}

/** Folds stream events into deltas and, at the end, the ChatResult. */
export class StreamAssembler {
  private text = '';
  private finishReason: FinishReason | undefined;
  private usage: Usage | undefined;
  private model: string | undefined;
  private done = false;
  private readonly calls = new ToolCallAssembler();

  /** Returns the event's content delta ('' for none); throws on a malformed event. */
  accept(data: string): string {
    // Events after [DONE] are ignored; empty data is a keep-alive some servers send.
    if (this.done || data === '') return '';
    if (data === '[DONE]') {
      this.done = true;
      return '';
    }
    const chunk = parseJsonRecord(data, 'upstream sent a malformed stream event');
    // Mid-stream failures arrive as `data: {"error": ...}` (OpenAI, vLLM).
    if ('error' in chunk) throw malformed('upstream reported an error mid-stream');
    if (typeof chunk.model === 'string') this.model = chunk.model;
    this.usage = readUsage(chunk.usage) ?? this.usage;
    if (chunk.choices === undefined) return '';
    if (!Array.isArray(chunk.choices)) throw malformed('upstream sent a malformed stream event');
    const choice: unknown = chunk.choices[0];
    if (choice === undefined) return ''; // the include_usage chunk has no choices
    if (!isRecord(choice)) throw malformed('upstream sent a malformed stream event');
    if (typeof choice.finish_reason === 'string') {
      this.finishReason = mapFinishReason(choice.finish_reason);
    }
    const delta = choice.delta;
    if (delta === undefined || delta === null) return '';
    if (!isRecord(delta)) throw malformed('upstream sent a malformed stream event');
    this.calls.accept(delta);
    const content = delta.content ?? '';
    if (typeof content !== 'string') throw malformed('upstream sent a malformed stream event');
    this.text += content;
    return content;
  }

  result(request: ChatRequest, configuredModel: string): ChatResult {
    // A dropped connection can end a chunked body cleanly; without [DONE] or a finish reason the
    // answer may be cut short, and a silently truncated reply must not pass as complete.
    if (!this.done && this.finishReason === undefined) {
      throw malformed('upstream stream ended before it finished');
    }
    return {
      text: this.text,
      finishReason: this.finishReason ?? 'stop',
      usage: this.usage ?? estimateUsage(request, this.text),
      model: this.model ?? configuredModel,
      ...this.calls.result(),
    };
  }
}

/** The request body; JSON.stringify drops unset fields, leaving the server's defaults. */
export function chatBody(model: string, request: ChatRequest, stream: boolean): string {
  return JSON.stringify({
    model,
    messages: request.messages.map(wireMessage),
    ...request.tools,
    stream,
    // Without it streamed replies carry no usage (OpenAI, llama.cpp, vLLM, Ollama all honour it).
    stream_options: stream ? { include_usage: true } : undefined,
    max_tokens: request.maxTokens,
    temperature: request.temperature,
    top_p: request.topP,
    stop: request.stop,
    seed: request.seed,
  });
}

function wireMessage(m: ChatMessage): object {
  // A tool result without a call id came in as a legacy `function` message and goes back so.
  const role = m.role === 'tool' && m.tool_call_id === undefined ? 'function' : m.role;
  // An assistant turn that only called tools has null content on the wire, as the client sent it.
  const calls = m.tool_calls !== undefined || m.function_call !== undefined;
  return {
    role,
    content: calls && m.content === '' ? null : m.content,
    name: m.name,
    tool_call_id: m.tool_call_id,
    tool_calls: m.tool_calls,
    function_call: m.function_call,
  };
}

/** Parses a non-streaming `chat.completion` body. */
export function parseCompletion(
  body: string,
  request: ChatRequest,
  configuredModel: string,
): ChatResult {
  const shape = 'upstream sent an unexpected completion';
  const json = parseJsonRecord(body, 'upstream sent malformed JSON');
  const choice: unknown = Array.isArray(json.choices) ? json.choices[0] : undefined;
  if (!isRecord(choice) || !isRecord(choice.message)) throw malformed(shape);
  // content is null when a model answers only with tool calls.
  const content = choice.message.content ?? '';
  if (typeof content !== 'string') throw malformed(shape);
  const finish = typeof choice.finish_reason === 'string' ? choice.finish_reason : 'stop';
  return {
    text: content,
    finishReason: mapFinishReason(finish),
    usage: readUsage(json.usage) ?? estimateUsage(request, content),
    model: typeof json.model === 'string' ? json.model : configuredModel,
    ...readMessageCalls(choice.message),
  };
}

/** Seconds from a Retry-After header (delta-seconds or HTTP date); 1 when absent or unreadable. */
export function parseRetryAfter(header: string | string[] | undefined, now = Date.now()): number {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (value === undefined || value === '') return 1;
  if (/^\d+$/.test(value)) return Number(value);
  const at = Date.parse(value);
  return Number.isNaN(at) ? 1 : Math.max(0, Math.ceil((at - now) / 1000));
}

/** 'length' and the tool-call reasons stay; every other one (content_filter, eos, ...) is 'stop'. */
export function mapFinishReason(reason: string): FinishReason {
  return reason === 'length' || reason === 'tool_calls' || reason === 'function_call'
    ? reason
    : 'stop';
}

function readUsage(value: unknown): Usage | undefined {
  if (!isRecord(value)) return undefined;
  const { prompt_tokens: prompt, completion_tokens: completion } = value;
  if (!isCount(prompt) || !isCount(completion)) return undefined;
  return { promptTokens: prompt, completionTokens: completion };
}

function estimateUsage(request: ChatRequest, completion: string): UpstreamUsage {
  const promptChars = request.messages.reduce((n, m) => n + m.content.length, 0);
  return {
    promptTokens: Math.ceil(promptChars / 4),
    completionTokens: estimateTokens(completion),
    estimated: true,
  };
}

function parseJsonRecord(text: string, detail: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed(detail);
  }
  if (!isRecord(value)) throw malformed(detail);
  return value;
}

function malformed(detail: string): GatewayError {
  return new GatewayError('backend_error', { detail });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
