/**
 * Measures a policy's stage on datasets: every row through the deployed stage, one row at a
 * time, then figures per file and pooled per group (the folder a file sits in).
 */
import type { Stage } from '../contract/types.js';
import type { Policy, Rule } from '../policy/types.js';
import { classifyMetrics, type ScoredRow } from './classify-metrics.js';
import { latencySummary, rowsPerSecond } from './numbers.js';
import { classifyError, spanError } from './row-errors.js';
import { classifyOutcome, countedActions, predictedSpans, runRowStage } from './run-rows.js';
import { spanMetrics, type SpanCase } from './span-metrics.js';
import { mapKind, type TypeMap } from './type-map.js';
import type {
  ClassifyError,
  ClassifyRow,
  Dataset,
  EvalReport,
  FileReport,
  PooledReport,
  RunFigures,
  SpanError,
  SpanRow,
  Subject,
} from './types.js';

export interface EvalOptions {
  readonly policy: Policy;
  readonly subject: Subject;
  readonly stage: Stage;
  readonly countFlag: boolean;
  readonly sweep: boolean;
  readonly typeMap: TypeMap;
  /**
   * Which rules predict spans: `redact` — the rules whose action is redact, what the deployed
   * policy masks; `localizing` — every rule whose scanner localizes (one scanner measured alone).
   */
  readonly spanRules: 'redact' | 'localizing';
  /** List the misclassified rows per file (--errors), with their text (--show-text). */
  readonly errors?: boolean;
  readonly showText?: boolean;
  readonly signal?: AbortSignal;
  /** Called after each row (progress bars). */
  readonly onRow?: () => void;
}

type Run =
  | {
      kind: 'classify';
      rows: ScoredRow[];
      ms: number[];
      errors: number;
      misses?: { fp: ClassifyError[]; fn: ClassifyError[] };
    }
  | { kind: 'spans'; rows: SpanCase[]; ms: number[]; errors: number; misses?: SpanError[] };

const stageRules = (o: EvalOptions): readonly Rule[] =>
  o.stage === 'input' ? o.policy.input : o.policy.output;

export function spanRulesOf(o: EvalOptions): readonly Rule[] {
  return stageRules(o).filter((r) =>
    o.spanRules === 'redact' ? r.action === 'redact' : r.localizes,
  );
}

function signalOf(o: EvalOptions): AbortSignal {
  return o.signal ?? new AbortController().signal;
}

async function runClassify(rows: readonly ClassifyRow[], o: EvalOptions): Promise<Run> {
  const out: ScoredRow[] = [];
  const ms: number[] = [];
  let errors = 0;
  const misses = { fp: [] as ClassifyError[], fn: [] as ClassifyError[] };
  const counted = countedActions(o.countFlag);
  for (const row of rows) {
    const run = await runRowStage(o.policy, o.stage, row.text, signalOf(o));
    const outcome = classifyOutcome(run.stage, o.countFlag);
    out.push({ label: row.label, categories: row.categories, ...outcome });
    ms.push(run.ms);
    if (outcome.error) errors++;
    const miss = o.errors
      ? classifyError(row, run.stage, outcome.flagged, counted, o.showText === true)
      : undefined;
    if (miss) (outcome.flagged ? misses.fp : misses.fn).push(miss);
    o.onRow?.();
  }
  return { kind: 'classify', rows: out, ms, errors, ...(o.errors ? { misses } : {}) };
}

async function runSpans(rows: readonly SpanRow[], o: EvalOptions): Promise<Run> {
  const rules = spanRulesOf(o);
  const out: SpanCase[] = [];
  const ms: number[] = [];
  let errors = 0;
  const misses: SpanError[] = [];
  for (const row of rows) {
    const run = await runRowStage(o.policy, o.stage, row.text, signalOf(o));
    const spans = predictedSpans(run.stage, o.spanRules, rules).flatMap((p) => {
      const type = mapKind(o.typeMap, p.kind);
      return type === undefined ? [] : [{ start: p.span.start, end: p.span.end, type }];
    });
    out.push({ text: row.text, gold: row.spans, predicted: spans });
    ms.push(run.ms);
    if (run.stage.rules.some((r) => r.error !== undefined)) errors++;
    const miss = o.errors ? spanError(row, spans, o.showText === true) : undefined;
    if (miss) misses.push(miss);
    o.onRow?.();
  }
  return { kind: 'spans', rows: out, ms, errors, ...(o.errors ? { misses } : {}) };
}

function figures(ms: readonly number[], errors: number): RunFigures {
  return { errors, latency_ms: latencySummary(ms), rows_per_second: rowsPerSecond(ms) };
}

