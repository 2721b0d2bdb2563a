/**
 * The one entry point of a stage: every rule's scanner on every text in parallel, each with its
 * own timeout, then thresholds (rule-outcome.ts), the language gate and redaction. Chat,
 * streaming, moderations, guard, `parapet check` and `parapet eval` all call runStage. A scanner
 * that throws or hangs does not fail the request: its rule takes its `on_error` action (block
 * by default: fail closed).
 */
import { decide } from '../contract/decide.js';
import type { TextViews } from '../contract/text-views.js';
import type { Span, Stage } from '../contract/types.js';
import type { Policy, Rule } from '../policy/types.js';
import { redact } from '../redaction/redact.js';
import type { Vault } from '../redaction/vault.js';
import { createTextViews } from '../text/views.js';
import { inBand, runInDependencyOrder } from './cascade.js';
import { gateLanguage, rankedLanguagesOf } from './language-gate.js';
import { applySupersedes, firedResponse } from './rule-response.js';
import { clampResult, ruleOutcome, type RuleOutcome, type Scanned } from './rule-outcome.js';
import { ScanCache } from './scan-cache.js';
import type { StageResult, StageText } from './stage-result.js';
import { Deadlines } from './timeout.js';

/** What a stage reads of a policy: its rules for the stage and its `unsupported_language`. */
export type StagePolicy = Pick<Policy, 'input' | 'output' | 'unsupportedLanguage'>;

/** What a stage needs besides the policy and the texts: request state, handed in. */
export interface StageContext {
  readonly vault: Vault;
  readonly cache: ScanCache;
  readonly signal: AbortSignal;
}

/** A stage text with its views, built once and read by every rule and the language gate. */
interface ViewedText extends StageText {
  readonly views: TextViews;
}

interface RuleScans {
  readonly rule: Rule;
  readonly scans: readonly Scanned[];
  readonly durationMs: number;
}

interface Run {
  readonly stage: Stage;
  readonly texts: readonly ViewedText[];
  readonly ctx: StageContext;
  readonly deadlines: Deadlines;
}

export async function runStage(
  policy: StagePolicy,
  stage: Stage,
  texts: readonly StageText[],
  ctx: StageContext,
): Promise<StageResult> {
  const started = performance.now();
  const rules = stage === 'input' ? policy.input : policy.output;
  const run: Run = {
    stage,
    texts: texts.map((t) => ({ ...t, views: createTextViews(t.text) })),
    ctx,
    deadlines: new Deadlines(ctx.signal),
  };
  // Ranked while the rules scan, off this thread where the cache can (never rejects).
  const languages = rankedLanguagesOf(run.texts, rules, ctx.cache, ctx.signal);
  const perRule = await runInDependencyOrder(
    rules,
    (rule, dependency: RuleScans | null | undefined) => scanRule(rule, run, dependency),
  );
  const languageOf = await languages;
  const outcomes = perRule.map(({ rule, scans, durationMs }) => {
    const { result, redactions } = ruleOutcome(rule, scans, durationMs);
    const scanned = scans.filter((s) => !s.skipped).map((s) => s.index);
    const gated = gateLanguage(result, scanned, languageOf, policy.unsupportedLanguage);
    return { result: gated, redactions };
  });
  const { redacted, mappers } = applyRedactions(stage, texts, outcomes, ctx.vault);
  const located = outcomes.map((r) => ({
    ...r.result,
    findings: r.result.findings.map((f) =>
      f.span ? { ...f, span: mappers.get(f.message)?.(f.span) ?? f.span } : f,
    ),
  }));
  // The end user's own texts: a response answers (and supersedes) only for what they wrote.
  const userTexts = new Set(
    texts.filter((t) => t.fromUser !== false && !t.redactOnly).map((t) => t.index),
  );
  const results = applySupersedes(located, userTexts);
  const response = stage === 'input' ? firedResponse({ rules: results }, userTexts) : undefined;
  return {
    stage,
    action: decide(results),
    rules: results,
    ...(response ? { response } : {}),
    texts: redacted,
    durationMs: performance.now() - started,
  };
}

/** `dependency`: the scans of the rule named by `when` (null: it cannot be had, fail closed). */
async function scanRule(rule: Rule, run: Run, dependency?: RuleScans | null): Promise<RuleScans> {
  const started = performance.now();
  const scans = await Promise.all(
    run.texts.map(async (text): Promise<Scanned> => {
      const { index } = text;
      if (text.redactOnly && rule.action !== 'redact')
        return { index, cached: false, skipped: true };
      if (dependency === null) return { index, error: 'scanner_failed', cached: false };
      if (rule.when && dependency && !text.redactOnly) {
        const gate = dependency.scans.find((s) => s.index === index)?.result;
        if (!gate || !inBand(rule.when, gate.score)) return { index, cached: false, skipped: true };
      }
      return scanOne(rule, text, run);
    }),
  );
  return { rule, scans, durationMs: performance.now() - started };
}

async function scanOne(rule: Rule, text: ViewedText, run: Run): Promise<Scanned> {
  const { cache, signal } = run.ctx;
  const { index } = text;
  const key = ScanCache.key(rule.cacheKey, run.stage, text.views);
  const hit = cache.get(key);
  // The text rides along only for an adapted rule: nothing else reads it from a scan.
  const own = rule.adapter ? { text: text.text } : {};
  if (hit) return { index, result: hit, cached: true, ...own };
  const outcome = await run.deadlines.run(
    (s) => rule.scan({ text: text.text, stage: run.stage, signal: s, views: text.views }),
    rule.timeoutMs,
  );
  if (outcome.ok) {
    const result = clampResult(outcome.value);
    cache.set(key, result);
    return { index, result, cached: false, ...own };
  }
  signal.throwIfAborted(); // the request itself went away: not the scanner's failure
  const error = outcome.timedOut ? 'scanner_timeout' : 'scanner_failed';
  return { index, error, cached: false };
}

function applyRedactions(
  stage: Stage,
  texts: readonly StageText[],
  outcomes: readonly RuleOutcome[],
  vault: Vault,
) {
  const mappers = new Map<number, (span: Span) => Span>();
  const redacted = texts.map((t) => {
    const candidates = outcomes.flatMap((e) => e.redactions.filter((r) => r.message === t.index));
    if (candidates.length === 0) return t;
    const restorable = stage === 'input' && t.fromUser !== false;
    const result = redact(t.text, candidates, vault, { restorable });
    mappers.set(t.index, result.mapSpan);
    const redactions = result.applied.map((a) => ({
      kind: a.kind,
      from: a.from,
      placeholder: result.text.slice(a.to.start, a.to.end),
    }));
    return { index: t.index, text: result.text, redactions };
  });
  return { redacted, mappers };
}
