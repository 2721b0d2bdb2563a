/**
 * `--format html`: the same report as the other formats, as one self-contained page. Per file
 * (and per pooled group of several files), per rule with a sweep: a precision-recall chart and a
 * score distribution with the policy's threshold(s) marked, and the operating points beneath.
 * Inline CSS and SVG only, under a CSP that forbids every fetch, so it opens offline. Row text
 * appears only when the report carries it (--errors --show-text), as in the other formats.
 */
import { html, SafeHtml } from '../text/html.js';
import { errorLines } from './row-errors.js';
import { binScores, prChart, scoreChart, type Marker, type PrPoint } from './svg-charts.js';
import { fmt, reportTables, subjectLine, thin, type Table } from './tables.js';
import type { ClassifyMetrics, EvalReport, OperatingPoint, ReportRule } from './types.js';

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1180px;padding:16px 24px;color:#1d2330;background:#fff}
h1{font-size:20px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 6px;border-bottom:1px solid #d5d9e0;padding-bottom:4px}
h3{font-size:15px;margin:18px 0 4px}.meta{color:#4a5264;margin:2px 0}
table{border-collapse:collapse;margin:6px 0 14px;font-variant-numeric:tabular-nums}
th,td{padding:3px 8px;border-bottom:1px solid #e4e7ec;text-align:right;white-space:nowrap}
th{background:#f3f5f8;font-weight:600}th.text,td.text{text-align:left}
.scroll{overflow-x:auto}caption{text-align:left;font-weight:600;padding:4px 0;white-space:nowrap}
tr.at-threshold td{background:#fff4d6;font-weight:600}
.charts{display:flex;flex-wrap:wrap;gap:12px}
svg.chart{background:#fff;border:1px solid #e4e7ec;max-width:100%;height:auto}
svg text{font:11px system-ui,sans-serif;fill:#1d2330}svg .chart-title{font-weight:600;font-size:12px}
svg .grid{stroke:#eceef2}svg .frame{fill:none;stroke:#9aa2b1}
svg .curve{stroke:#2f6fdf;stroke-width:2}svg .dot{fill:#2f6fdf}
svg rect.neg{fill:#8b95a7}svg rect.pos{fill:#e0702b}
svg .threshold-marker line{stroke:#c0262d;stroke-width:2;stroke-dasharray:5 3}
svg .threshold-marker circle{fill:none;stroke:#c0262d;stroke-width:2.5}
svg .threshold-marker text,svg .threshold-note{fill:#c0262d;font-weight:600}
pre{background:#f6f7f9;padding:8px;overflow-x:auto}
`;

const classAttr = (name: string | undefined) => (name ? html` class="${name}"` : '');

function table(t: Table, rowClass: (i: number) => string | undefined = () => undefined): SafeHtml {
  const cls = (i: number) => (i < t.numericFrom ? 'text' : undefined);
  return html`<div class="scroll">
    <table>
      <caption>
        ${t.title}
      </caption>
      <thead>
        <tr>
          ${t.headers.map((h, i) => html`<th${classAttr(cls(i))}>${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${t.rows.map(
          (r, k) =>
            html`<tr${classAttr(rowClass(k))}>
              ${r.map((c, i) => html`<td${classAttr(cls(i))}>${c}</td>`)}
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

/** The thresholds the policy holds the rule against: one, or one per kind. */
function markersOf(rule: ReportRule | undefined): Marker[] {
  if (!rule) return [];
  if (rule.thresholds) {
    return Object.entries(rule.thresholds).map(([kind, value]) => ({ label: kind, value }));
  }
  return [{ label: 'threshold', value: rule.threshold }];
}

/** Where the rule operates at `t` (flag when score >= t): the lowest swept score at or above it. */
function pointAt(points: readonly OperatingPoint[], t: number): OperatingPoint | undefined {
  return points.filter((p) => p.threshold >= t).at(-1);
}

const asPr = (p: OperatingPoint | undefined): PrPoint | undefined =>
  p?.precision === undefined || p.recall === undefined
    ? undefined
    : { recall: p.recall, precision: p.precision };

/** Per distinct score, how many rows of each label have it (from the cumulative sweep). */
function scoreCounts(points: readonly OperatingPoint[], positives: number) {
  let tp = 0;
  let fp = 0;
  return points.map((p) => {
    const tpHere = positives > 0 ? Math.round((p.recall ?? 0) * positives) : 0;
    const fpHere = p.flagged - tpHere;
    const row = { score: p.threshold, pos: tpHere - tp, neg: fpHere - fp };
    tp = tpHere;
    fp = fpHere;
    return row;
  });
}

function ruleSection(
  m: ClassifyMetrics,
  id: string,
  points: readonly OperatingPoint[],
  rule: ReportRule | undefined,
): SafeHtml {
  const markers = markersOf(rule);
  const mixed = m.positives > 0 && m.positives < m.n;
  const pr = points.flatMap((p) => asPr(p) ?? []);
  const operating = markers.map((mk) => ({ ...mk, point: asPr(pointAt(points, mk.value)) }));
  const atThreshold = new Set(markers.flatMap((mk) => pointAt(points, mk.value) ?? []));
  const shown = [...new Set([...thin(points), ...atThreshold])].sort(
    (a, b) => b.threshold - a.threshold,
  );
  const sweep: Table = {
    title: `Operating points of ${id} (flag when its score >= threshold), ${shown.length} of ${points.length}`,
    headers: ['threshold', 'flagged', 'precision', 'recall', 'FPR'],
    numericFrom: 0,
    rows: shown.map((p) => [
      fmt(p.threshold),
      String(p.flagged),
      fmt(p.precision),
      fmt(p.recall),
      fmt(p.fpr),
    ]),
  };
  const what = rule
    ? `${rule.scanner}, action ${rule.action}, ${markers.map((mk) => `${mk.label} ${mk.value}`).join(', ')}`
    : 'not a rule of this report: no threshold to mark';
  return html`<section class="rule" data-rule="${id}">
    <h3>rule ${id}</h3>
    <p class="meta">${what}</p>
    <div class="charts">
      ${
        mixed
          ? prChart(`precision–recall of ${id}`, pr, operating)
          : html`<p class="meta no-pr">
              No precision–recall chart: this file has only
              ${m.positives > 0 ? 'positives' : 'negatives'}.
            </p>`
      }
      ${scoreChart(`scores of ${id}`, binScores(scoreCounts(points, m.positives)), markers)}
    </div>
    ${table(sweep, (k) => (shown[k] && atThreshold.has(shown[k]) ? 'at-threshold' : undefined))}
  </section>`;
}

function fileSection(name: string, m: ClassifyMetrics, rules: readonly ReportRule[]): SafeHtml {
  const sweep = Object.entries(m.sweep ?? {});
  return html`<section class="file" data-file="${name}">
    <h2>${name}</h2>
    <p class="meta">${m.n} rows, ${m.positives} with label 1</p>
    ${sweep.length === 0 ? html`<p class="meta">No rule with a counted action in this stage: nothing to sweep.</p>` : ''}
    ${sweep.map(([id, points]) =>
      ruleSection(
        m,
        id,
        points,
        rules.find((r) => r.id === id),
      ),
    )}
  </section>`;
}

export function renderHtml(report: EvalReport): string {
  const title = `parapet eval: ${subjectLine(report)}`;
  const files = report.files.flatMap((f) =>
    f.task === 'classify' ? [{ name: f.file, m: f }] : [],
  );
  // A group of one file would repeat that file's charts.
  const pooled = Object.entries(report.pooled).flatMap(([group, p]) =>
    p.task === 'classify' && p.files.length > 1
      ? [{ name: `pooled: ${group} (${p.files.length} files)`, m: p }]
      : [],
  );
  const errors = report.files
    .map((f) => errorLines(f.file, f).join('\n'))
    .filter((block) => block.length > 0);
  const page = html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta
          http-equiv="Content-Security-Policy"
          content="default-src 'none'; style-src 'unsafe-inline'"
        />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>${title}</title>
        <style>
          ${new SafeHtml(CSS)}
        </style>
      </head>
      <body>
        <header>
          <h1>${title}</h1>
          ${files.length > 0 ? html`<p class="meta">score: ${report.score_source}</p>` : ''}
          ${report.files.some((f) => f.task === 'spans') ? html`<p class="meta">spans: ${report.span_source}</p>` : ''}
        </header>
        <main>
          <section class="summary">
            ${reportTables(report, { sweep: false }).map((t) => table(t))}
          </section>
          ${[...files, ...pooled].map((f) => fileSection(f.name, f.m, report.rules))}
          ${
            errors.length > 0
              ? html`<section class="errors">
                  <h2>Errors</h2>
                  ${errors.map((e) => html`<pre>${e}</pre>`)}
                </section>`
              : ''
          }
        </main>
      </body>
    </html> `;
  return page.value;
}
