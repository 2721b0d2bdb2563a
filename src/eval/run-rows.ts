/**
 * Runs one dataset row through a policy's stage exactly as the gateway would: guardInput with
 * the text as one user message, or guardOutput with it as the reply. Each row gets a fresh vault
 * and scan cache, so a text that repeats in a dataset is scanned again and latency is not faked.
 */
import { guardInput, guardOutput } from '../pipeline/chat-stages.js';
import { resolveOverlaps, type Redaction } from '../redaction/redact.js';
import { clampResult, qualifies } from '../pipeline/run-stage.js';
import type { RuleResult, StageResult } from '../pipeline/stage-result.js';
import { ScanCache } from '../pipeline/scan-cache.js';
import { runWithTimeout } from '../pipeline/timeout.js';
import type { Action, ScanResult, Stage } from '../contract/types.js';
import { Vault } from '../redaction/vault.js';
import type { Policy, Rule } from '../policy/types.js';

export interface StageRun {
  readonly stage: StageResult;
  readonly ms: number;
}

export async function runRowStage(
  policy: Policy,
  stage: Stage,
  text: string,
  signal: AbortSignal,
): Promise<StageRun> {
  const rules = stage === 'input' ? policy.input : policy.output;
  const ctx = { vault: new Vault(), cache: new ScanCache(Math.max(1, rules.length)), signal };
  const started = performance.now();
  const result =
    stage === 'input'
      ? (await guardInput(policy, [{ role: 'user', content: text }], ctx)).stage
      : (await guardOutput(policy, text, ctx)).stage;
  return { stage: result, ms: performance.now() - started };
}

/** The actions counted as "flagged": block, and flag too with --count-flag. */
export function countedActions(countFlag: boolean): ReadonlySet<Action> {
  return new Set<Action>(countFlag ? ['block', 'flag'] : ['block']);
}

/**
 * A rule's part in the row score: its scanner score when its own action is counted; 1 when it
 * reached a counted action another way (scanner failure with on_error, or a redact rule that
 * fired without spans and was escalated to block), as that row is flagged whatever it scored.
 */
export function ruleScore(result: RuleResult, counted: ReadonlySet<Action>): number {
  const reachedOtherwise = result.error !== undefined || !counted.has(result.rule.action);
  if (counted.has(result.action) && reachedOtherwise) return 1;
  return counted.has(result.rule.action) ? result.score : 0;
}

export interface ClassifyOutcome {
  readonly flagged: boolean;
  readonly score: number;
  readonly ruleScores: Readonly<Record<string, number>>;
  readonly error: boolean;
}

export function classifyOutcome(result: StageResult, countFlag: boolean): ClassifyOutcome {
  const counted = countedActions(countFlag);
  const ruleScores: Record<string, number> = {};
  for (const r of result.rules) {
    if (counted.has(r.rule.action)) ruleScores[r.rule.id] = ruleScore(r, counted);
  }
  return {
    flagged: counted.has(result.action),
    score: Math.max(0, ...result.rules.map((r) => ruleScore(r, counted))),
    ruleScores,
    error: result.rules.some((r) => r.error !== undefined),
  };
}

/** As run-stage judges a rule, but keeping the spans in the original text. */
function firedSpans(rule: Rule, raw: ScanResult): Redaction[] {
  const result = clampResult(raw);
  const findings = result.findings.filter((f) => qualifies(rule, f));
  const fired = rule.thresholds ? findings.length > 0 : result.score >= rule.threshold;
  if (!fired) return [];
  return findings.flatMap((f) => (f.span ? [{ kind: f.kind, score: f.score, span: f.span }] : []));
}

/**
 * The spans these rules would redact in the original text: each rule's qualifying findings when
 * it fires, overlaps resolved as redact() resolves them. A rule that fails predicts nothing.
 */
export async function predictSpans(
  rules: readonly Rule[],
  stage: Stage,
  text: string,
  signal: AbortSignal,
): Promise<{ spans: Redaction[]; errors: number }> {
  const outcomes = await Promise.all(
    rules.map((rule) =>
      runWithTimeout((s) => rule.scan({ text, stage, signal: s }), rule.timeoutMs, signal).then(
        (outcome) => ({ rule, outcome }),
      ),
    ),
  );
  const spans: Redaction[] = [];
  let errors = 0;
  for (const { rule, outcome } of outcomes) {
    if (outcome.ok) spans.push(...firedSpans(rule, outcome.value));
    else errors++;
  }
  return { spans: resolveOverlaps(spans), errors };
}
