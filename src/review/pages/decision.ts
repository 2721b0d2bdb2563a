/**
 * One decision: the redacted text with findings marked, each rule's score against its threshold,
 * the policy, model, latencies and stream coverage; the labels so far and the label form.
 */
import type { AuditFinding, RuleOutcome, StoredAuditEvent } from '../../audit/types.js';
import { html, type SafeHtml } from '../html.js';
import type { Reviewer } from '../reviewers.js';
import type { Label } from '../../audit/review-types.js';
import { textNotKept, triageOrder } from '../../audit/stores/review-summary.js';
import { highlight, type Mark } from './highlight.js';
import { page } from './layout.js';
import { badges } from './queue.js';

export interface DecisionView {
  readonly reviewer: Reviewer;
  readonly csrf: string;
  readonly event: StoredAuditEvent;
  readonly labels: readonly Label[];
  /** The queue's filters as a query string, kept through the label flow. */
  readonly query: string;
  /** The next (older) decision of the queue, if any. */
  readonly nextId: string | undefined;
  /** The verdict just given to the previous decision, to confirm it. */
  readonly done: string | undefined;
}

const fixed = (n: number, digits = 2) => n.toFixed(digits);
const ms = (n: number | null) => (n === null ? '—' : `${fixed(n, 1)} ms`);

/** Findings of every rule located in one message (`-1`: the reply). */
function marksFor(rules: readonly RuleOutcome[], message: number): Mark[] {
  // A finding without a message index is placeable only in the reply (output stage).
  const located =
    (rule: RuleOutcome) =>
    (f: AuditFinding): f is AuditFinding & { start: number; end: number } =>
      f.start !== undefined &&
      f.end !== undefined &&
      (f.message ?? (rule.stage === 'output' ? -1 : undefined)) === message;
  return rules.flatMap((rule) =>
    (rule.findings ?? []).filter(located(rule)).map((f) => ({
      start: f.start,
      end: f.end,
      rule: rule.rule,
      label: `${rule.rule}: ${rule.scanner} ${f.kind} ${fixed(f.score)}`,
    })),
  );
}

function messages(event: StoredAuditEvent): SafeHtml {
  if (event.textOmitted) {
    const roles = event.input.messages.map((m) => m.role).join(', ');
    return html`<section>
      <h2>Text</h2>
      <p class="empty" data-text-omitted="${event.textOmitted}">
        ${textNotKept(event.textOmitted)}. Messages:
        ${roles || 'none'}${
          event.output ? `; reply ${event.output.action}, ${event.output.coverage}` : ''
        }.
      </p>
    </section>`;
  }
  const input = event.input.messages.map(
    (m, i) =>
      html`<div class="message">
        <div class="role">${m.role}</div>
        <div class="text">${highlight(m.content ?? '', marksFor(event.rules, i))}</div>
      </div>`,
  );
  const reply = event.output
    ? html`<div class="message reply">
        <div class="role">reply · ${event.output.action} · ${event.output.coverage}</div>
        <div class="text">${highlight(event.output.text ?? '', marksFor(event.rules, -1))}</div>
      </div>`
    : html`<p class="empty">No reply (blocked at input, or not a chat).</p>`;
  return html`<section>
    <h2>Text (redacted)</h2>
    ${input}${reply}
  </section>`;
}

// A quiet rule of a format 2 event (allow, score 0, nothing found) stores no configuration.
function threshold(t: RuleOutcome['threshold']): SafeHtml {
  if (t === undefined) return html`—`;
  if (typeof t === 'number') return html`${fixed(t)}`;
  return html`${Object.entries(t).map(([k, v]) => html`<div>${k}: ${fixed(v)}</div>`)}`;
}

const isFired = (r: RuleOutcome) => r.action !== 'allow' || r.error !== undefined;

/** Fired rules first (strongest action, then score), then the rest by score. */
function rules(event: StoredAuditEvent): SafeHtml {
  const count = event.rules.filter(isFired).length;
  const rows = triageOrder(event.rules).map((r) => {
    const fired = isFired(r);
    return html`<tr
      class="${fired ? 'fired' : r.skipped ? 'skipped' : 'quiet'}"
      data-rule="${r.rule}"
    >
      <td>${r.rule}</td>
      <td>${r.scanner}${r.scannerVersion === undefined ? '' : ` v${r.scannerVersion}`}</td>
      <td>${r.stage}</td>
      <td class="num">${fixed(r.score ?? 0)}</td>
      <td class="num">${threshold(r.threshold)}</td>
      <td>${r.ruleAction ?? '—'}</td>
      <td><span class="action ${r.action}">${r.action}</span></td>
      <td>${(r.findings ?? []).map((f) => f.kind).join(', ') || '—'}</td>
      <td class="num">${fixed(r.durationMs, 1)}${r.cached ? ' (cached)' : ''}</td>
      <td>${r.error ?? ''}</td>
    </tr>`;
  });
  return html`<section>
    <h2>Rules: ${count} fired of ${event.rules.length}</h2>
    <div class="scroll">
      <table class="rules">
        <thead>
          <tr>
            <th>Rule</th>
            <th>Scanner</th>
            <th>Stage</th>
            <th>Score</th>
            <th>Threshold</th>
            <th>Rule action</th>
            <th>Result</th>
            <th>Findings</th>
            <th>ms</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          ${rows}
        </tbody>
      </table>
    </div>
  </section>`;
}

