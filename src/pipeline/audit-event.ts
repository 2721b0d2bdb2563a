/**
 * Builds the one AuditEvent of a request from the stage results: redacted text only, and no
 * text at all of a stage whose redaction failed (stored-text.ts).
 */
import { randomUUID } from 'node:crypto';
import type { AuditEvent, RuleOutcome, StreamCoverage, StreamRelease } from '../audit/types.js';
import type { ChatMessage, Usage } from '../backends/types.js';
import type { Policy } from '../policy/types.js';
import { strongest } from '../contract/decide.js';
import type { StageResult } from './stage-result.js';
import { storable } from './stored-text.js';

export function newDecisionId(): string {
  return `dec_${randomUUID().replaceAll('-', '')}`;
}

export function ruleOutcomes(stage: StageResult): RuleOutcome[] {
  return stage.rules.map((r) => ({
    rule: r.rule.id,
    scanner: r.rule.scanner,
    scannerVersion: r.rule.scannerVersion,
    stage: stage.stage,
    score: r.score,
    threshold: r.rule.thresholds ?? r.rule.threshold,
    ruleAction: r.rule.action,
    action: r.action,
    findings: r.findings.map((f) => ({
      kind: f.kind,
      score: f.score,
      message: f.message,
      ...(f.span ? { start: f.span.start, end: f.span.end } : {}),
    })),
    durationMs: round(r.durationMs),
    cached: r.cached,
    ...(r.error ? { error: r.error } : {}),
    ...(r.skipped ? { skipped: true as const } : {}),
    ...(r.unsupportedLanguage ? { unsupportedLanguage: r.unsupportedLanguage } : {}),
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
}

export function buildAuditEvent(p: EventParts): AuditEvent {
  const action = strongest([p.input.stage.action, p.output?.stage.action ?? 'allow']);
  const rules = [...ruleOutcomes(p.input.stage), ...(p.output ? ruleOutcomes(p.output.stage) : [])];
  return {
    id: p.id,
    requestId: p.requestId,
    time: new Date().toISOString(),
    route: p.route,
    product: p.policy.product,
    keyId: p.keyId,
    policyVersion: p.policy.version,
    policySha256: p.policy.sha256,
    mode: p.policy.mode,
    action,
    enforced: p.policy.mode === 'enforce',
    // A stronger action (redact) must not hide a language flag either.
    flagged:
      rules.some((r) => r.action === 'flag') ||
      (p.policy.unsupportedLanguage === 'flag' && rules.some((r) => r.unsupportedLanguage)),
    rules,
    input: {
      messages: p.input.messages.map((m) => ({
        role: m.role,
        content: storable(p.input.stage, m.content),
      })),
      action: p.input.stage.action,
    },
    output: p.output
      ? {
          text: storable(p.output.stage, p.output.text),
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

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
