/**
 * From stage results to OpenAI moderation results. Each input is its own stage run, so each gets
 * its own verdict; the runs are merged into one stage result for the call's one audit event.
 *
 * `flagged` is the product policy's verdict on the input: a rule with action block or flag fired
 * on it (or failed, with on_error). Redaction is not a flag — moderation cannot hand back changed
 * text. `categories` are true for the OpenAI categories of the findings that fired such rules;
 * `category_scores` are the highest raw finding scores per category, thresholds not applied.
 * In shadow mode nothing is flagged: the policy is being tried out, not enforced.
 */
import { decide, strongest } from '../contract/decide.js';
import type { RuleResult, StageResult } from '../pipeline/stage-result.js';
import type { Stage } from '../contract/types.js';
import { categoriesOf, OPENAI_CATEGORIES, type OpenAICategory } from './moderation-categories.js';

export interface ModerationResult {
  readonly flagged: boolean;
  readonly categories: Record<OpenAICategory, boolean>;
  readonly category_scores: Record<OpenAICategory, number>;
  readonly category_applied_input_types: Record<OpenAICategory, readonly 'text'[]>;
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
  return {
    flagged: enforce && stage.rules.some(violates),
    categories,
    category_scores: scores,
    category_applied_input_types: perCategory(() => ['text'] as const),
  };
}

function mergeRule(parts: readonly RuleResult[]): RuleResult | undefined {
  const [first] = parts;
  if (!first) return undefined;
  const ran = parts.filter((r) => r.skipped !== true);
  const error = parts.find((r) => r.error)?.error;
  const unsupported = parts.find((r) => r.unsupportedLanguage)?.unsupportedLanguage;
  return {
    rule: first.rule,
    score: Math.max(0, ...ran.map((r) => r.score)),
    fired: parts.some((r) => r.fired),
    action: strongest(parts.map((r) => r.action)),
    findings: parts.flatMap((r) => r.findings),
    measured: parts.flatMap((r) => r.measured ?? []),
    durationMs: Math.max(...parts.map((r) => r.durationMs)),
    cached: parts.every((r) => r.cached),
    ...(error ? { error } : {}),
    ...(ran.length === 0 ? { skipped: true as const } : {}),
    ...(unsupported ? { unsupportedLanguage: unsupported } : {}),
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
