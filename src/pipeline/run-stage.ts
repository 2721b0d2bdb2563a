/**
 * Runs one stage: every rule's scanner on every text in parallel, each with its own timeout,
 * then evaluates thresholds and redacts. A scanner that throws or hangs does not fail the
 * request: its rule takes its `on_error` action (block by default: fail closed).
 */
import type { Rule, UnsupportedLanguage } from '../policy/types.js';
import { inBand, runInDependencyOrder } from './cascade.js';
import { decide } from '../contract/decide.js';
import { detectLanguages, gateLanguage } from './language-gate.js';
import { redact, type Redaction } from '../redaction/redact.js';
import { ScanCache } from './scan-cache.js';
import type { LocatedFinding, RuleResult, StageResult, StageText } from './stage-result.js';
import type { Action, Finding, ScanResult, Span, Stage } from '../contract/types.js';
import type { Vault } from '../redaction/vault.js';
import { runWithTimeout } from './timeout.js';

export interface RunStageOptions {
  readonly stage: Stage;
  readonly rules: readonly Rule[];
  readonly texts: readonly StageText[];
  readonly vault: Vault;
  readonly cache: ScanCache;
  readonly signal: AbortSignal;
  /** The policy's `unsupported_language`; the policy default (flag) when absent. */
  readonly unsupportedLanguage?: UnsupportedLanguage;
}

interface Scanned {
  readonly text: StageText;
  readonly result?: ScanResult;
  readonly error?: 'scanner_failed' | 'scanner_timeout';
  readonly cached: boolean;
  /** Outside the rule's `when` band: not scanned. */
  readonly skipped?: true;
}

interface RuleScans {
  readonly rule: Rule;
  readonly scans: readonly Scanned[];
  readonly durationMs: number;
}

export async function runStage(options: RunStageOptions): Promise<StageResult> {
  const started = performance.now();
  const perRule = await runInDependencyOrder(
    options.rules,
    (rule, dependency: RuleScans | null | undefined) => scanRule(rule, options, dependency),
  );
  const languages = detectLanguages(options.rules, options.texts);
  const evaluated = perRule.map(({ rule, scans, durationMs }) => {
    const { result, redactions } = evaluate(rule, scans, durationMs);
    const scanned = scans.filter((s) => !s.skipped).map((s) => s.text.index);
    const setting = options.unsupportedLanguage ?? 'flag';
    return { result: gateLanguage(result, scanned, languages, setting), redactions };
  });
  const { texts, mappers } = applyRedactions(options, evaluated);
  const rules = evaluated.map((r) => ({
    ...r.result,
    findings: r.result.findings.map((f) =>
      f.span ? { ...f, span: mappers.get(f.message)?.(f.span) ?? f.span } : f,
    ),
  }));
  return {
    stage: options.stage,
    action: decide(rules),
    rules,
    texts,
    durationMs: performance.now() - started,
  };
}

/** `dependency`: the scans of the rule named by `when` (null: it cannot be had, fail closed). */
async function scanRule(
  rule: Rule,
  options: RunStageOptions,
  dependency?: RuleScans | null,
): Promise<RuleScans> {
  const started = performance.now();
  const scans = await Promise.all(
    options.texts.map(async (text): Promise<Scanned> => {
      if (dependency === null) return { text, error: 'scanner_failed', cached: false };
      if (rule.when && dependency) {
        const gate = dependency.scans.find((s) => s.text.index === text.index)?.result;
        if (!gate || !inBand(rule.when, gate.score)) return { text, cached: false, skipped: true };
      }
      return scanOne(rule, text, options);
    }),
  );
  return { rule, scans, durationMs: performance.now() - started };
}

async function scanOne(rule: Rule, text: StageText, options: RunStageOptions): Promise<Scanned> {
  const key = ScanCache.key(rule.cacheKey, options.stage, text.text);
  const hit = options.cache.get(key);
  if (hit) return { text, result: hit, cached: true };
  const outcome = await runWithTimeout(
    (signal) => rule.scan({ text: text.text, stage: options.stage, signal }),
    rule.timeoutMs,
    options.signal,
  );
  if (outcome.ok) {
    const result = clampResult(outcome.value);
    options.cache.set(key, result);
    return { text, result, cached: false };
  }
  options.signal.throwIfAborted(); // the request itself went away: not the scanner's failure
  return { text, error: outcome.timedOut ? 'scanner_timeout' : 'scanner_failed', cached: false };
}