function fileReport(dataset: Dataset, run: Run, o: EvalOptions): FileReport {
  const where = { file: dataset.file, group: dataset.group };
  if (run.kind === 'classify') {
    const metrics = classifyMetrics(run.rows, { sweep: o.sweep });
    const misses = run.misses
      ? { false_positives: run.misses.fp, false_negatives: run.misses.fn }
      : {};
    return { ...where, task: 'classify', ...metrics, ...figures(run.ms, run.errors), ...misses };
  }
  const misses = run.misses ? { span_errors: run.misses } : {};
  return {
    ...where,
    task: 'spans',
    ...spanMetrics(run.rows),
    ...figures(run.ms, run.errors),
    ...misses,
  };
}

function pool(runs: readonly { dataset: Dataset; run: Run }[], o: EvalOptions): PooledReport {
  const files = runs.map((r) => r.dataset.file);
  const ms = runs.flatMap((r) => r.run.ms);
  const errors = runs.reduce((sum, r) => sum + r.run.errors, 0);
  const classify = runs.flatMap((r) => (r.run.kind === 'classify' ? r.run.rows : []));
  const spans = runs.flatMap((r) => (r.run.kind === 'spans' ? r.run.rows : []));
  const f = figures(ms, errors);
  return runs[0]?.run.kind === 'spans'
    ? { task: 'spans', files, ...spanMetrics(spans), ...f }
    : { task: 'classify', files, ...classifyMetrics(classify, { sweep: o.sweep }), ...f };
}

function pooledByGroup(runs: readonly { dataset: Dataset; run: Run }[], o: EvalOptions) {
  const groups = new Map<string, { dataset: Dataset; run: Run }[]>();
  for (const r of runs) {
    // A folder holding both kinds pools each kind on its own.
    const clash = runs.some(
      (x) => x.dataset.group === r.dataset.group && x.run.kind !== r.run.kind,
    );
    const key = clash ? `${r.dataset.group}:${r.run.kind}` : r.dataset.group;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return Object.fromEntries([...groups.entries()].map(([key, members]) => [key, pool(members, o)]));
}

function scoreSource(o: EvalOptions): string {
  const counted = countedActions(o.countFlag);
  const ids = stageRules(o)
    .filter((r) => counted.has(r.action))
    .map((r) => r.id);
  const actions = o.countFlag ? 'block or flag' : 'block';
  // A rule's response answers the request instead of the model: caught (run-rows.ts).
  const responders = stageRules(o)
    .filter((r) => r.response !== undefined && !counted.has(r.action))
    .map((r) => r.id);
  const answered = responders.length
    ? `; a row answered by a rule's response (${responders.join(', ')}) counts as caught, with that rule's score`
    : '';
  if (ids.length === 0 && responders.length === 0)
    return `no ${o.stage} rule has action ${actions}: every score is 0`;
  return `max score of the ${o.stage} rules with action ${actions} (${ids.join(', ')}); a rule that failed, or was escalated to a counted action, scores 1${answered}`;
}

function spanSource(o: EvalOptions): string {
  const ids = spanRulesOf(o).map((r) => r.id);
  const which = o.spanRules === 'redact' ? 'with action redact' : 'whose scanner localizes';
  if (ids.length === 0) return `no ${o.stage} rule ${which}: nothing is predicted`;
  return `qualifying findings of the ${o.stage} rules ${which} (${ids.join(', ')}) when they fire, on the original text, overlaps resolved as redaction does, kinds mapped by the type map`;
}

export async function evaluate(
  datasets: readonly Dataset[],
  options: EvalOptions,
): Promise<EvalReport> {
  const runs: { dataset: Dataset; run: Run }[] = [];
  // The first call pays for JIT compilation; one untimed run keeps that out of the percentiles.
  const first = datasets[0]?.rows[0];
  if (first) await runRowStage(options.policy, options.stage, first.text, signalOf(options));
  for (const dataset of datasets) {
    const run =
      dataset.kind === 'classify'
        ? await runClassify(dataset.rows, options)
        : await runSpans(dataset.rows, options);
    runs.push({ dataset, run });
  }
  return {
    format_version: 1,
    subject: options.subject,
    stage: options.stage,
    count_flag: options.countFlag,
    score_source: scoreSource(options),
    span_source: spanSource(options),
    rules: stageRules(options).map((r) => ({
      id: r.id,
      scanner: r.scanner,
      action: r.action,
      threshold: r.threshold,
      ...(r.thresholds ? { thresholds: r.thresholds } : {}),
    })),
    files: runs.map(({ dataset, run }) => fileReport(dataset, run, options)),
    pooled: pooledByGroup(runs, options),
  };
}
