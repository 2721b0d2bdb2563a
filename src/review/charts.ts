/**
 * Server-rendered SVG line charts for the stats page: no charting library and no script, so the
 * page works under a CSP without 'unsafe-inline'. Colours come from CSS classes (`s0`…`s7`).
 */
import { html, type SafeHtml } from './html.js';

export interface Series {
  readonly name: string;
  /** One value per x position; null where there is no data (a gap). */
  readonly values: readonly (number | null)[];
}

export interface LineChart {
  readonly title: string;
  /** x labels (bucket starts), oldest first. */
  readonly x: readonly string[];
  readonly series: readonly Series[];
  /** `rate`: values in [0,1] shown as %; `count`: integers. */
  readonly unit: 'rate' | 'count';
}

const W = 640;
const H = 200;
const PAD = { left: 44, right: 8, top: 10, bottom: 22 };
const PALETTE = 8;

const fmt = (v: number, unit: LineChart['unit']) =>
  unit === 'rate' ? `${(v * 100).toFixed(v < 0.1 && v > 0 ? 1 : 0)}%` : String(Math.round(v));

function yMax(chart: LineChart): number {
  if (chart.unit === 'rate') return 1;
  const max = Math.max(0, ...chart.series.flatMap((s) => s.values.filter((v) => v !== null)));
  return max <= 0 ? 1 : max;
}

export function lineChart(chart: LineChart): SafeHtml {
  const top = yMax(chart);
  const n = chart.x.length;
  const px = (i: number) =>
    PAD.left +
    (n <= 1 ? (W - PAD.left - PAD.right) / 2 : (i * (W - PAD.left - PAD.right)) / (n - 1));
  const py = (v: number) => PAD.top + (1 - v / top) * (H - PAD.top - PAD.bottom);
  const lines = chart.series.map((s, k) => {
    const cls = `s${k % PALETTE}`;
    const points = s.values.flatMap((v, i) => (v === null ? [] : [[px(i), py(v), v, i] as const]));
    const path = s.values
      .map((v, i) => (v === null ? null : `${px(i).toFixed(1)},${py(v).toFixed(1)}`))
      .reduce<string[]>((segs, p, i, all) => {
        if (p !== null) segs.push(`${i === 0 || all[i - 1] === null ? 'M' : 'L'}${p}`);
        return segs;
      }, [])
      .join(' ');
    return html`<g class="series ${cls}"
      ><path d="${path}" fill="none" />${points.map(
        ([x, y, v, i]) =>
          html`<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="3"
            ><title>${s.name} · ${chart.x[i] ?? ''}: ${fmt(v, chart.unit)}</title></circle
          >`,
      )}</g
    >`;
  });
  const first = chart.x[0] ?? '';
  const last = chart.x[n - 1] ?? '';
  return html`<figure class="chart">
    <figcaption>${chart.title}</figcaption>
    <svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${chart.title}">
      <line
        class="axis"
        x1="${PAD.left}"
        y1="${H - PAD.bottom}"
        x2="${W - PAD.right}"
        y2="${H - PAD.bottom}"
      />
      <line class="axis" x1="${PAD.left}" y1="${PAD.top}" x2="${PAD.left}" y2="${H - PAD.bottom}" />
      <text class="tick" x="${PAD.left - 4}" y="${PAD.top + 8}" text-anchor="end">
        ${fmt(top, chart.unit)}
      </text>
      <text class="tick" x="${PAD.left - 4}" y="${H - PAD.bottom}" text-anchor="end">0</text>
      <text class="tick" x="${PAD.left}" y="${H - 6}">${first}</text>
      ${n > 1 ? html`<text class="tick" x="${W - PAD.right}" y="${H - 6}" text-anchor="end">${last}</text>` : null}
      ${lines}
    </svg>
    <ul class="legend">
      ${chart.series.map((s, k) => html`<li class="s${k % PALETTE}">${s.name}</li>`)}
    </ul>
  </figure>`;
}
