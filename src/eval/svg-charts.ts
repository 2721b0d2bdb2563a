/**
 * The charts of `parapet eval --format html`, drawn here as inline SVG rather than by a chart
 * library: the report is one self-contained file that must open offline, years later, from a CI
 * artifact or an email, so it carries no script, CDN link or web font, and a few lines and
 * rectangles are not worth a dependency. Colours come from CSS classes in html-report.ts; every
 * string goes through the escaping `html` template.
 */
import { html, type SafeHtml } from '../text/html.js';

/** A threshold the policy holds a rule's score against (`kind` with per-kind thresholds). */
export interface Marker {
  readonly label: string;
  readonly value: number;
}

export interface PrPoint {
  readonly recall: number;
  readonly precision: number;
}

/** Rows of each label whose score falls in [lo, hi) (the last bin includes 1). */
export interface Bin {
  readonly lo: number;
  readonly hi: number;
  readonly pos: number;
  readonly neg: number;
}

const W = 420;
const H = 280;
const PAD = { left: 46, right: 14, top: 26, bottom: 40 };
const IW = W - PAD.left - PAD.right;
const IH = H - PAD.top - PAD.bottom;
const f1 = (v: number) => v.toFixed(1);
const x01 = (v: number) => PAD.left + Math.min(1, Math.max(0, v)) * IW;
const y01 = (v: number) => PAD.top + (1 - Math.min(1, Math.max(0, v))) * IH;

/** Frame, grid and tick labels of a unit x axis; `yTicks` label the y grid lines. */
function axes(
  xLabel: string,
  yLabel: string,
  yTicks: readonly { at: number; label: string }[],
): SafeHtml {
  const xs = [0, 0.25, 0.5, 0.75, 1];
  return html`<g class="axes">
    ${yTicks.map(
      (t) =>
        html`<line
            class="grid"
            x1="${PAD.left}"
            x2="${W - PAD.right}"
            y1="${f1(y01(t.at))}"
            y2="${f1(y01(t.at))}"
          /><text class="tick" x="${PAD.left - 6}" y="${f1(y01(t.at) + 4)}" text-anchor="end"
            >${t.label}</text
          >`,
    )}
    ${xs.map(
      (x) =>
        html`<line
            class="grid"
            x1="${f1(x01(x))}"
            x2="${f1(x01(x))}"
            y1="${PAD.top}"
            y2="${PAD.top + IH}"
          /><text class="tick" x="${f1(x01(x))}" y="${PAD.top + IH + 16}" text-anchor="middle"
            >${x.toFixed(2)}</text
          >`,
    )}
    <rect class="frame" x="${PAD.left}" y="${PAD.top}" width="${IW}" height="${IH}" />
    <text class="axis-label" x="${PAD.left + IW / 2}" y="${H - 6}" text-anchor="middle"
      >${xLabel}</text
    >
    <text
      class="axis-label"
      transform="translate(12 ${PAD.top + IH / 2}) rotate(-90)"
      text-anchor="middle"
      >${yLabel}</text
    >
  </g>`;
}

/** `maxChars` keeps a long rule id clear of the legend; the full title stays in <title>. */
function svg(cls: string, title: string, body: SafeHtml | SafeHtml[], maxChars = 60): SafeHtml {
  const shown = title.length > maxChars ? `${title.slice(0, maxChars - 1)}…` : title;
  return html`<svg
    class="chart ${cls}"
    viewBox="0 0 ${W} ${H}"
    width="${W}"
    height="${H}"
    role="img"
  >
    <title>${title}</title>
    <text class="chart-title" x="${PAD.left}" y="16">${shown}</text>
    ${body}
  </svg>`;
}

/**
 * Precision against recall, one point per distinct score from the highest down, joined in that
 * order; each policy threshold is a ringed point where the rule operates (flag when score >= it).
 */