function facts(event: StoredAuditEvent): SafeHtml {
  const l = event.latencyMs;
  const stream = event.output?.stream;
  const entries: [string, SafeHtml | string][] = [
    ['Time (UTC)', event.time],
    ['Product', event.product],
    [
      'Action',
      html`${badges(event)}${event.enforced ? '' : ' shadow mode: computed, not enforced'}`,
    ],
    ['Policy', `v${event.policyVersion} · ${event.policySha256.slice(0, 12)} · ${event.mode}`],
    ['Model', event.backend ? `${event.backend.model} (${event.backend.kind})` : '—'],
    [
      'Latency',
      `input ${ms(l.input)} · backend ${ms(l.backend)} · output ${ms(l.output)} · total ${ms(l.total)}`,
    ],
    [
      'Stream',
      event.stream
        ? `${event.output?.coverage ?? 'unscanned'}${stream ? ` · released ${stream.releasedChars}, withheld ${stream.withheldChars}, ${stream.checks} checks, ${stream.lateRedactions} late redactions` : ''}`
        : 'not streamed',
    ],
    ['Outcome', event.outcome],
    ...(event.response
      ? ([
          [
            'Answered',
            event.response.applied
              ? `the policy's response of rule ${event.response.rule}, not the model`
              : `rule ${event.response.rule}'s response recorded, not shown (shadow mode)`,
          ],
        ] as [string, string][])
      : []),
    ['Route · request', `${event.route} · ${event.requestId}`],
  ];
  return html`<dl class="facts">
    ${entries.map(
      ([k, v]) =>
        html`<dt>${k}</dt>
          <dd>${v}</dd>`,
    )}
  </dl>`;
}

function labelForm(view: DecisionView): SafeHtml {
  const action = `/review/decisions/${encodeURIComponent(view.event.id)}/labels`;
  const button = (verdict: string, key: string, text: string) =>
    html`<button
      type="submit"
      name="verdict"
      value="${verdict}"
      data-key="${key}"
      class="verdict ${verdict}"
    >
      <kbd>${key}</kbd> ${text}
    </button>`;
  return html`<form method="post" action="${action}" class="label-form" id="label-form">
    <input type="hidden" name="_csrf" value="${view.csrf}" />
    <input type="hidden" name="q" value="${view.query}" />
    <label for="note">Note (optional; do not paste customer text)</label>
    <textarea id="note" name="note" maxlength="2000" rows="2"></textarea>
    <div class="buttons">
      ${button('correct', 'c', 'Correct')} ${button('false_positive', 'f', 'False positive')}
      ${button('missed', 'm', 'Missed (false negative)')}
    </div>
  </form>`;
}

function labelList(labels: readonly Label[]): SafeHtml | null {
  if (labels.length === 0) return null;
  return html`<section>
    <h2>Labels</h2>
    <ul class="labels">
      ${labels.map(
        (l) =>
          html`<li>
            <span class="verdict ${l.verdict}">${l.verdict}</span> ${l.time} ·
            ${l.reviewer}${l.note ? html` — ${l.note}` : null}
          </li>`,
      )}
    </ul>
  </section>`;
}

export function decisionPage(view: DecisionView): string {
  const q = view.query ? `?${view.query}` : '';
  const next = view.nextId
    ? html`<a id="next" href="/review/decisions/${encodeURIComponent(view.nextId)}${q}"
        >Next <kbd>n</kbd></a
      >`
    : html`<span class="empty">Last in the queue</span>`;
  return page(
    {
      title: 'Decision',
      kind: 'decision',
      section: 'queue',
      reviewer: view.reviewer,
      csrf: view.csrf,
    },
    html`${view.done ? html`<p class="notice" role="status">Labeled the previous decision <span class="verdict ${view.done}">${view.done}</span>.</p>` : null}
      <p class="crumbs">
        <a id="back" href="/review${q}">← Queue <kbd>u</kbd></a> ${next}
      </p>
      <h1>Decision <code>${view.event.id}</code></h1>
      ${facts(view.event)} ${labelForm(view)} ${labelList(view.labels)} ${messages(view.event)}
      ${rules(view.event)}`,
  );
}
