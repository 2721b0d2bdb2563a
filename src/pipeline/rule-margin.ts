/**
 * How far a rule's scan is past the rule's threshold, in logit space, and what the product's
 * adapter makes of it. One function for the gateway (rule-outcome.ts) and `parapet tune`, so the
 * adapter is fitted on exactly the quantity it is applied to.
 */
import type { ScanResult } from '../contract/types.js';
import type { Rule, RuleAdapter } from '../policy/types.js';

/** Scores are clamped this far from 0 and 1 so that their logits stay finite. */
const EPS = 1e-6;
/** The margin of a scan with no finding of a thresholded kind: far below any threshold. */
export const NO_MARGIN = -30;

export function logit(p: number): number {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
}

export const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * logit(score) − logit(threshold); with per-kind thresholds, the largest such difference over
 * the findings of a thresholded kind. >= 0 where the rule fires (up to the clamping above).
 */
export function ruleMargin(
  rule: Pick<Rule, 'threshold' | 'thresholds'>,
  result: ScanResult,
): number {
  if (!rule.thresholds) return logit(result.score) - logit(rule.threshold);
  let margin = NO_MARGIN;
  for (const f of result.findings) {
    const t = rule.thresholds[f.kind];
    if (t !== undefined) margin = Math.max(margin, logit(f.score) - logit(t));
  }
  return margin;
}

/** The adapted logit of one text: >= 0 means the adapted rule fires on it. */
export function adaptedLogit(
  adapter: Omit<RuleAdapter, 'mode'>,
  margin: number,
  text: string,
): number {
  return adapter.a * margin + adapter.c + (adapter.correction?.(text) ?? 0);
}

/** What the adapter makes of a rule's scans: the strongest text decides, like the score. */
export function adaptedVerdict(
  rule: Rule,
  adapter: RuleAdapter,
  scans: readonly { readonly result?: ScanResult; readonly text?: string }[],
): { readonly score: number; readonly fired: boolean } | undefined {
  let best: number | undefined;
  for (const s of scans) {
    if (!s.result || s.text === undefined) continue;
    const z = adaptedLogit(adapter, ruleMargin(rule, s.result), s.text);
    if (best === undefined || z > best) best = z;
  }
  if (best === undefined) return undefined;
  return { score: sigmoid(best), fired: best >= 0 };
}
