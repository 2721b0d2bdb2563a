/**
 * The report as titled tables, shared by the aligned-text and markdown renderers so both always
 * show the same figures. A figure that is absent from the JSON is shown as `-`.
 */
import type {
  ClassifyMetrics,
  EvalReport,
  OperatingPoint,
  Prf,
  RunFigures,
  SpanMetrics,
  TypeMetrics,
} from './types.js';

export interface Table {
  readonly title: string;
  readonly headers: readonly string[];
  /** Index of the first numeric (right-aligned) column. */
  readonly numericFrom: number;
  readonly rows: readonly (readonly string[])[];
}

export const fmt = (v: number | undefined, digits = 3): string =>
  v === undefined ? '-' : v.toFixed(digits);
const count = (v: number | undefined): string => (v === undefined ? '-' : String(v));

const CLASSIFY_HEADERS = [
  'n',
  'pos',
  'TP',
  'FP',
  'TN',
  'FN',
  'precision',
  'recall',
  'F1',
  'FPR',
  'accuracy',
  'AUPRC',
  'ROC-AUC',
];

function classifyCells(m: ClassifyMetrics): string[] {
  return [
    ...[m.n, m.positives, m.tp, m.fp, m.tn, m.fn].map(count),
    ...[m.precision, m.recall, m.f1, m.fpr, m.accuracy, m.auprc, m.roc_auc].map((v) => fmt(v)),
  ];
}

const PRF_HEADERS = (prefix: string) => ['P', 'R', 'F1', 'F2'].map((h) => `${prefix} ${h}`);
const prfCells = (p: Prf) => [p.precision, p.recall, p.f1, p.f2].map((v) => fmt(v));
const SPAN_HEADERS = [
  'gold',
  'pred',
  ...PRF_HEADERS('exact'),
  ...PRF_HEADERS('overlap'),
  ...PRF_HEADERS('token'),
];
const spanCells = (t: TypeMetrics) => [
  count(t.gold),
  count(t.predicted),
  ...prfCells(t),
  ...prfCells(t.overlap),
  ...prfCells(t.token),
];

type Named<T> = { readonly name: string; readonly m: T };

function groups(report: EvalReport) {
  const classify: Named<ClassifyMetrics & RunFigures>[] = [];
  const spans: Named<SpanMetrics & RunFigures>[] = [];
  for (const f of report.files) {
    if (f.task === 'classify') classify.push({ name: f.file, m: f });
    else spans.push({ name: f.file, m: f });
  }
  const pooledClassify: Named<ClassifyMetrics & RunFigures>[] = [];
  const pooledSpans: Named<SpanMetrics & RunFigures>[] = [];
  for (const [group, p] of Object.entries(report.pooled)) {
    const name = `${group} (${p.files.length} file${p.files.length === 1 ? '' : 's'})`;
    if (p.task === 'classify') pooledClassify.push({ name, m: p });
    else pooledSpans.push({ name, m: p });
  }
  return { classify, spans, pooledClassify, pooledSpans };
}

function classifyTables(
  files: Named<ClassifyMetrics>[],
  pooled: Named<ClassifyMetrics>[],
): Table[] {
  if (files.length === 0) return [];
  const table = (title: string, first: string, rows: Named<ClassifyMetrics>[]): Table => ({
    title,
    headers: [first, ...CLASSIFY_HEADERS],
    numericFrom: 1,
    rows: rows.map((r) => [r.name, ...classifyCells(r.m)]),
  });
  const categories: string[][] = files.flatMap((f) =>
    Object.entries(f.m.per_category).map(([c, m]) => [
      f.name,
      c,
      count(m.n),
      count(m.positives),
      fmt(m.recall),
      fmt(m.fpr),
    ]),
  );
  return [
    table('Classification, per file', 'file', files),
    table('Classification, pooled per task', 'task', pooled),
    ...(categories.length === 0
      ? []
      : [
          {
            title: 'Per category (recall on its positives, FPR on its negatives)',
            headers: ['file', 'category', 'n', 'pos', 'recall', 'FPR'],
            numericFrom: 2,
            rows: categories,
          },
        ]),
  ];
}