export function prChart(
  title: string,
  points: readonly PrPoint[],
  operating: readonly (Marker & { readonly point: PrPoint | undefined })[],
): SafeHtml {
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((at) => ({ at, label: at.toFixed(2) }));
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${f1(x01(p.recall))},${f1(y01(p.precision))}`)
    .join(' ');
  const markers = operating.map((m, i) => {
    if (!m.point) {
      // Nothing scores at or above it: the rule flags no row, so there is no precision to plot.
      return html`<text class="threshold-note" x="${PAD.left + 8}" y="${PAD.top + 16 + i * 14}"
        >${m.label} ${m.value.toFixed(2)}: nothing flagged</text
      >`;
    }
    const cx = f1(x01(m.point.recall));
    const cy = f1(y01(m.point.precision));
    const anchor = m.point.recall > 0.6 ? 'end' : 'start';
    const dx = anchor === 'end' ? -10 : 10;
    return html`<g class="threshold-marker" data-threshold="${m.value}"
      ><circle cx="${cx}" cy="${cy}" r="6" /><text
        x="${f1(Number(cx) + dx)}"
        y="${f1(Number(cy) - 8 - i * 12)}"
        text-anchor="${anchor}"
        >${m.label} ${m.value.toFixed(2)}</text
      ><title>
        ${m.label} ${m.value}: precision ${m.point.precision.toFixed(3)}, recall
        ${m.point.recall.toFixed(3)}
      </title></g
    >`;
  });
  return svg('pr-chart', title, [
    axes('recall', 'precision', ticks),
    html`<path class="curve" d="${path}" fill="none" />`,
    html`${points.map((p) => html`<circle class="dot" cx="${f1(x01(p.recall))}" cy="${f1(y01(p.precision))}" r="2" />`)}`,
    ...markers,
  ]);
}

/** Bins of 0.05 over [0, 1] from per-score counts. */
export function binScores(
  counts: readonly { readonly score: number; readonly pos: number; readonly neg: number }[],
  bins = 20,
): Bin[] {
  const out = Array.from({ length: bins }, (_, i) => ({
    lo: i / bins,
    hi: (i + 1) / bins,
    pos: 0,
    neg: 0,
  }));
  for (const c of counts) {
    const i = Math.min(bins - 1, Math.max(0, Math.floor(c.score * bins)));
    const bin = out[i];
    if (!bin) continue;
    bin.pos += c.pos;
    bin.neg += c.neg;
  }
  return out;
}

/**
 * How the rule's scores fall, negatives and positives side by side per bin, with a vertical line
 * at each policy threshold: rows right of the line are flagged.
 */
export function scoreChart(
  title: string,
  bins: readonly Bin[],
  markers: readonly Marker[],
): SafeHtml {
  const top = Math.max(1, ...bins.flatMap((b) => [b.pos, b.neg]));
  // Whole row counts only: the middle line when the top count is even.
  const ticks = (top % 2 === 0 ? [0, top / 2, top] : [0, top]).map((n) => ({
    at: n / top,
    label: String(n),
  }));
  const yCount = (n: number) => y01(n / top);
  const bars = bins.map((b) => {
    const w = (x01(b.hi) - x01(b.lo)) / 2 - 1;
    const bar = (cls: string, n: number, x: number) =>
      n === 0
        ? html``
        : html`<rect
            class="${cls}"
            x="${f1(x)}"
            y="${f1(yCount(n))}"
            width="${f1(w)}"
            height="${f1(PAD.top + IH - yCount(n))}"
            ><title>
              ${cls === 'neg' ? 'label 0' : 'label 1'}, score ${b.lo.toFixed(2)}–${b.hi.toFixed(2)}:
              ${n} rows
            </title></rect
          >`;
    return html`${bar('neg', b.neg, x01(b.lo) + 0.5)}${bar('pos', b.pos, x01(b.lo) + 0.5 + w)}`;
  });
  const lines = markers.map((m, i) => {
    const x = f1(x01(m.value));
    return html`<g class="threshold-marker" data-threshold="${m.value}"
      ><line x1="${x}" x2="${x}" y1="${PAD.top}" y2="${PAD.top + IH}" /><text
        x="${f1(Number(x) + (m.value > 0.7 ? -4 : 4))}"
        y="${PAD.top + 12 + i * 12}"
        text-anchor="${m.value > 0.7 ? 'end' : 'start'}"
        >${m.label} ${m.value.toFixed(2)}</text
      ></g
    >`;
  });
  const legend = html`<g class="legend"
    ><rect class="neg" x="${W - PAD.right - 150}" y="8" width="10" height="10" /><text
      x="${W - PAD.right - 136}"
      y="17"
      >label 0</text
    ><rect class="pos" x="${W - PAD.right - 80}" y="8" width="10" height="10" /><text
      x="${W - PAD.right - 66}"
      y="17"
      >label 1</text
    ></g
  >`;
  return svg(
    'score-chart',
    title,
    [axes('rule score', 'rows', ticks), html`${bars}`, ...lines, legend],
    30,
  );
}
