/**
 * Datasets `parapet eval` reads and the report it writes. The report types are the stable JSON
 * format (docs/eval-format.md), so their keys are snake_case; a figure that means nothing for a
 * file (precision when nothing was flagged, recall when there are no positives) is left out.
 */

export type DatasetKind = 'classify' | 'spans';

export interface ClassifyRow {
  /** 1-based line in the file: how errors and reviewers point at a row without quoting it. */
  readonly line: number;
  /** The row's `id` in the file. */
  readonly id?: string | number;
  readonly text: string;
  readonly label: 0 | 1;
  readonly categories: readonly string[];
}

export interface GoldSpan {
  readonly start: number;
  readonly end: number;
  readonly type: string;
}

export interface SpanRow {
  readonly line: number;
  readonly id?: string | number;
  readonly text: string;
  readonly spans: readonly GoldSpan[];
}

interface DatasetBase {
  /** The path as given on the command line. */
  readonly file: string;
  /** Files of one group are pooled: the folder the file sits in (toxicity, pii, ...). */
  readonly group: string;
}

export type Dataset =
  | (DatasetBase & { readonly kind: 'classify'; readonly rows: readonly ClassifyRow[] })
  | (DatasetBase & { readonly kind: 'spans'; readonly rows: readonly SpanRow[] });

export interface LatencyMs {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export interface CategoryMetrics {
  readonly n: number;
  readonly positives: number;
  readonly recall?: number;
  readonly fpr?: number;
}

export interface OperatingPoint {
  readonly threshold: number;
  readonly flagged: number;
  readonly precision?: number;
  readonly recall?: number;
  readonly fpr?: number;
}

export interface ClassifyMetrics {
  readonly n: number;
  readonly positives: number;
  readonly tp?: number;
  readonly fp?: number;
  readonly tn?: number;
  readonly fn?: number;
  readonly precision?: number;
  readonly recall?: number;
  readonly f1?: number;
  readonly fpr?: number;
  readonly accuracy?: number;
  readonly auprc?: number;
  readonly roc_auc?: number;
  readonly per_category: Readonly<Record<string, CategoryMetrics>>;
  /** Per rule id: each distinct score of that rule as a threshold (with --sweep). */
  readonly sweep?: Readonly<Record<string, readonly OperatingPoint[]>>;
}

export interface Prf {
  readonly precision?: number;
  readonly recall?: number;
  readonly f1?: number;
  readonly f2?: number;
}

/** Top-level figures are exact-match entity figures; `overlap` and `token` are the lenient ones. */
export interface TypeMetrics extends Prf {
  readonly gold: number;
  readonly predicted: number;
  readonly overlap: Prf;
  readonly token: Prf;
}

export interface SpanMetrics {
  readonly n: number;
  readonly per_type: Readonly<Record<string, TypeMetrics>>;
  readonly micro: TypeMetrics;
}

export interface RunFigures {
  /** Rows where a rule's scanner failed or timed out (its on_error applied). */
  readonly errors: number;
  readonly latency_ms: LatencyMs;
  readonly rows_per_second: number;
}

/** A rule's part in a misclassified row (--errors): why it fired, or how close it came. */
export interface RowRule {
  readonly rule: string;
  readonly scanner: string;
  readonly kind: string | null;
  readonly score: number;
  readonly threshold: number;
  readonly action: string;
  readonly fired: boolean;
}

/** A false positive or false negative (--errors); `text` only with --show-text. */
export interface ClassifyError {
  readonly line: number;
  readonly id?: string | number;
  readonly label: 0 | 1;
  /** FP: the counted rules that fired; FN: the counted rule that came closest (if any). */
  readonly rules: readonly RowRule[];
  readonly text?: string;
}

/** A span row whose prediction differs from its gold spans (--errors), by exact match. */
export interface SpanError {
  readonly line: number;
  readonly id?: string | number;
  readonly missed: readonly GoldSpan[];
  readonly spurious: readonly GoldSpan[];
  readonly text?: string;
}

export type ClassifyFileReport = ClassifyMetrics &
  RunFigures & {
    readonly file: string;
    readonly group: string;
    readonly task: 'classify';
    readonly false_positives?: readonly ClassifyError[];
    readonly false_negatives?: readonly ClassifyError[];
  };

export type SpanFileReport = SpanMetrics &
  RunFigures & {
    readonly file: string;
    readonly group: string;
    readonly task: 'spans';
    readonly span_errors?: readonly SpanError[];
  };

export type FileReport = ClassifyFileReport | SpanFileReport;

export type PooledReport =
  | (ClassifyMetrics & RunFigures & { readonly task: 'classify'; readonly files: string[] })
  | (SpanMetrics & RunFigures & { readonly task: 'spans'; readonly files: string[] });

export type Subject =
  | {
      readonly policy: string;
      readonly policy_version: number;
      readonly policy_sha256: string;
      readonly mode: 'enforce' | 'shadow';
    }
  | { readonly scanner: string; readonly scanner_version: string; readonly params: unknown };

export interface GateResult {
  readonly file: string;
  readonly gate: 'min_recall' | 'max_fpr' | 'min_f1';
  readonly limit: number;
  readonly value: number;
  readonly passed: boolean;
}

/** A rule of the measured stage, with what the policy holds its score against. */
export interface ReportRule {
  readonly id: string;
  readonly scanner: string;
  readonly action: string;
  /** The rule fires when its score is >= threshold ... */
  readonly threshold: number;
  /** ... or, when set, when a finding of kind K scores >= thresholds[K]. */
  readonly thresholds?: Readonly<Record<string, number>>;
}

export interface EvalReport {
  /** Bumped when a field changes meaning or goes away; new fields may appear without a bump. */
  readonly format_version: 1;
  readonly subject: Subject;
  readonly stage: 'input' | 'output';
  readonly count_flag: boolean;
  /** What the per-row classification score (AUPRC, ROC-AUC) is. */
  readonly score_source: string;
  /** Which findings are the predicted spans. */
  readonly span_source: string;
  /** The measured stage's rules; `sweep` has an entry for those whose action is counted. */
  readonly rules: readonly ReportRule[];
  readonly files: readonly FileReport[];
  readonly pooled: Readonly<Record<string, PooledReport>>;
  readonly gates?: readonly GateResult[];
}
