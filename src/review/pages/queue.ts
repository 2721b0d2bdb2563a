/** The queue: filters, newest first, one page at a time (keyset cursor). */
import { html, type SafeHtml } from '../html.js';
import { filterString, SINCE, type Filters } from '../query.js';
import type { Reviewer } from '../reviewers.js';
import type { DecisionPage, DecisionSummary } from '../../audit/review-types.js';
import { page } from './layout.js';

export interface QueueView {
  readonly reviewer: Reviewer;
  readonly csrf: string;
  readonly filters: Filters;
  readonly result: DecisionPage;
  readonly products: readonly string[];
  readonly scanners: readonly string[];
}

function select(
  name: string,
  label: string,
  options: readonly (readonly [string, string])[],
  chosen: string | undefined,
): SafeHtml {
  return html`<label
    >${label}
    <select name="${name}">
      ${options.map(
        ([value, text]) =>
          html`<option value="${value}" ${value === (chosen ?? '') ? html` selected` : null}>
            ${text}
          </option>`,
      )}
    </select></label
  >`;
}

/** A UTC bound; `from` overrides the `since` preset. step=1 keeps API-given seconds valid. */
function timeInput(name: 'from' | 'to', label: string, iso: string | undefined): SafeHtml {
  // datetime-local takes no zone: the stored ISO time minus milliseconds and `Z`.
  const value = iso === undefined ? '' : iso.slice(0, 19);
  return html`<label
    >${label} <input type="datetime-local" name="${name}" step="1" value="${value}"
  /></label>`;
}

const any = (label: string) => ['', label] as const;
const same = (v: string) => [v, v] as const;

function filterForm(view: QueueView): SafeHtml {
  const f = view.filters;
  return html`<form method="get" action="/review" class="filters">
    ${select(
      'state',
      'State',
      [
        ['pending', 'pending'],
        ['labeled', 'labeled'],
        ['all', 'all'],
      ],
      f.state ?? 'pending',
    )}
    ${select('product', 'Product', [any('any'), ...view.products.map(same)], f.product)}
    ${select('scanner', 'Scanner', [any('any'), ...view.scanners.map(same)], f.scanner)}
    ${select('action', 'Action', [any('any'), ...['block', 'redact', 'flag', 'allow'].map(same)], f.action)}
    ${select('since', 'Time', [any('all time'), ...Object.keys(SINCE).map((k) => [k, `last ${k}`] as const)], f.since)}
    ${timeInput('from', 'From (UTC)', f.from)} ${timeInput('to', 'To (UTC)', f.to)}
    <button type="submit">Filter</button>
  </form>`;
}

/**
 * Badges a reviewer can tell apart at a glance: the action (block, redact, flag, allow), a
 * separate `flagged` when a stronger action hides the flag, and `shadow` when nothing was enforced
 * (the action reads "would block" and is drawn dashed, so it never looks like a real block).
 */
export function badges(item: Pick<DecisionSummary, 'action' | 'flagged' | 'mode'>): SafeHtml {
  const shadow = item.mode === 'shadow';
  const action = html`<span
    class="badge ${item.action}${shadow ? ' shadow' : ''}"
    data-badge="${item.action}"
    >${shadow && item.action !== 'allow' ? `would ${item.action}` : item.action}</span
  >`;
  const flagged =
    item.flagged && item.action !== 'flag'
      ? html`<span class="badge flag${shadow ? ' shadow' : ''}" data-badge="flagged">flagged</span>`
      : null;
  const mode = shadow
    ? html`<span class="badge mode-shadow" data-badge="shadow" title="shadow mode: not enforced"
        >shadow</span
      >`
    : null;
  return html`<span class="badges">${action}${flagged}${mode}</span>`;
}

const score = (n: number | null) => (n === null ? '—' : n.toFixed(2));

function ruleCell(item: DecisionSummary): SafeHtml {
  const top = item.topRule;
  const others = item.scanners.filter((s) => s !== top?.scanner);
  return html`<td class="rule">
    ${
      top
        ? html`<code>${top.rule}</code> <span class="scanner">${top.scanner}</span>`
        : html`<span class="empty">none fired</span>`
    }
    <span class="score" title="top score">${score(item.topRule?.score ?? item.topScore)}</span>
    ${others.length > 0 ? html`<div class="also">also ${others.join(', ')}</div>` : null}
  </td>`;
}

function row(item: DecisionSummary, query: string): SafeHtml {
  const href = `/review/decisions/${encodeURIComponent(item.id)}${query ? `?${query}` : ''}`;
  return html`<tr class="queue-row ${item.mode}" data-id="${item.id}">
    <td class="when">
      <a href="${href}">${item.time.replace('T', ' ').slice(0, 19)}</a>
      <div class="sub">${item.product} · ${item.route}</div>
    </td>
    <td>${badges(item)}</td>
    ${ruleCell(item)}
    <td class="snippet">${item.snippet || html`<span class="empty">no text stored</span>`}</td>
    <td>
      ${item.verdict ? html`<span class="verdict ${item.verdict}">${item.verdict}</span>` : 'pending'}
    </td>
  </tr>`;
}

export function queuePage(view: QueueView): string {
  const query = filterString(view.filters);
  const { items, nextCursor } = view.result;
  const more = nextCursor
    ? html`<a
        class="next-page"
        href="/review?${query ? `${query}&` : ''}cursor=${encodeURIComponent(nextCursor)}"
        >Older →</a
      >`
    : null;
  const table =
    items.length === 0
      ? html`<p class="empty">Nothing to review with these filters.</p>`
      : html`<table class="queue">
          <thead>
            <tr>
              <th>Time (UTC) · product</th>
              <th>Decision</th>
              <th>Fired rule · top score</th>
              <th>Text (redacted)</th>
              <th>Label</th>
            </tr>
          </thead>
          <tbody>
            ${items.map((item) => row(item, query))}
          </tbody>
        </table>`;
  return page(
    { title: 'Queue', kind: 'queue', section: 'queue', reviewer: view.reviewer, csrf: view.csrf },
    html`<h1>Review queue</h1>
      ${filterForm(view)} ${table}
      <p class="pager">
        ${view.filters.cursor ? html`<a href="/review${query ? `?${query}` : ''}">← Newest</a> ` : null}${more}
      </p>
      <p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> move, <kbd>Enter</kbd> open.</p>`,
  );
}
