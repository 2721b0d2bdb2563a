/**
 * The stats page: decisions, flag and block rates per product and scanner over time, and the
 * false-positive rate implied by labels (false_positive labels / labeled decisions), as SVG
 * charts plus the totals as a table.
 */
import { lineChart, type Series } from '../charts.js';
import { html, type SafeHtml } from '../html.js';
import { SINCE, type Filters } from '../query.js';
import type { Reviewer } from '../reviewers.js';
import type { StatsQuery, StatsRow } from '../../audit/review-types.js';
import { page } from './layout.js';

export interface StatsView {
  readonly reviewer: Reviewer;
  readonly csrf: string;
  readonly filters: Filters;
  readonly query: StatsQuery;
  readonly rows: readonly StatsRow[];
}

type Totals = Pick<
  StatsRow,
  'decisions' | 'flagged' | 'blocked' | 'labeled' | 'falsePositives' | 'missed' | 'adapterChanges'
>;

const ZERO: Totals = {
  decisions: 0,
  flagged: 0,
  blocked: 0,
  labeled: 0,
  falsePositives: 0,
  missed: 0,
  adapterChanges: 0,
};

function add(a: Totals, b: Totals): Totals {
  return {
    decisions: a.decisions + b.decisions,
    flagged: a.flagged + b.flagged,
    blocked: a.blocked + b.blocked,
    labeled: a.labeled + b.labeled,
    falsePositives: a.falsePositives + b.falsePositives,
    missed: a.missed + b.missed,
    adapterChanges: a.adapterChanges + b.adapterChanges,
  };
}

const rate = (n: number, d: number) => (d === 0 ? null : n / d);
const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);
const sorted = (values: Iterable<string>) => [...new Set(values)].sort();

/** One series per key (product or scanner), one value per bucket, from summed rows. */
function seriesBy(
  rows: readonly StatsRow[],
  buckets: readonly string[],
  keyOf: (r: StatsRow) => string,
  value: (t: Totals) => number | null,
): Series[] {
  const sums = new Map<string, Map<string, Totals>>();
  for (const r of rows) {
    const byBucket = sums.get(keyOf(r)) ?? new Map<string, Totals>();
    byBucket.set(r.bucket, add(byBucket.get(r.bucket) ?? ZERO, r));
    sums.set(keyOf(r), byBucket);
  }
  return sorted(sums.keys()).map((name) => ({
    name,
    values: buckets.map((b) => {
      const t = sums.get(name)?.get(b);
      // A bucket without rows had no decisions: counts are 0, rates undefined (gaps).
      return value(t ?? ZERO);
    }),
  }));
}

function totalsTable(rows: readonly StatsRow[]): SafeHtml {
  const totals = new Map<string, Totals>();
  for (const r of rows) {
    const key = `${r.product}\u0000${r.scanner}`;
    totals.set(key, add(totals.get(key) ?? ZERO, r));
  }
  const body = sorted(totals.keys()).map((key) => {
    const [product = '', scanner = ''] = key.split('\u0000');
    const t = totals.get(key) ?? ZERO;
    // A scanner's rates are over its own decisions (those it fired on); its share of the
    // product's decisions is a column of its own.
    const all = totals.get(`${product}\u0000*`)?.decisions ?? t.decisions;
    return html`<tr
      class="${scanner === '*' ? 'total' : ''}"
      data-product="${product}"
      data-scanner="${scanner}"
    >
      <td>${product}</td>
      <td>${scanner === '*' ? 'all' : scanner}</td>
      <td class="num decisions">${t.decisions}</td>
      <td class="num share">${scanner === '*' ? '' : pct(rate(t.decisions, all))}</td>
      <td class="num flag-rate">${pct(rate(t.flagged, t.decisions))}</td>
      <td class="num block-rate">${pct(rate(t.blocked, t.decisions))}</td>
      <td class="num labeled">${t.labeled}</td>
      <td class="num fp">${t.falsePositives}</td>
      <td class="num">${t.missed}</td>
      <td class="num fp-rate">${pct(rate(t.falsePositives, t.labeled))}</td>
      <td class="num adapter">${pct(rate(t.adapterChanges, t.decisions))}</td>
    </tr>`;
  });
  return html`<table class="stats">
    <thead>
      <tr>
        <th>Product</th>
        <th>Scanner</th>
        <th>Decisions</th>
        <th>Fired on (share of product)</th>
        <th>Flag rate</th>
        <th>Block rate</th>
        <th>Labeled</th>
        <th>False positives</th>
        <th>Missed</th>
        <th>FP rate (labels)</th>
        <th
          title="Decisions where the product's shadow adapter would have changed a rule's verdict"
        >
          Shadow adapter disagrees
        </th>
      </tr>
    </thead>
    <tbody>
      ${body}
    </tbody>
  </table>`;
}

