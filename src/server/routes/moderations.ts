/**
 * POST /v1/moderations, compatible with OpenAI's: existing moderation clients point their
 * baseURL at the gateway and get the product's input policy as their moderation model. Needs
 * no chat backend (unless the policy has an llm-judge rule, which then fails closed).
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { GatewayError } from '../../errors.js';
import { buildAuditEvent, newDecisionId } from '../../pipeline/audit-event.js';
import { runStage } from '../../pipeline/run-stage.js';
import { Vault } from '../../redaction/vault.js';
import { recordOrFail } from '../audit-writer.js';
import type { Deps } from '../deps.js';
import { mergeStages, moderationResult } from '../moderation-result.js';
import { caller, requestId } from '../request-context.js';

/** Echoed when the client names no model; any name is accepted, as on /v1/chat/completions. */
const DEFAULT_MODEL = 'parapet-moderation';
const SCAN_DEADLINE_MS = 60_000;

const ModerationBody = z
  .object({
    input: z.union([z.string(), z.array(z.string()).min(1)], {
      error: 'give a string or a non-empty array of strings',
    }),
    model: z.string().min(1).optional(),
  })
  .strict();

function parse(body: unknown, maxInputs: number) {
  const parsed = ModerationBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new GatewayError('invalid_request', {
      detail: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    });
  }
  const inputs = typeof parsed.data.input === 'string' ? [parsed.data.input] : parsed.data.input;
  if (inputs.length > maxInputs) {
    throw new GatewayError('invalid_request', { detail: `input: at most ${maxInputs} items` });
  }
  return { inputs, model: parsed.data.model ?? DEFAULT_MODEL };
}

export function moderations(deps: Deps) {
  return async (req: Request, res: Response): Promise<void> => {
    const started = performance.now();
    const { inputs, model } = parse(req.body, deps.config.max_messages);
    const { policy, keyId } = caller(res);
    // Every input is scanned, whatever the policy's scan_roles: moderation input has no roles.
    const ctx = {
      vault: new Vault(),
      cache: deps.cache,
      signal: AbortSignal.timeout(SCAN_DEADLINE_MS),
    };
    const runs = await Promise.all(
      inputs.map((text, index) => runStage(policy, 'input', [{ index, text }], ctx)),
    );
    const stage = mergeStages('input', runs, performance.now() - started);
    const decisionId = newDecisionId();
    const event = buildAuditEvent({
      id: decisionId,
      requestId: requestId(res),
      route: 'moderation',
      policy,
      keyId,
      input: { stage, messages: stage.texts.map((t) => ({ role: 'user', content: t.text })) },
      stream: false,
      totalMs: performance.now() - started,
      outcome: 'ok',
    });
    await recordOrFail(deps, event);
    const enforce = policy.mode === 'enforce';
    res.json({
      id: `modr-${decisionId.slice('dec_'.length)}`,
      model,
      results: runs.map((run) => moderationResult(run, enforce)),
      parapet: {
        decision_id: decisionId,
        action: stage.action,
        mode: policy.mode,
        enforced: enforce,
      },
    });
  };
}