function spanTables(files: Named<SpanMetrics>[], pooled: Named<SpanMetrics>[]): Table[] {
  if (files.length === 0) return [];
  const all = [...files, ...pooled.map((p) => ({ name: `pooled: ${p.name}`, m: p.m }))];
  return [
    {
      title: 'Spans, micro-averaged over types',
      headers: ['file', 'rows', ...SPAN_HEADERS],
      numericFrom: 1,
      rows: all.map((f) => [f.name, count(f.m.n), ...spanCells(f.m.micro)]),
    },
    {
      title: 'Spans, per type',
      headers: ['file', 'type', ...SPAN_HEADERS],
      numericFrom: 2,
      rows: all.flatMap((f) =>
        Object.entries(f.m.per_type).map(([type, t]) => [f.name, type, ...spanCells(t)]),
      ),
    },
  ];
}

function latencyTable(rows: Named<RunFigures & { n: number }>[]): Table {
  return {
    title: 'Latency of the whole stage, one row at a time (ms)',
    headers: ['file', 'rows', 'errors', 'p50', 'p95', 'p99', 'rows/s'],
    numericFrom: 1,
    rows: rows.map(({ name, m }) => [
      name,
      count(m.n),
      count(m.errors),
      fmt(m.latency_ms.p50, 2),
      fmt(m.latency_ms.p95, 2),
      fmt(m.latency_ms.p99, 2),
      fmt(m.rows_per_second, 0),
    ]),
  };
}

/** At most `max` points, evenly spread over the list and always keeping both ends. */
export function thin(points: readonly OperatingPoint[], max = 21): readonly OperatingPoint[] {
  if (points.length <= max) return points;
  const step = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => points[Math.round(i * step)]).filter(
    (p): p is OperatingPoint => p !== undefined,
  );
}

function sweepTable(files: Named<ClassifyMetrics>[]): Table[] {
  const rows = files.flatMap((f) =>
    Object.entries(f.m.sweep ?? {}).flatMap(([rule, points]) =>
      thin(points).map((p) => [
        f.name,
        rule,
        fmt(p.threshold),
        count(p.flagged),
        fmt(p.precision),
        fmt(p.recall),
        fmt(p.fpr),
      ]),
    ),
  );
  if (rows.length === 0) return [];
  return [
    {
      title: 'Operating points per rule (flag when the rule score >= threshold)',
      headers: ['file', 'rule', 'threshold', 'flagged', 'precision', 'recall', 'FPR'],
      numericFrom: 2,
      rows,
    },
  ];
}

function gateTable(report: EvalReport): Table[] {
  if (!report.gates || report.gates.length === 0) return [];
  return [
    {
      title: 'Gates',
      headers: ['file', 'gate', 'limit', 'value', 'result'],
      numericFrom: 2,
      rows: report.gates.map((g) => [
        g.file,
        g.gate,
        String(g.limit),
        fmt(g.value),
        g.passed ? 'pass' : 'FAIL',
      ]),
    },
  ];
}

export function subjectLine(report: EvalReport): string {
  const s = report.subject;
  const what =
    'policy' in s
      ? `policy ${s.policy} v${s.policy_version} (${s.mode})`
      : `scanner ${s.scanner} v${s.scanner_version} alone (action block, threshold 0.5)`;
  return `${what}, ${report.stage} stage${report.count_flag ? ', flag counts as flagged' : ''}`;
}

/** `sweep: false` leaves the operating points out (the html format shows them per rule). */
export function reportTables(report: EvalReport, options = { sweep: true }): Table[] {
  const g = groups(report);
  return [
    ...classifyTables(g.classify, g.pooledClassify),
    ...(options.sweep ? sweepTable([...g.classify, ...g.pooledClassify]) : []),
    ...spanTables(g.spans, g.pooledSpans),
    latencyTable([...g.classify, ...g.spans, ...g.pooledClassify, ...g.pooledSpans]),
    ...gateTable(report),
  ];
}
