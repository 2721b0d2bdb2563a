/**
 * Streamed replies. Enforced policies with output rules (or placeholders to restore) release
 * text through the incremental StreamGuard: nothing reaches the client before the output rules
 * have scanned it. Otherwise deltas pass straight through, and a shadow policy's output rules
 * scan the whole reply at the end, for the record.
 */
import type { ChatBackend, ChatRequest, ChatResult } from '../../backends/types.js';
import { guardOutput, type InputOutcome } from '../../pipeline/chat-stages.js';
import { strongest } from '../../contract/decide.js';
import { StreamGuard, type GuardStep } from '../../pipeline/stream-guard.js';
import { hasCalls } from '../../pipeline/tool-arguments.js';
import {
  guardToolCalls,
  mergeStages,
  type ToolCallOutcome,
} from '../../pipeline/tool-call-stage.js';
import { recordOrFail } from '../audit-writer.js';
import { callsDelta, chunk, parapetField, usageChunk, usageShape } from '../openai-shapes.js';
import { endSse, sendEvent, startSse } from '../sse.js';
import {
  eventFor,
  failStream,
  recordFailure,
  type GuardedOutput,
  type Reply,
  type Turn,
} from './chat-turn.js';

/** How deltas become released text; the two strategies below. */
interface Releaser {
  push(delta: string): Promise<GuardStep>;
  finish(): Promise<GuardStep>;
  output(complete: boolean): GuardedOutput | undefined;
}

function guarded(turn: Turn): Releaser {
  const guard = new StreamGuard(turn.caller.policy, { vault: turn.vault, signal: turn.signal });
  return {
    push: (delta) => guard.push(delta),
    finish: () => guard.finish(),
    output: (complete) =>
      guard.stage && {
        stage: guard.stage,
        text: guard.redactedReply,
        coverage: complete ? 'scanned' : 'partial',
        stream: guard.stats(),
      },
  };
}

function passThrough(turn: Turn): Releaser {
  const policy = turn.caller.policy;
  let text = '';
  let scanned: GuardedOutput | undefined;
  return {
    push: (delta) => {
      text += delta;
      return Promise.resolve({ kind: 'release', text: delta });
    },
    async finish() {
      // Shadow mode records what the output rules would have done; with no rules this only
      // wraps the reply, which the record marks as unscanned.
      const { stage, redacted } = await guardOutput(policy, text, ctxOf(turn));
      const coverage = policy.output.length > 0 ? 'scanned' : 'unscanned';
      scanned = { stage, text: redacted, coverage };
      return { kind: 'release', text: '' };
    },
    output: () => scanned,
  };
}

function ctxOf(turn: Turn) {
  return { vault: turn.vault, cache: turn.deps.cache, signal: turn.signal };
}

/** The reply's record with its calls' scan folded in. */
function withCalls(
  output: GuardedOutput | undefined,
  calls: ToolCallOutcome | undefined,
): GuardedOutput | undefined {
  if (!calls) return output;
  if (!output)
    return { stage: calls.stage, text: '', coverage: 'scanned', toolCalls: calls.stored };
  return { ...output, stage: mergeStages(output.stage, calls.stage), toolCalls: calls.stored };
}

function releaserFor(turn: Turn): Releaser {
  const policy = turn.caller.policy;
  const restoring = policy.restorePii && turn.vault.size > 0;
  const enforce = policy.mode === 'enforce';
  return enforce && (policy.output.length > 0 || restoring) ? guarded(turn) : passThrough(turn);
}

export async function streamReply(
  turn: Turn,
  backend: ChatBackend,
  request: ChatRequest,
  input: InputOutcome,
): Promise<void> {
  const { res } = turn;
  const t0 = performance.now();
  const stream = backend.stream(request);
  let next: IteratorResult<string, ChatResult>;
  try {
    next = await stream.next(); // errors before the first delta can still be proper HTTP errors
  } catch (error) {
    await recordFailure(turn, { input, backendMs: performance.now() - t0 }, error);
    throw error;
  }
  startSse(res);
  const model = backend.info().model;
  const send = (content: string) =>
    sendEvent(res, chunk({ id: turn.decisionId, model, delta: { content }, finishReason: null }));
  await sendEvent(
    res,
    chunk({
      id: turn.decisionId,
      model,
      delta: { role: 'assistant', content: '' },
      finishReason: null,
    }),
  );
  const releaser = releaserFor(turn);
  let step: GuardStep = { kind: 'release', text: '' };
  try {
    while (!next.done) {
      step = await releaser.push(next.value);
      if (step.kind === 'block') break;
      if (step.text !== '') await send(step.text);
      next = await stream.next();
    }
    if (step.kind !== 'block') step = await releaser.finish();
  } catch (error) {
    await recordFailure(
      turn,
      { input, output: releaser.output(false), backendMs: performance.now() - t0 },
      error,
    );
    await failStream(turn, error);
    return;
  }
  const result = next.done ? next.value : undefined;
  let calls: ToolCallOutcome | undefined;
  try {
    // Held back until the stream ended and then scanned whole: no fragment leaves unscanned.
    if (step.kind !== 'block' && result && hasCalls(result))
      calls = await guardToolCalls(turn.caller.policy, result, ctxOf(turn));
  } catch (error) {
    await recordFailure(turn, { input, backendMs: performance.now() - t0 }, error);
    await failStream(turn, error);
    return;
  }
  const blocked = step.kind === 'block' || calls?.blocked === true;
  if (step.kind === 'block') {
    turn.stopBackend('reply blocked by the output policy');
    void stream.return(undefined as never).catch(() => undefined);
  }
  const reply: Reply = {
    input,
    output: withCalls(releaser.output(true), calls),
    backendMs: performance.now() - t0,
    ...(result ? { result } : {}),
  };
  try {
    // The last segment waits for the record: if the store is down, it is never released.
    await recordOrFail(turn.deps, eventFor(turn, reply, 'ok'));
  } catch (error) {
    await failStream(turn, error);
    return;
  }
  if (step.kind === 'release' && step.text !== '') await send(step.text);
  if (blocked) await send(turn.caller.policy.refusal);
  else if (calls)
    await sendEvent(
      res,
      chunk({ id: turn.decisionId, model, delta: callsDelta(calls.forUser), finishReason: null }),
    );
  const action = strongest([input.stage.action, reply.output?.stage.action ?? 'allow']);
  const parapet = parapetField(turn.decisionId, action, turn.caller.policy.mode, [
    input.stage,
    reply.output?.stage,
  ]);
  const finishReason = blocked ? 'content_filter' : (result?.finishReason ?? 'stop');
  await sendEvent(res, chunk({ id: turn.decisionId, model, delta: {}, finishReason, parapet }));
  if (turn.body.includeUsage)
    await sendEvent(
      res,
      usageChunk({ id: turn.decisionId, model, usage: usageShape(result?.usage) }),
    );
  endSse(res);
}
