/**
 * POST /v1/chat/completions: input stage → backend → output stage → audit → response.
 * A block is a normal completion (finish_reason "content_filter", the policy's refusal); only
 * gateway failures are HTTP errors. Until the incremental streaming guard lands, a stream whose
 * reply must be scanned or restored is buffered, scanned, then sent: never released unscanned.
 */
import type { Request, Response } from 'express';
import type { StreamCoverage } from '../../audit/types.js';
import type { ChatBackend, ChatRequest, ChatResult } from '../../backends/types.js';
import { GatewayError, isGatewayError } from '../../errors.js';
import { buildAuditEvent, newDecisionId, type EventParts } from '../../pipeline/audit-event.js';
import {
  guardInput,
  guardOutput,
  type InputOutcome,
  type OutputOutcome,
} from '../../pipeline/chat-stages.js';
import { strongest } from '../../pipeline/decide.js';
import { Vault } from '../../pipeline/vault.js';
import { chatBodyParser, type ChatBody } from '../chat-request.js';
import type { Deps } from '../deps.js';
import {
  completion,
  chunk,
  parapetField,
  usageChunk,
  usageShape,
  type ClientFinishReason,
} from '../openai-shapes.js';
import { caller, requestId, type Caller } from '../request-context.js';
import { recordBestEffort, recordOrFail } from '../audit-writer.js';
import { endSse, sendEvent, startSse } from '../sse.js';

interface Turn {
  readonly deps: Deps;
  readonly req: Request;
  readonly res: Response;
  readonly body: ChatBody;
  readonly caller: Caller;
  readonly decisionId: string;
  readonly requestId: string;
  readonly started: number;
  readonly vault: Vault;
  readonly signal: AbortSignal;
}

interface Reply {
  readonly input: InputOutcome;
  readonly output?: OutputOutcome;
  readonly result?: ChatResult;
  readonly backendMs?: number;
  readonly coverage?: StreamCoverage;
}

export function chatCompletions(deps: Deps) {
  const parseChatBody = chatBodyParser(deps.config.max_messages);
  return async (req: Request, res: Response): Promise<void> => {
    const controller = new AbortController();
    // The client went away before we finished: stop generating (and stop scanning) for nobody.
    res.on('close', () => {
      if (!res.writableFinished) controller.abort(new Error('client closed the connection'));
    });
    const turn: Turn = {
      deps,
      req,
      res,
      body: parseChatBody(req.body),
      caller: caller(res),
      decisionId: newDecisionId(),
      requestId: requestId(res),
      started: performance.now(),
      vault: new Vault(),
      signal: controller.signal,
    };
    const ctx = { vault: turn.vault, cache: deps.cache, signal: turn.signal };
    const input = await guardInput(turn.caller.policy, turn.body.messages, ctx);
    if (input.blocked) {
      await recordOrFail(deps.audit, deps.logger, eventFor(turn, { input }, 'ok'));
      await respond(turn, { input }, turn.caller.policy.refusal, 'content_filter');
      return;
    }
    const backend = deps.backend.backend;
    if (!backend) {
      await recordBestEffort(
        deps.audit,
        deps.logger,
        eventFor(turn, { input }, 'backend_unavailable'),
      );
      throw new GatewayError('backend_unavailable');
    }
    const request = backendRequest(turn, input);
    if (turn.body.stream && !mustBuffer(turn)) {
      await passThrough(turn, backend, request, input);
      return;
    }
    const reply = await generate(turn, backend, request, input);
    await recordOrFail(deps.audit, deps.logger, eventFor(turn, reply, 'ok'));
    const blocked = reply.output?.blocked ?? false;
    const finish: ClientFinishReason = blocked
      ? 'content_filter'
      : (reply.result?.finishReason ?? 'stop');
    await respond(turn, reply, reply.output?.forUser ?? '', finish);
  };
}

function backendRequest(turn: Turn, input: InputOutcome): ChatRequest {
  const b = turn.body;
  return {
    messages: input.forModel,
    signal: turn.signal,
    ...(b.maxTokens !== undefined ? { maxTokens: b.maxTokens } : {}),
    ...(b.temperature !== undefined ? { temperature: b.temperature } : {}),
    ...(b.topP !== undefined ? { topP: b.topP } : {}),
    ...(b.stop !== undefined ? { stop: b.stop } : {}),
    ...(b.seed !== undefined ? { seed: b.seed } : {}),
  };
}

/** The reply must pass through the output stage or have placeholders restored before release. */
function mustBuffer(turn: Turn): boolean {
  const policy = turn.caller.policy;
  const restoring = policy.mode === 'enforce' && policy.restorePii && turn.vault.size > 0;
  return policy.output.length > 0 || restoring;
}

/** Calls the backend (collecting a stream when asked to stream), then runs the output stage. */
async function generate(
  turn: Turn,
  backend: ChatBackend,
  request: ChatRequest,
  input: InputOutcome,
): Promise<Reply> {
  const t0 = performance.now();
  let result: ChatResult;
  try {
    result = turn.body.stream ? await drain(backend.stream(request)) : await backend.chat(request);
  } catch (error) {
    await recordFailure(turn, { input, backendMs: performance.now() - t0 }, error);
    throw error;
  }
  const backendMs = performance.now() - t0;
  const ctx = { vault: turn.vault, cache: turn.deps.cache, signal: turn.signal };
  const output = await guardOutput(turn.caller.policy, result.text, ctx);
  const coverage: StreamCoverage = turn.caller.policy.output.length > 0 ? 'scanned' : 'unscanned';
  return { input, output, result, backendMs, coverage };
}

