/**
 * Runs one dataset row through a policy's stage exactly as the gateway would: guardInput with
 * the text as one user message, or guardOutput with it as the reply. Each row gets a fresh vault
 * and scan cache, so a text that repeats in a dataset is scanned again and latency is not faked.
 */
import { guardInput, guardOutput } from '../pipeline/chat-stages.js';
import { resolveOverlaps } from '../redaction/redact.js';
import { runStage } from '../pipeline/run-stage.js';
import type { RuleResult, StageResult } from '../pipeline/stage-result.js';
import { ScanCache } from '../pipeline/scan-cache.js';
import type { Action, Span, Stage } from '../contract/types.js';
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
 * Whether a rule takes part in the row's outcome: its action is a counted one, or it is the
 * rule whose `response` answered the request. An answered request never reaches the model (the
 * user gets the policy owner's own message, e.g. the self-harm rule's help lines), so it is
 * caught whatever that rule's action says, and a benign row answered so is a false positive
 * (docs/decisions.md#what-eval-counts-as-caught).
 */
export function countsForRow(
  stage: StageResult,
  result: RuleResult,
  counted: ReadonlySet<Action>,
): boolean {
  return counted.has(result.rule.action) || answeredBy(stage, result);
}

const answeredBy = (stage: StageResult, result: RuleResult) =>
  stage.response !== undefined && stage.response.rule === result.rule.id;

/**
 * A rule's part in the row score: its scanner score when its own action is counted or it
 * answered the request; 1 when it reached a counted action another way (scanner failure with
 * on_error, or a redact rule that fired without spans and was escalated to block), as that row
 * is flagged whatever it scored.
 */
export function ruleScore(
  result: RuleResult,
  counted: ReadonlySet<Action>,
  answered = false,
): number {
  if (answered) return result.score;
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
  const scoreOf = (r: RuleResult) => ruleScore(r, counted, answeredBy(result, r));
  const ruleScores: Record<string, number> = {};
  for (const r of result.rules) {
    if (countsForRow(result, r, counted)) ruleScores[r.rule.id] = scoreOf(r);
  }
  return {
    flagged: counted.has(result.action) || result.response !== undefined,
    score: Math.max(0, ...result.rules.map(scoreOf)),
    ruleScores,
    error: result.rules.some((r) => r.error !== undefined),
  };
}

/**
 * The spans a stage predicts on the original text, from the engine's own results. `redact`: what
 * the stage redacted (its redact rules that fired, overlaps resolved by redact()). `localizing`:
 * the qualifying findings of the given rules when they fired — used for one scanner measured
 * alone, a one-rule policy with action block, which redacts nothing, so its finding spans are
 * offsets in the original text.
 */
export function predictedSpans(
  result: StageResult,
  mode: 'redact' | 'localizing',
  rules: readonly Rule[],
): { readonly kind: string; readonly span: Span }[] {
  if (mode === 'redact') {
    return result.texts.flatMap((t) =>
      (t.redactions ?? []).map((r) => ({ kind: r.kind, span: r.from })),
    );
  }
  if (result.texts.some((t) => t.redactions?.length)) {
    // Finding spans then point into the redacted text, not the original.
    throw new Error('localizing span predictions need a stage that redacted nothing');
  }
  const ids = new Set(rules.map((r) => r.id));
  const fired = result.rules.filter((r) => ids.has(r.rule.id) && r.fired && !r.error);
  return resolveOverlaps(
    fired.flatMap((r) =>
      r.findings.flatMap((f) => (f.span ? [{ kind: f.kind, score: f.score, span: f.span }] : [])),
    ),
  );
}

/**
 * Whether one rule fires on a text, as the gateway judges it: the rule alone through runStage,
 * with the caller's deadline instead of its own timeout (this measures what the rule decides,
 * not how fast). A failure throws, as a measurement must not count it as a catch; so does a
 * cascade rule (`when`), which cannot run without the rule it follows.
 */
export async function ruleFires(rule: Rule, text: string, timeoutMs: number): Promise<boolean> {
  const alone = {
    input: [{ ...rule, timeoutMs }],
    output: [],
    // The language gate adds its action without the scanner firing: not what is measured here.
    unsupportedLanguage: 'allow' as const,
  };
  const ctx = { vault: new Vault(), cache: new ScanCache(1), signal: new AbortController().signal };
  const stage = await runStage(alone, 'input', [{ index: 0, text }], ctx);
  const result = stage.rules[0];
  if (!result || result.error) {
    throw new Error(`rule ${rule.id} failed: ${result?.error ?? 'no result'}`);
  }
  return result.fired;
}
