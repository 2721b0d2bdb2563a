/**
 * Builds the one AuditEvent of a request from the stage results: redacted text only, no text
 * at all of a stage whose redaction failed (stored-text.ts), and none of a decision the
 * policy's `audit.text` does not keep. Format 2: rule outcomes leave their defaults out (score
 * 0, no findings, not cached), which halves an allowed chat's event (npm run bench:audit-size).
 */
import { randomUUID } from 'node:crypto';
import {
  AUDIT_EVENT_FORMAT,
  type AuditEvent,
  type RuleOutcome,
  type StreamCoverage,
  type StoredCall,
  type StreamRelease,
} from '../audit/types.js';
import type { ChatMessage, Usage } from '../backends/types.js';
import type { Policy } from '../policy/types.js';
import { strongest } from '../contract/decide.js';
import type { StageResult } from './stage-result.js';
import { storable } from './stored-text.js';
import { functionsOf, hasCalls, messageCalls, type Calls } from './tool-arguments.js';

export function newDecisionId(): string {
  return `dec_${randomUUID().replaceAll('-', '')}`;
}

type Ran = StageResult['rules'][number];

/** Allow, score 0, no findings, no error, ran: stored without its configuration (format 2). */
function quiet(r: Ran): boolean {
  return (
    r.action === 'allow' &&
    r.score === 0 &&
    r.findings.length === 0 &&
    r.error === undefined &&
    !r.skipped &&
    !r.unsupportedLanguage
  );
}

export function ruleOutcomes(stage: StageResult): RuleOutcome[] {
  return stage.rules.map((r) => ({
    rule: r.rule.id,
    scanner: r.rule.scanner,
    stage: stage.stage,
    ...(quiet(r)
      ? {}
      : {
          scannerVersion: r.rule.scannerVersion,
          threshold: r.rule.thresholds ?? r.rule.threshold,
          ruleAction: r.rule.action,
        }),
    ...(r.score === 0 ? {} : { score: r.score }),
    action: r.action,
    ...(r.findings.length === 0
      ? {}
      : {
          findings: r.findings.map((f) => ({
            kind: f.kind,
            score: f.score,
            message: f.message,
            ...(f.span ? { start: f.span.start, end: f.span.end } : {}),
          })),
        }),
    durationMs: round(r.durationMs),
    ...(r.cached ? { cached: true } : {}),
    ...(r.error ? { error: r.error } : {}),
    ...(r.skipped ? { skipped: true as const } : {}),
    ...(r.unsupportedLanguage ? { unsupportedLanguage: r.unsupportedLanguage } : {}),
    ...(r.supersededBy ? { supersededBy: r.supersededBy } : {}),
    ...(r.adapted
      ? { adapted: { score: Math.round(r.adapted.score * 1e4) / 1e4, fired: r.adapted.fired } }
      : {}),
  }));
}

export interface EventParts {
  readonly id: string;
  readonly requestId: string;
  readonly route: AuditEvent['route'];
  readonly policy: Policy;
  readonly keyId: string | null;
  readonly input: { readonly stage: StageResult; readonly messages: readonly ChatMessage[] };
  readonly output?: {
    readonly stage: StageResult;
    readonly text: string;
    readonly coverage: StreamCoverage;
    readonly stream?: StreamRelease;
    readonly toolCalls?: Calls;
  };
  readonly stream: boolean;
  readonly backend?: {
    readonly kind: string;
    readonly model: string;
    readonly ms: number;
    readonly usage?: Usage;
  };
  readonly totalMs: number;
  readonly outcome: string;
  /** The input stage's response rule, if one fired (rule-response.ts). */
  readonly response?: { readonly rule: string; readonly applied: boolean };
}

export function buildAuditEvent(p: EventParts): AuditEvent {
  const action = strongest([p.input.stage.action, p.output?.stage.action ?? 'allow']);
  const rules = [...ruleOutcomes(p.input.stage), ...(p.output ? ruleOutcomes(p.output.stage) : [])];
  // A stronger action (redact) must not hide a language flag either.
  const flagged =
    rules.some((r) => r.action === 'flag') ||
    (p.policy.unsupportedLanguage === 'flag' && rules.some((r) => r.unsupportedLanguage));
  const keep = keepsText(p.policy.audit.text, action, flagged);
  return {
    format: AUDIT_EVENT_FORMAT,
    id: p.id,
    requestId: p.requestId,
    time: new Date().toISOString(),
    route: p.route,
    product: p.policy.product,
    keyId: p.keyId,
    policyVersion: p.policy.version,
    policySha256: p.policy.sha256,
    ...(p.policy.adapter ? { adapter: { ...p.policy.adapter } } : {}),
    mode: p.policy.mode,
    action,
    enforced: p.policy.mode === 'enforce',
    flagged,
    rules,
    ...(p.response ? { response: p.response } : {}),
    ...(keep ? {} : { textOmitted: p.policy.audit.text as 'flagged_only' | 'none' }),
    input: {
      messages: p.input.messages.map((m) => {
        const calls = storedCalls(messageCalls(m), keep, p.input.stage);
        return {
          role: m.role,
          ...(keep ? { content: storable(p.input.stage, m.content) } : {}),
          ...(calls ? { toolCalls: calls } : {}),
        };
      }),
      action: p.input.stage.action,
    },
    output: p.output
      ? {
          ...(keep ? { text: storable(p.output.stage, p.output.text) } : {}),
          ...storedOutputCalls(p.output, keep),
          action: p.output.stage.action,
          coverage: p.output.coverage,
          ...(p.output.stream ? { stream: p.output.stream } : {}),
        }
      : null,
    stream: p.stream,
    backend: p.backend ? { kind: p.backend.kind, model: p.backend.model } : null,
    usage: p.backend?.usage ?? null,
    latencyMs: {
      input: round(p.input.stage.durationMs),
      backend: p.backend ? round(p.backend.ms) : null,
      output: p.output ? round(p.output.stage.durationMs) : null,
      total: round(p.totalMs),
    },
    outcome: p.outcome,
  };
}

function storedOutputCalls(
  output: NonNullable<EventParts['output']>,
  keep: boolean,
): { toolCalls?: StoredCall[] } {
  const calls = output.toolCalls && storedCalls(output.toolCalls, keep, output.stage);
  return calls ? { toolCalls: calls } : {};
}

/** Names always (the product's own schema); arguments only with the texts, and redacted. */
function storedCalls(calls: Calls, keep: boolean, stage: StageResult): StoredCall[] | undefined {
  if (!hasCalls(calls)) return undefined;
  return functionsOf(calls).map((fn) =>
    keep ? { name: fn.name, arguments: storable(stage, fn.arguments) } : { name: fn.name },
  );
}

/**
 * `flagged_only` keeps the texts a reviewer is sent to by a rule: blocked (also in shadow mode,
 * where `action` is the computed one) or flagged decisions. Redacted ones are not kept: what
 * reached the model was already cleaned, and that is the everyday traffic a privacy-minded
 * product wants gone.
 */
export function keepsText(
  setting: 'all' | 'flagged_only' | 'none',
  action: AuditEvent['action'],
  flagged: boolean,
): boolean {
  if (setting === 'all') return true;
  if (setting === 'none') return false;
  return flagged || action === 'block' || action === 'flag';
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
