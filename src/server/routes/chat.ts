/**
 * POST /v1/chat/completions: input stage → backend → output stage → audit → response.
 * A block is a normal completion (finish_reason "content_filter", the policy's refusal); a
 * firing rule's `response` answers the same way without calling the model (finish_reason "stop"
 * unless blocked). Only gateway failures are HTTP errors. Streams go through chat-stream.ts.
 */
import type { Request, Response } from 'express';
import type { ChatBackend, ChatRequest, ChatResult } from '../../backends/types.js';
import { GatewayError } from '../../errors.js';
import { newDecisionId } from '../../pipeline/audit-event.js';
import { guardInput, guardOutput, type InputOutcome } from '../../pipeline/chat-stages.js';
import { strongest } from '../../contract/decide.js';
import { Vault } from '../../redaction/vault.js';
import { recordBestEffort, recordOrFail } from '../audit-writer.js';
import { chatBodyParser, type ChatBody } from '../chat-request.js';
import { guardToolCalls, mergeStages } from '../../pipeline/tool-call-stage.js';
import { hasCalls, messageCalls, type Calls } from '../../pipeline/tool-arguments.js';
import type { Deps } from '../deps.js';
import {
  completion,
  chunk,
  parapetField,
  usageChunk,
  usageShape,
  type ClientFinishReason,
} from '../openai-shapes.js';
import { caller, requestId } from '../request-context.js';
import { endSse, sendEvent, startSse } from '../sse.js';
import { streamReply } from './chat-stream.js';
import { backendRequest, eventFor, recordFailure, type Reply, type Turn } from './chat-turn.js';

export function chatCompletions(deps: Deps) {
  const parseChatBody = chatBodyParser(deps.config.max_messages);
  return async (req: Request, res: Response): Promise<void> => {
    const client = new AbortController();
    const backend = new AbortController();
    // The client went away before we finished: stop generating (and scanning) for nobody.
    res.on('close', () => {
      if (!res.writableFinished) client.abort(new Error('client closed the connection'));
    });
    const turn: Turn = {
      deps,
      res,
      body: parseChatBody(req.body),
      caller: caller(res),
      decisionId: newDecisionId(),
      requestId: requestId(res),
      started: performance.now(),
      vault: new Vault(),
      signal: client.signal,
      backendSignal: AbortSignal.any([client.signal, backend.signal]),
      stopBackend: (reason) => {
        backend.abort(new Error(reason));
      },
    };
    refuseUnsupportedTools(deps, turn.body);
    const ctx = { vault: turn.vault, cache: deps.cache, signal: turn.signal };
    const input = await guardInput(turn.caller.policy, turn.body.messages, ctx, turn.body.stop);
    if (input.blocked || input.answered) {
      await recordOrFail(deps, eventFor(turn, { input }, 'ok'));
      // A rule's response answers in place of the model, and of the refusal when blocked; the
      // finish reason still says whether the request was blocked.
      const content = input.answered ? input.response?.text : undefined;
      const finish = input.blocked ? 'content_filter' : 'stop';
      await respond(turn, { input }, content ?? turn.caller.policy.refusal, finish);
      return;
    }
    const chatBackend = deps.backend.backend;
    if (!chatBackend) {
      await recordBestEffort(deps, eventFor(turn, { input }, 'backend_unavailable'));
      throw new GatewayError('backend_unavailable');
    }
    const request = backendRequest(turn, input);
    if (turn.body.stream) {
      await streamReply(turn, chatBackend, request, input);
      return;
    }
    await completeReply(turn, chatBackend, request, input);
  };
}

/** The embedded model calls no tools: refuse rather than drop them silently. */
function refuseUnsupportedTools(deps: Deps, body: ChatBody): void {
  const kind = deps.backend.backend?.info().kind;
  if (kind === undefined || kind === 'openai') return;
  const history = body.messages.some((m) => hasCalls(messageCalls(m)));
  if (body.tools !== undefined || history) throw new GatewayError('tools_unsupported');
}

async function completeReply(
  turn: Turn,
  backend: ChatBackend,
  request: ChatRequest,
  input: InputOutcome,
): Promise<void> {
  const t0 = performance.now();
  let result: ChatResult;
  try {
    result = await backend.chat(request);
  } catch (error) {
    await recordFailure(turn, { input, backendMs: performance.now() - t0 }, error);
    throw error;
  }
  const backendMs = performance.now() - t0;
  const ctx = { vault: turn.vault, cache: turn.deps.cache, signal: turn.signal };
  const output = await guardOutput(turn.caller.policy, result.text, ctx);
  // After the text, not beside it: one vault, so placeholders number the same on every run.
  const calls = hasCalls(result)
    ? await guardToolCalls(turn.caller.policy, result, ctx)
    : undefined;
  const coverage = turn.caller.policy.output.length > 0 ? 'scanned' : 'unscanned';
  const stage = calls ? mergeStages(output.stage, calls.stage) : output.stage;
  const reply: Reply = {
    input,
    output: {
      stage,
      text: output.redacted,
      coverage,
      ...(calls ? { toolCalls: calls.stored } : {}),
    },
    result,
    backendMs,
  };
  await recordOrFail(turn.deps, eventFor(turn, reply, 'ok'));
  const blocked = output.blocked || calls?.blocked === true;
  const finish: ClientFinishReason = blocked ? 'content_filter' : result.finishReason;
  const content = blocked ? turn.caller.policy.refusal : output.forUser;
  await respond(turn, reply, content, finish, blocked ? undefined : calls?.forUser);
}

/** A whole answer: a completion, or (for a stream refused before generation) a short stream. */
async function respond(
  turn: Turn,
  reply: Reply,
  content: string,
  finishReason: ClientFinishReason,
  calls?: Calls,
): Promise<void> {
  const { res, body } = turn;
  const model = reply.result?.model ?? turn.deps.backend.backend?.info().model ?? 'parapet';
  const action = strongest([reply.input.stage.action, reply.output?.stage.action ?? 'allow']);
  const mode = turn.caller.policy.mode;
  const answeredBy = reply.input.answered ? reply.input.response?.rule : undefined;
  const parapet = {
    ...parapetField(turn.decisionId, action, mode, [reply.input.stage, reply.output?.stage]),
    ...(answeredBy !== undefined ? { response_rule: answeredBy } : {}),
  };
  const usage = usageShape(reply.result?.usage);
  const id = turn.decisionId;
  if (!body.stream) {
    res.json(completion({ id, model, content, calls, finishReason, usage, parapet }));
    return;
  }
  startSse(res);
  await sendEvent(
    res,
    chunk({ id, model, delta: { role: 'assistant', content: '' }, finishReason: null }),
  );
  if (content !== '')
    await sendEvent(res, chunk({ id, model, delta: { content }, finishReason: null }));
  await sendEvent(res, chunk({ id, model, delta: {}, finishReason, parapet }));
  if (body.includeUsage) await sendEvent(res, usageChunk({ id, model, usage }));
  endSse(res);
}
