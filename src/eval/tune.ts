/**
 * `parapet tune`'s work, without the store or the file system: re-score a product's labeled
 * decisions with its policy's rules (the stored, redacted texts; the shipped models, frozen),
 * split them by time (oldest 80 % fit, newest 20 % check), fit each rule's adapter where the
 * labels allow, and judge shipped and adapted rules on the held-back labels through the
 * gateway's own rule outcome. Refuses, rather than returns an adapter, when the labels are too
 * few or an adapted rule loses recall on the held-back labels beyond the tolerance.
 */
import { hashedNgrams, type HashedNgramConfig } from '../classifiers/linear/hashed-ngrams.js';
import { clampResult, ruleOutcome, type Scanned } from '../pipeline/rule-outcome.js';
import { ruleMargin } from '../pipeline/rule-margin.js';
import { ADAPTER_FORMAT, ADAPTER_VERSION, type AdapterFile } from '../policy/adapter-file.js';
import { correctionOf, unadaptable } from '../policy/adapter-load.js';
import type { Policy, Rule, RuleAdapter } from '../policy/types.js';
import { createTextViews } from '../text/views.js';
import { fitRule, type FitExample, type FittedRule } from './tune-fit.js';
import { ruleTarget, type LabeledDecision } from './tune-labels.js';
import { count, emptyConfusion, figures, type TableRow } from './tune-metrics.js';

/** The minimums and the tolerance, stated once (docs/review.md#the-loop quotes them). */
export const TUNE_LIMITS = Object.freeze({
  /** Labeled decisions with text, in all. */
  minDecisions: 50,
  /** Held-back decisions (the newest 20 %). */
  minHeldBack: 10,
  heldBackShare: 0.2,
  /** A rule gets a calibration with this many fitting labels, and this many of each class. */
  plattLabels: 30,
  plattPerClass: 8,
  /** ... and an n-gram correction on top with this many. */
  correctionLabels: 100,
  correctionPerClass: 20,
  /** Largest drop of a rule's held-back recall (adapted vs shipped) an adapter may have. */
  recallTolerance: 0.05,
});

/** The shipped v2 classifiers' featurizer config (models/*-v2/model.json). */
export const TUNE_FEATURIZER: HashedNgramConfig = Object.freeze({
  kind: 'hashed-ngrams',
  buckets: 1 << 20,
  wordNgrams: Object.freeze([1, 2]),
  charNgrams: Object.freeze([2, 3, 4, 5]),
});

export interface TuneResult {
  /** Absent when refused. */
  readonly file?: AdapterFile;
  readonly refusals: readonly string[];
  /** Rules left as shipped, and why. */
  readonly notes: readonly string[];
  readonly table: readonly TableRow[];
  readonly fitted: number;
  readonly heldBack: number;
}

type Scans = readonly (Scanned & { readonly result: NonNullable<Scanned['result']> })[];

/** Every adaptable input rule's scans of one decision's texts. */
async function scoreDecision(
  rules: readonly Rule[],
  d: LabeledDecision,
  signal: AbortSignal,
): Promise<Map<string, Scans>> {
  const views = d.texts.map((t) => createTextViews(t));
  const out = new Map<string, Scans>();
  for (const rule of rules) {
    const scans = await Promise.all(
      d.texts.map(async (text, index) => {
        const views1 = views[index] ?? createTextViews(text);
        try {
          const result = clampResult(
            await rule.scan({ text, stage: 'input', signal, views: views1 }),
          );
          return { index, result, cached: false, text };
        } catch {
          throw new Error(`rule ${rule.id} could not score a stored text (scanner failed)`);
        }
      }),
    );
    out.set(rule.id, scans);
  }
  return out;
}

function fitExample(rule: Rule, scans: Scans, y: 0 | 1): FitExample {
  let best = scans[0];
  let margin = -Infinity;
  for (const s of scans) {
    const m = ruleMargin(rule, s.result);
    if (m > margin) [best, margin] = [s, m];
  }
  return { margin, features: hashedNgrams(best?.text ?? '', TUNE_FEATURIZER), y };
}

function adapterOf(fitted: FittedRule): RuleAdapter {
  const c = fitted.correction;
  return {
    a: fitted.a,
    c: fitted.c,
    mode: 'enforce',
    ...(c ? { correction: correctionOf(TUNE_FEATURIZER, c.indices, c.weights) } : {}),
  };
}

interface RuleFit {
  readonly rule: Rule;
  readonly fitted: FittedRule;
  readonly row: TableRow;
  readonly refusal?: string;
}

