/**
 * OpenAI tool-call shapes for the tools integration tests: a `send_email` function, a call to
 * it, and the fragments a real server streams for one.
 */
import type { ChatCompletionTool } from 'openai/resources/chat/completions';

export const SEND_EMAIL = {
  name: 'send_email',
  description: 'Send an email',
  parameters: {
    type: 'object',
    properties: { to: { type: 'string' }, body: { type: 'string' } },
    required: ['to', 'body'],
  },
};
export const TOOLS: ChatCompletionTool[] = [{ type: 'function', function: SEND_EMAIL }];

export const call = (id: string, args: object | string) => ({
  id,
  type: 'function' as const,
  function: {
    name: 'send_email',
    arguments: typeof args === 'string' ? args : JSON.stringify(args),
  },
});

/** The deltas a real server streams for one call: id and name first, arguments in pieces. */
export function fragments(index: number, id: string, args: string): object[] {
  const pieces = args.match(/.{1,7}/gs) ?? [];
  return [
    {
      tool_calls: [
        { index, id, type: 'function', function: { name: 'send_email', arguments: '' } },
      ],
    },
    ...pieces.map((p) => ({ tool_calls: [{ index, function: { arguments: p } }] })),
  ];
}
