/** One chat request's state and the pieces both the streamed and the plain reply share. */
import type { Response } from 'express';
import type { StreamCoverage, StreamRelease } from '../../audit/types.js';
import type { ChatRequest, ChatResult } from '../../backends/types.js';
import { GatewayError, isGatewayError } from '../../errors.js';
import { buildAuditEvent, type EventParts } from '../../pipeline/audit-event.js';
import type { InputOutcome } from '../../pipeline/chat-stages.js';
import type { StageResult } from '../../pipeline/stage-result.js';
import type { Calls } from '../../pipeline/tool-arguments.js';
import type { Vault } from '../../redaction/vault.js';
import { recordBestEffort } from '../audit-writer.js';
import type { ChatBody } from '../chat-request.js';
import type { Deps } from '../deps.js';
import type { Caller } from '../request-context.js';
import { sendEvent } from '../sse.js';

export interface Turn {
  readonly deps: Deps;
  readonly res: Response;
  readonly body: ChatBody;
  readonly caller: Caller;
  readonly decisionId: string;
  readonly requestId: string;
  readonly started: number;
  readonly vault: Vault;
  /** Aborts when the client goes away. */
  readonly signal: AbortSignal;
  /** Aborts generation: client gone, or the reply was blocked mid-stream. */
  readonly backendSignal: AbortSignal;
  stopBackend(reason: string): void;
}

export interface GuardedOutput {
  readonly stage: StageResult;
  /** The reply as stored: redacted, and only as far as it was scanned. */
  readonly text: string;
  readonly coverage: StreamCoverage;
  readonly stream?: StreamRelease;
  /** The reply's tool calls as stored (redacted). */
  readonly toolCalls?: Calls;
}

export interface Reply {
  readonly input: InputOutcome;
  readonly output?: GuardedOutput | undefined;
  readonly result?: ChatResult;
  readonly backendMs?: number;
}

export function backendRequest(turn: Turn, input: InputOutcome): ChatRequest {
  const b = turn.body;
  return {
    messages: input.forModel,
    signal: turn.backendSignal,
    ...(b.maxTokens !== undefined ? { maxTokens: b.maxTokens } : {}),
    ...(b.temperature !== undefined ? { temperature: b.temperature } : {}),
    ...(b.topP !== undefined ? { topP: b.topP } : {}),
    // The stop sequences as the input stage left them (redacted when enforcing), never the body's.
    ...(input.stop !== undefined ? { stop: input.stop } : {}),
    ...(b.seed !== undefined ? { seed: b.seed } : {}),
    ...(b.tools !== undefined ? { tools: b.tools } : {}),
  };
}

export function eventFor(turn: Turn, reply: Reply, outcome: string) {
  const backend = turn.deps.backend.backend;
  const parts: EventParts = {
    id: turn.decisionId,
    requestId: turn.requestId,
    route: 'chat',
    policy: turn.caller.policy,
    keyId: turn.caller.keyId,
    input: { stage: reply.input.stage, messages: reply.input.stored },
    stream: turn.body.stream,
    totalMs: performance.now() - turn.started,
    outcome,
    ...(reply.input.response
      ? { response: { rule: reply.input.response.rule, applied: reply.input.answered } }
      : {}),
    ...(reply.output ? { output: reply.output } : {}),
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
  return buildAuditEvent(parts);
}

/** Records a request that failed; the original error is what the client gets. */
export async function recordFailure(turn: Turn, reply: Reply, error: unknown): Promise<void> {
  const outcome = turn.signal.aborted
    ? 'client_closed'
    : isGatewayError(error)
      ? error.code
      : 'backend_error';
  await recordBestEffort(turn.deps, eventFor(turn, reply, outcome));
}

/** Ends a stream whose headers are gone with an OpenAI-style error event and no [DONE]. */
export async function failStream(turn: Turn, error: unknown): Promise<void> {
  const code = isGatewayError(error) ? error.code : 'backend_error';
  const message = new GatewayError(code).message;
  await sendEvent(turn.res, {
    error: { message, type: 'server_error', code, request_id: turn.requestId },
  });
  turn.res.end();
}
