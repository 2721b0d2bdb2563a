/**
 * From stage results to OpenAI moderation results. Each input is its own stage run, so each gets
 * its own verdict; the runs are merged into one stage result for the call's one audit event.
 *
 * `categories` are true for the OpenAI categories (moderation-categories.ts) of the findings
 * that fired a rule with action block or flag; `category_scores` are the highest raw finding
 * scores per category, thresholds not applied. `flagged` is true when a block rule fired on the
 * input (or failed, with on_error block) — a block must never read as clean — or when a
 * category is true. A flag rule whose findings have no OpenAI category (a competitor's name, the
 * generic `harmful` of the harm classifier) queues the decision for review but does not flag:
 * OpenAI's `flagged` with every category false would tell the client nothing. Redaction is not a
 * flag — moderation cannot hand back changed text. Each result carries a `parapet` entry with
 * the rules that fired on that input and why (pipeline/explain.ts), so every flag (and every
 * unflagged review) is explained. In shadow mode nothing is flagged: the policy is being tried
 * out, not enforced.
 */
import { decide, strongest } from '../contract/decide.js';
import { explainRule, type ExplainedRule } from '../pipeline/explain.js';
import type { RuleResult, StageResult } from '../pipeline/stage-result.js';
import type { Stage } from '../contract/types.js';
import { categoriesOf, OPENAI_CATEGORIES, type OpenAICategory } from './moderation-categories.js';

export interface ModerationResult {
  readonly flagged: boolean;
  readonly categories: Record<OpenAICategory, boolean>;
  readonly category_scores: Record<OpenAICategory, number>;
  readonly category_applied_input_types: Record<OpenAICategory, readonly 'text'[]>;
  /** This input's decision: the policy's action and the rules that fired, with their categories. */
  readonly parapet: {
    readonly action: StageResult['action'];
    readonly rules: readonly (ExplainedRule & { readonly categories: readonly OpenAICategory[] })[];
  };
}

function perCategory<T>(value: () => T): Record<OpenAICategory, T> {
  return Object.fromEntries(OPENAI_CATEGORIES.map((c) => [c, value()])) as Record<
    OpenAICategory,
    T
  >;
}

const violates = (r: RuleResult): boolean =>
  r.fired && (r.action === 'block' || r.action === 'flag');

export function moderationResult(stage: StageResult, enforce: boolean): ModerationResult {
  const categories = perCategory(() => false);
  const scores = perCategory(() => 0);
  for (const r of stage.rules) {
    for (const f of r.measured ?? []) {
      for (const c of categoriesOf(r.rule.scanner, f.kind))
        scores[c] = Math.max(scores[c], f.score);
    }
    if (!enforce || !violates(r)) continue;
    for (const f of r.findings) {
      for (const c of categoriesOf(r.rule.scanner, f.kind)) categories[c] = true;
    }
  }
  const blocked = stage.rules.some((r) => r.fired && r.action === 'block');
  return {
    flagged: enforce && (blocked || Object.values(categories).some(Boolean)),
    categories,
    category_scores: scores,
    category_applied_input_types: perCategory(() => ['text'] as const),
    parapet: {
      action: stage.action,
      rules: stage.rules
        .filter((r) => r.fired)
        .map((r) => ({ ...explainRule(stage.stage, r), categories: categoriesOfRule(r) })),
    },
  };
}

function categoriesOfRule(r: RuleResult): OpenAICategory[] {
  const found = new Set(r.findings.flatMap((f) => categoriesOf(r.rule.scanner, f.kind)));
  return OPENAI_CATEGORIES.filter((c) => found.has(c));
}

function mergeRule(parts: readonly RuleResult[]): RuleResult | undefined {
  const [first] = parts;
  if (!first) return undefined;
  const ran = parts.filter((r) => r.skipped !== true);
  const error = parts.find((r) => r.error)?.error;
  const unsupported = parts.find((r) => r.unsupportedLanguage)?.unsupportedLanguage;
  const action = strongest(parts.map((r) => r.action));
  // Superseded on one input, blocking on another: the block is what the rule did.
  const supersededBy =
    action === 'block' ? undefined : parts.find((r) => r.supersededBy)?.supersededBy;
  return {
    rule: first.rule,
    score: Math.max(0, ...ran.map((r) => r.score)),
    fired: parts.some((r) => r.fired),
    action,
    findings: parts.flatMap((r) => r.findings),
    measured: parts.flatMap((r) => r.measured ?? []),
    durationMs: Math.max(...parts.map((r) => r.durationMs)),
    cached: parts.every((r) => r.cached),
    ...(error ? { error } : {}),
    ...(ran.length === 0 ? { skipped: true as const } : {}),
    ...(unsupported ? { unsupportedLanguage: unsupported } : {}),
    ...(supersededBy ? { supersededBy } : {}),
  };
}

/** One stage result from runs of the same rules on different texts (rule lists align by index). */
export function mergeStages(
  stage: Stage,
  runs: readonly StageResult[],
  durationMs: number,
): StageResult {
  const rules = (runs[0]?.rules ?? []).flatMap((_, i) => {
    const merged = mergeRule(runs.flatMap((run) => run.rules[i] ?? []));
    return merged ? [merged] : [];
  });
  return { stage, action: decide(rules), rules, texts: runs.flatMap((r) => r.texts), durationMs };
}