async function drain(stream: AsyncGenerator<string, ChatResult>): Promise<ChatResult> {
  for (;;) {
    const next = await stream.next();
    if (next.done) return next.value;
  }
}

/** No output rules and nothing to restore: deltas go straight to the client as they come. */
async function passThrough(
  turn: Turn,
  backend: ChatBackend,
  request: ChatRequest,
  input: InputOutcome,
): Promise<void> {
  const { res, body } = turn;
  const t0 = performance.now();
  const stream = backend.stream(request);
  let first: IteratorResult<string, ChatResult>;
  try {
    first = await stream.next(); // errors before the first delta can still be proper HTTP errors
  } catch (error) {
    await recordFailure(turn, { input, backendMs: performance.now() - t0 }, error);
    throw error;
  }
  startSse(res);
  const model = backend.info().model;
  await sendEvent(
    res,
    chunk({
      id: turn.decisionId,
      model,
      delta: { role: 'assistant', content: '' },
      finishReason: null,
    }),
  );
  let text = '';
  try {
    let next = first;
    while (!next.done) {
      text += next.value;
      await sendEvent(
        res,
        chunk({ id: turn.decisionId, model, delta: { content: next.value }, finishReason: null }),
      );
      next = await stream.next();
    }
    const result = next.value;
    const reply: Reply = {
      input,
      result,
      backendMs: performance.now() - t0,
      coverage: 'unscanned',
    };
    const event = eventFor(turn, reply, 'ok', { text, action: 'allow' });
    await recordOrFail(turn.deps.audit, turn.deps.logger, event);
    const parapet = parapetField(turn.decisionId, input.stage.action, turn.caller.policy.mode, [
      input.stage,
    ]);
    await sendEvent(
      res,
      chunk({ id: turn.decisionId, model, delta: {}, finishReason: result.finishReason, parapet }),
    );
    if (body.includeUsage)
      await sendEvent(
        res,
        usageChunk({ id: turn.decisionId, model, usage: usageShape(result.usage) }),
      );
    endSse(res);
  } catch (error) {
    await recordFailure(
      turn,
      { input, backendMs: performance.now() - t0, coverage: 'unscanned' },
      error,
    );
    // Headers are gone: end the stream with an OpenAI-style error event and no [DONE].
    const code = isGatewayError(error) ? error.code : 'backend_error';
    await sendEvent(res, {
      error: {
        message: new GatewayError(code).message,
        type: 'server_error',
        code,
        request_id: turn.requestId,
      },
    });
    res.end();
  }
}

async function respond(
  turn: Turn,
  reply: Reply,
  content: string,
  finishReason: ClientFinishReason,
): Promise<void> {
  const { res, body } = turn;
  const model = reply.result?.model ?? turn.deps.backend.backend?.info().model ?? 'parapet';
  const action = strongest([reply.input.stage.action, reply.output?.stage.action ?? 'allow']);
  const parapet = parapetField(turn.decisionId, action, turn.caller.policy.mode, [
    reply.input.stage,
    reply.output?.stage,
  ]);
  const usage = usageShape(reply.result?.usage);
  if (!body.stream) {
    res.json(completion({ id: turn.decisionId, model, content, finishReason, usage, parapet }));
    return;
  }
  startSse(res);
  await sendEvent(
    res,
    chunk({
      id: turn.decisionId,
      model,
      delta: { role: 'assistant', content: '' },
      finishReason: null,
    }),
  );
  if (content !== '')
    await sendEvent(
      res,
      chunk({ id: turn.decisionId, model, delta: { content }, finishReason: null }),
    );
  await sendEvent(res, chunk({ id: turn.decisionId, model, delta: {}, finishReason, parapet }));
  if (body.includeUsage) await sendEvent(res, usageChunk({ id: turn.decisionId, model, usage }));
  endSse(res);
}

async function recordFailure(turn: Turn, reply: Reply, error: unknown): Promise<void> {
  const outcome = turn.signal.aborted
    ? 'client_closed'
    : isGatewayError(error)
      ? error.code
      : 'backend_error';
  await recordBestEffort(turn.deps.audit, turn.deps.logger, eventFor(turn, reply, outcome));
}

function eventFor(
  turn: Turn,
  reply: Reply,
  outcome: string,
  streamed?: { text: string; action: 'allow' },
) {
  const backend = turn.deps.backend.backend;
  const parts: EventParts = {
    id: turn.decisionId,
    requestId: turn.requestId,
    route: 'chat',
    policy: turn.caller.policy,
    keyId: turn.caller.keyId,
    input: { stage: reply.input.stage, messages: reply.input.redacted },
    stream: turn.body.stream,
    totalMs: performance.now() - turn.started,
    outcome,
    ...(reply.output
      ? {
          output: {
            stage: reply.output.stage,
            text: reply.output.redacted,
            coverage: reply.coverage ?? 'scanned',
          },
        }
      : {}),
    ...(backend && reply.backendMs !== undefined
      ? {
          backend: {
            kind: backend.info().kind,
            model: reply.result?.model ?? backend.info().model,
            ms: reply.backendMs,
            ...(reply.result ? { usage: reply.result.usage } : {}),
          },
        }
      : {}),
  };
  const event = buildAuditEvent(parts);
  // A pass-through stream has no output stage; its text is recorded as sent, marked unscanned.
  return streamed
    ? {
        ...event,
        output: { text: streamed.text, action: streamed.action, coverage: 'unscanned' as const },
      }
    : event;
}
