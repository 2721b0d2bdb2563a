/**
 * POST /v1/guard: the gateway as a guard service. Scans text or messages against the caller's
 * policy without generating, records the decision, and returns the redacted text and findings.
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import { buildAuditEvent, newDecisionId } from '../../pipeline/audit-event.js';
import { guardInput, guardOutput } from '../../pipeline/chat-stages.js';
import type { StageResult } from '../../pipeline/stage-result.js';
import { Vault } from '../../redaction/vault.js';
import { recordOrFail } from '../audit-writer.js';
import type { Deps } from '../deps.js';
import { parapetField } from '../openai-shapes.js';
import { caller, requestId } from '../request-context.js';

const GuardMessage = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string(),
});

const GuardBody = z
  .object({
    text: z.string().optional(),
    messages: z.array(GuardMessage).min(1).optional(),
    stage: z.enum(['input', 'output']).default('input'),
  })
  .strict()
  .refine((b) => (b.text === undefined) !== (b.messages === undefined), {
    error: 'give exactly one of text or messages',
  })
  .refine((b) => b.stage === 'input' || b.messages === undefined, {
    error: 'the output stage takes text',
  });

function findingsOf(stage: StageResult) {
  return stage.rules.flatMap((r) =>
    r.findings.map((f) => ({
      scanner: r.rule.scanner,
      rule: r.rule.id,
      kind: f.kind,
      score: f.score,
      ...(f.message >= 0 ? { message: f.message } : {}),
      ...(f.span ? { start: f.span.start, end: f.span.end } : {}),
    })),
  );
}

export function guard(deps: Deps) {
  return async (req: Request, res: Response): Promise<void> => {
    const started = performance.now();
    const parsed = GuardBody.safeParse(req.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new GatewayError('invalid_request', {
        detail: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
      });
    }
    const body = parsed.data;
    if (body.messages && body.messages.length > deps.config.max_messages) {
      throw new GatewayError('invalid_request', {
        detail: `messages: at most ${deps.config.max_messages}`,
      });
    }
    const { policy, keyId } = caller(res);
    const ctx = { vault: new Vault(), cache: deps.cache, signal: AbortSignal.timeout(60_000) };
    const decisionId = newDecisionId();
    const messages = body.messages ?? [{ role: 'user' as const, content: body.text ?? '' }];
    const isOutput = body.stage === 'output';
    const input = await guardInput(policy, isOutput ? [] : messages, ctx);
    const output = isOutput ? await guardOutput(policy, body.text ?? '', ctx) : undefined;
    const stage = output?.stage ?? input.stage;
    const event = buildAuditEvent({
      id: decisionId,
      requestId: requestId(res),
      route: 'guard',
      policy,
      keyId,
      input: { stage: input.stage, messages: input.stored },
      ...(output
        ? { output: { stage: output.stage, text: output.redacted, coverage: 'scanned' as const } }
        : {}),
      stream: false,
      totalMs: performance.now() - started,
      outcome: 'ok',
      ...(input.response
        ? { response: { rule: input.response.rule, applied: input.answered } }
        : {}),
    });
    await recordOrFail(deps, event);
    const redactedText = output
      ? output.redacted
      : body.text !== undefined
        ? (input.redacted[0]?.content ?? '')
        : undefined;
    res.json({
      decision_id: decisionId,
      action: stage.action,
      mode: policy.mode,
      enforced: policy.mode === 'enforce',
      ...(redactedText !== undefined
        ? { text: redactedText }
        : { messages: input.redacted.map((m) => ({ role: m.role, content: m.content })) }),
      findings: findingsOf(stage),
      // The policy's own answer for the caller to show instead of generating (enforce only).
      ...(input.answered && input.response
        ? { response: { rule: input.response.rule, text: input.response.text } }
        : {}),
      rules: parapetField(decisionId, stage.action, policy.mode, [stage]).rules,
    });
  };
}