function fitOne(
  rule: Rule,
  fit: readonly LabeledDecision[],
  held: readonly LabeledDecision[],
  scored: ReadonlyMap<string, Map<string, Scans>>,
): RuleFit | string {
  const examples = fit.flatMap((d) => {
    const y = ruleTarget(d, rule.id);
    const scans = scored.get(d.id)?.get(rule.id);
    return y === undefined || !scans ? [] : [fitExample(rule, scans, y)];
  });
  const pos = examples.filter((e) => e.y === 1).length;
  const neg = examples.length - pos;
  const L = TUNE_LIMITS;
  if (examples.length < L.plattLabels || Math.min(pos, neg) < L.plattPerClass) {
    return `${rule.id}: left as shipped (${pos} positive, ${neg} negative fitting labels; a calibration needs ${L.plattLabels} with ${L.plattPerClass} of each)`;
  }
  const correction =
    examples.length >= L.correctionLabels && Math.min(pos, neg) >= L.correctionPerClass;
  const fitted = fitRule(examples, { correction });
  const adapted = { ...rule, adapter: adapterOf(fitted) };
  const [before, after] = [emptyConfusion(), emptyConfusion()];
  for (const d of held) {
    const y = ruleTarget(d, rule.id);
    const scans = scored.get(d.id)?.get(rule.id);
    if (y === undefined || !scans) continue;
    // The gateway's own judgement of the rule, shipped and adapted.
    count(before, ruleOutcome(rule, scans, 0).result.fired, y);
    count(after, ruleOutcome(adapted, scans, 0).result.fired, y);
  }
  if (before.tp + before.fn === 0) {
    return `${rule.id}: left as shipped (no positive label among the held-back decisions, so its recall cannot be checked)`;
  }
  const row = { rule: rule.id, before: figures(before), after: figures(after) };
  const [r0, r1] = [row.before.recall?.value ?? 0, row.after.recall?.value ?? 0];
  const refusal =
    r1 < r0 - L.recallTolerance
      ? `${rule.id}: recall on the held-back labels would fall from ${r0.toFixed(2)} to ${r1.toFixed(2)} (tolerance ${L.recallTolerance})`
      : undefined;
  return { rule, fitted, row, ...(refusal ? { refusal } : {}) };
}

export async function tune(
  policy: Policy,
  decisions: readonly LabeledDecision[],
  options: { mode: 'shadow' | 'enforce'; now: Date; signal: AbortSignal },
): Promise<TuneResult> {
  const L = TUNE_LIMITS;
  const n = decisions.length;
  const heldCount = Math.ceil(n * L.heldBackShare);
  const base = { notes: [], table: [], fitted: n - heldCount, heldBack: heldCount };
  if (n < L.minDecisions || heldCount < L.minHeldBack) {
    const refusal = `too few labeled decisions with text for ${policy.product}: ${n} (tune needs ${L.minDecisions}, the newest ${L.heldBackShare * 100} % held back to check)`;
    return { ...base, refusals: [refusal] };
  }
  const fit = decisions.slice(0, n - heldCount);
  const held = decisions.slice(n - heldCount);
  const rules = policy.input.filter((r) => unadaptable(r) === undefined);
  const scored = new Map<string, Map<string, Scans>>();
  for (const d of decisions) scored.set(d.id, await scoreDecision(rules, d, options.signal));
  const fits = rules.map((rule) => fitOne(rule, fit, held, scored));
  const notes = fits.filter((f): f is string => typeof f === 'string');
  const done = fits.filter((f): f is RuleFit => typeof f !== 'string');
  const refusals = done.flatMap((f) => (f.refusal ? [f.refusal] : []));
  if (done.length === 0) {
    refusals.push(`too few labels: no rule of ${policy.product} could be fitted and checked`);
  }
  const result = { ...base, notes, table: done.map((f) => f.row), refusals };
  if (refusals.length > 0) return result;
  const file: AdapterFile = {
    format: ADAPTER_FORMAT,
    version: ADAPTER_VERSION,
    product: policy.product,
    mode: options.mode,
    created: options.now.toISOString(),
    fitted_on: { labels: fit.length, from: fit[0]?.time ?? '', to: fit.at(-1)?.time ?? '' },
    featurizer: {
      kind: 'hashed-ngrams',
      buckets: TUNE_FEATURIZER.buckets,
      word_ngrams: [...TUNE_FEATURIZER.wordNgrams],
      char_ngrams: [...TUNE_FEATURIZER.charNgrams],
    },
    rules: done.map(({ rule, fitted }) => ({
      stage: 'input' as const,
      rule: rule.id,
      platt: { a: round(fitted.a), c: round(fitted.c) },
      ...(fitted.correction ? { correction: fitted.correction } : {}),
    })),
  };
  return { ...result, file };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