/** A scanner bug must not turn into a silent pass: NaN or out-of-range scores count as 1. */
export function clampResult(result: ScanResult): ScanResult {
  const clamp = (s: number) => (Number.isFinite(s) ? Math.min(1, Math.max(0, s)) : 1);
  return {
    score: clamp(result.score),
    findings: result.findings.map((f) => ({ ...f, score: clamp(f.score) })),
  };
}

/** A finding counts for a rule when it reaches the rule's (per-kind) threshold. */
export function qualifies(rule: Rule, finding: Finding): boolean {
  if (rule.thresholds) {
    const t = rule.thresholds[finding.kind];
    return t !== undefined && finding.score >= t;
  }
  return finding.score >= rule.threshold;
}

interface Evaluated {
  readonly result: RuleResult;
  /** Spans this rule asks to redact, per text index. */
  readonly redactions: readonly (Redaction & { message: number })[];
}

function evaluate(rule: Rule, scans: readonly Scanned[], durationMs: number): Evaluated {
  if (scans.length > 0 && scans.every((s) => s.skipped)) {
    const result = { rule, score: 0, fired: false, action: 'allow' as const, findings: [] };
    return { result: { ...result, durationMs, cached: false, skipped: true }, redactions: [] };
  }
  const failed = scans.find((s) => s.error);
  const score = Math.max(0, ...scans.map((s) => s.result?.score ?? 0));
  const findings = scans.flatMap((s) =>
    (s.result?.findings ?? [])
      .filter((f) => qualifies(rule, f))
      .map((f) => ({ ...f, message: s.text.index })),
  );
  const cached = scans.length > 0 && scans.every((s) => s.cached);
  const measured = scans.flatMap((s) =>
    (s.result?.findings ?? []).map((f) => ({
      kind: f.kind,
      score: f.score,
      message: s.text.index,
    })),
  );
  if (failed?.error) {
    // An `allow` rule only measures: its failure cannot have approved anything, so no on_error.
    const action: Action = rule.action === 'allow' ? 'allow' : rule.onError;
    const result = {
      rule,
      score,
      fired: action !== 'allow',
      action,
      findings,
      durationMs,
      cached,
      error: failed.error,
    };
    return { result, redactions: [] };
  }
  const fired = rule.thresholds ? findings.length > 0 : score >= rule.threshold;
  const spans = findings.filter((f): f is LocatedFinding & { span: Span } => f.span !== undefined);
  // A redact rule that fired but cannot say where must not pass the text on: block instead.
  const action: Action = !fired
    ? 'allow'
    : rule.action === 'redact' && spans.length === 0
      ? 'block'
      : rule.action;
  const redactions =
    action === 'redact'
      ? spans.map((f) => ({
          kind: f.kind,
          score: f.score,
          span: f.span,
          message: f.message,
          ...(rule.operators ? { operator: rule.operators.forKind(f.kind) } : {}),
        }))
      : [];
  const result = { rule, score, fired, action, findings, measured, durationMs, cached };
  return { result, redactions };
}

function applyRedactions(options: RunStageOptions, evaluated: readonly Evaluated[]) {
  const mappers = new Map<number, (span: Span) => Span>();
  const texts = options.texts.map((t) => {
    const candidates = evaluated.flatMap((e) => e.redactions.filter((r) => r.message === t.index));
    if (candidates.length === 0) return t;
    const redacted = redact(t.text, candidates, options.vault, {
      restorable: options.stage === 'input',
    });
    mappers.set(t.index, redacted.mapSpan);
    const redactions = redacted.applied.map((a) => ({
      kind: a.kind,
      from: a.from,
      placeholder: redacted.text.slice(a.to.start, a.to.end),
    }));
    return { index: t.index, text: redacted.text, redactions };
  });
  return { texts, mappers };
}