function rangeForm(filters: Filters): SafeHtml {
  const chosen = filters.since ?? '7d';
  return html`<form method="get" action="/review/stats" class="filters">
    <label
      >Time
      <select name="since">
        ${Object.keys(SINCE).map(
          (k) =>
            html`<option value="${k}" ${k === chosen ? html` selected` : null}>last ${k}</option>`,
        )}
      </select></label
    >
    <button type="submit">Show</button>
  </form>`;
}

const STEP = { hour: 3_600_000, day: 86_400_000 };

/** Every bucket start of a bounded range, so quiet hours show as gaps rather than vanishing. */
export function bucketRange(query: StatsQuery, now = Date.now()): string[] {
  if (query.from === undefined) return [];
  const step = STEP[query.bucket];
  const end = query.to === undefined ? now : Date.parse(query.to) - 1;
  const out: string[] = [];
  for (let t = Math.floor(Date.parse(query.from) / step) * step; t <= end; t += step) {
    out.push(new Date(t).toISOString());
    if (out.length > 2000) break;
  }
  return out;
}

/** Hourly buckets for a range longer than two days: the data covers less (statsForPage). */
function hourlyNote(view: StatsView): string {
  const since = view.filters.since;
  const long = since !== undefined && SINCE[since] > 2 * 86_400_000;
  return view.query.bucket === 'hour' && long ? ' (under two days of data in this range)' : '';
}

export function statsPage(view: StatsView): string {
  const totals = view.rows.filter((r) => r.scanner === '*');
  const scanners = view.rows.filter((r) => r.scanner !== '*');
  const buckets = sorted([...bucketRange(view.query), ...view.rows.map((r) => r.bucket)]);
  const x = buckets.map((b) =>
    view.query.bucket === 'hour' ? b.slice(5, 13).replace('T', ' ') + 'h' : b.slice(0, 10),
  );
  const byProduct = (value: (t: Totals) => number | null) =>
    seriesBy(totals, buckets, (r) => r.product, value);
  const charts =
    view.rows.length === 0
      ? html`<p class="empty">No decisions in this range.</p>`
      : html`<div class="charts">
          ${lineChart({ title: 'Decisions per product', x, unit: 'count', series: byProduct((t) => t.decisions) })}
          ${lineChart({ title: 'Flag rate per product', x, unit: 'rate', series: byProduct((t) => rate(t.flagged, t.decisions)) })}
          ${lineChart({ title: 'Block rate per product', x, unit: 'rate', series: byProduct((t) => rate(t.blocked, t.decisions)) })}
          ${lineChart({
            title: 'Decisions where each scanner fired',
            x,
            unit: 'count',
            series: seriesBy(
              scanners,
              buckets,
              (r) => r.scanner,
              (t) => t.decisions,
            ),
          })}
          ${lineChart({ title: 'False-positive rate implied by labels, per product', x, unit: 'rate', series: byProduct((t) => rate(t.falsePositives, t.labeled)) })}
        </div>`;
  return page(
    { title: 'Stats', kind: 'stats', section: 'stats', reviewer: view.reviewer, csrf: view.csrf },
    html`<h1>Stats</h1>
      ${rangeForm(view.filters)}
      <p class="bucket" data-bucket="${view.query.bucket}">
        Per ${view.query.bucket}, UTC${hourlyNote(view)}. A scanner's decisions are those it fired
        on; its flag and block rates are over those. The false-positive rate is false_positive
        labels over labeled decisions.
      </p>
      <div class="scroll">${totalsTable(view.rows)}</div>
      ${charts}`,
  );
}
