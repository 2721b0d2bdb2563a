/**
 * The body of POST /v1/chat/completions, validated on entry. Unknown OpenAI fields are ignored
 * (clients send many), but the ones we cannot honour safely are refused, never dropped silently.
 */
import { z } from 'zod';
import type { ChatMessage, ToolOptions } from '../backends/types.js';
import { GatewayError } from '../errors.js';

const TextPart = z.object({ type: z.literal('text'), text: z.string() });
const Content = z.union([z.string(), z.array(TextPart).min(1)]);

const FunctionCall = z.object({ name: z.string().min(1).max(256), arguments: z.string() });
const ToolCall = z.object({
  id: z.string().min(1).max(256),
  type: z.literal('function'),
  function: FunctionCall,
});
// Definitions are the product's configuration: forwarded as sent, their shape is the upstream's.
const Definitions = z.array(z.looseObject({})).min(1).max(128);

const Message = z.discriminatedUnion('role', [
  z.object({
    role: z.enum(['system', 'developer']),
    content: Content,
    name: z.string().optional(),
  }),
  z.object({ role: z.literal('user'), content: Content, name: z.string().optional() }),
  z.object({
    role: z.literal('assistant'),
    content: Content.nullable().optional(),
    name: z.string().optional(),
    tool_calls: z.array(ToolCall).max(128).optional(),
    function_call: FunctionCall.nullable().optional(),
  }),
  z.object({ role: z.literal('tool'), content: Content, tool_call_id: z.string().min(1) }),
  // The legacy (pre-tools) result of a `function_call`.
  z.object({ role: z.literal('function'), content: Content, name: z.string().min(1) }),
]);

function chatBodySchema(maxMessages: number) {
  return z.object({
    model: z.string().min(1).max(200),
    messages: z.array(Message).min(1).max(maxMessages),
    stream: z.boolean().optional(),
    stream_options: z.object({ include_usage: z.boolean().optional() }).nullable().optional(),
    max_tokens: z.int().min(1).max(1_000_000).nullable().optional(),
    max_completion_tokens: z.int().min(1).max(1_000_000).nullable().optional(),
    temperature: z.number().min(0).max(2).nullable().optional(),
    top_p: z.number().gt(0).max(1).nullable().optional(),
    stop: z
      .union([z.string(), z.array(z.string()).max(4)])
      .nullable()
      .optional(),
    seed: z.int().nullable().optional(),
    n: z.literal(1).nullable().optional(),
    tools: Definitions.optional(),
    tool_choice: z.union([z.string(), z.looseObject({})]).optional(),
    parallel_tool_calls: z.boolean().optional(),
    functions: Definitions.optional(),
    function_call: z.union([z.string(), z.looseObject({})]).optional(),
  });
}

export interface ChatBody {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly maxTokens?: number;
  readonly temperature?: number;
  readonly topP?: number;
  readonly stop?: readonly string[];
  readonly seed?: number;
  /** Tool definitions and choices, when the client sent any. */
  readonly tools?: ToolOptions;
}

function textOf(content: z.infer<typeof Content> | null | undefined): string {
  if (content === null || content === undefined) return '';
  return typeof content === 'string' ? content : content.map((p) => p.text).join('\n');
}

function toMessage(m: z.infer<typeof Message>): ChatMessage {
  switch (m.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textOf(m.content) };
    case 'user':
      return { role: 'user', content: textOf(m.content) };
    case 'assistant':
      return {
        role: 'assistant',
        content: textOf(m.content),
        ...(m.tool_calls && m.tool_calls.length > 0 ? { tool_calls: m.tool_calls } : {}),
        ...(m.function_call ? { function_call: m.function_call } : {}),
      };
    case 'tool':
      return { role: 'tool', content: textOf(m.content), tool_call_id: m.tool_call_id };
    case 'function':
      // A tool result all the same (scanned as one); no call id marks it legacy on the way out.
      return { role: 'tool', content: textOf(m.content), name: m.name };
  }
}

function toolOptions(b: z.infer<ReturnType<typeof chatBodySchema>>): ToolOptions | undefined {
  const options: ToolOptions = {
    ...(b.tools ? { tools: b.tools } : {}),
    ...(b.tool_choice !== undefined ? { tool_choice: b.tool_choice } : {}),
    ...(b.parallel_tool_calls !== undefined ? { parallel_tool_calls: b.parallel_tool_calls } : {}),
    ...(b.functions ? { functions: b.functions } : {}),
    ...(b.function_call !== undefined ? { function_call: b.function_call } : {}),
  };
  return Object.keys(options).length > 0 ? options : undefined;
}

/**
 * Returns the body parser for a message limit. Build it once: constructing the zod schema costs
 * more than a whole request's scanning. Validation messages name fields and rules only: zod's
 * default messages never echo values.
 */
export function chatBodyParser(maxMessages: number): (body: unknown) => ChatBody {
  const schema = chatBodySchema(maxMessages);
  return (body) => toChatBody(schema.safeParse(body));
}

function toChatBody(parsed: ReturnType<ReturnType<typeof chatBodySchema>['safeParse']>): ChatBody {
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map(String).join('.') || 'body';
    throw new GatewayError('invalid_request', {
      detail: `${where}: ${issue?.message ?? 'invalid'}`,
    });
  }
  const b = parsed.data;
  const maxTokens = b.max_completion_tokens ?? b.max_tokens;
  const stop = typeof b.stop === 'string' ? [b.stop] : b.stop;
  const tools = toolOptions(b);
  return {
    model: b.model,
    messages: b.messages.map(toMessage),
    stream: b.stream ?? false,
    includeUsage: b.stream_options?.include_usage ?? false,
    ...(maxTokens != null ? { maxTokens } : {}),
    ...(b.temperature != null ? { temperature: b.temperature } : {}),
    ...(b.top_p != null ? { topP: b.top_p } : {}),
    ...(stop != null && stop.length > 0 ? { stop } : {}),
    ...(b.seed != null ? { seed: b.seed } : {}),
    ...(tools ? { tools } : {}),
  };
}
