/**
 * `parapet eval --errors`: which rows a policy got wrong, by line and id, with the rule that
 * fired (a false positive) or came closest (a false negative), so a policy owner can open the
 * file at that line. Text only with --show-text: a report is often pasted where the dataset's
 * rows should not go.
 */
import type { Action } from '../contract/types.js';
import { explainRule } from '../pipeline/explain.js';
import type { StageResult } from '../pipeline/stage-result.js';
import { countsForRow } from './run-rows.js';
import type { ClassifyError, ClassifyRow, GoldSpan, RowRule, SpanError, SpanRow } from './types.js';

function rowRule(stage: StageResult, r: StageResult['rules'][number]): RowRule {
  const e = explainRule(stage.stage, r);
  return {
    rule: e.rule,
    scanner: e.scanner,
    kind: e.kind,
    score: e.score,
    threshold: e.threshold,
    action: e.action,
    fired: e.fired,
  };
}

/** The row as an error, or undefined when the policy got it right. */
export function classifyError(
  row: ClassifyRow,
  stage: StageResult,
  flagged: boolean,
  counted: ReadonlySet<Action>,
  showText: boolean,
): ClassifyError | undefined {
  if (flagged === (row.label === 1)) return undefined;
  const countedRules = stage.rules.filter((r) => countsForRow(stage, r, counted));
  const rules = flagged
    ? stage.rules
        .filter((r) => counted.has(r.action) || stage.response?.rule === r.rule.id)
        .map((r) => rowRule(stage, r))
    : countedRules
        .filter((r) => !r.skipped)
        .sort((a, b) => b.score - a.score)
        .slice(0, 1)
        .map((r) => rowRule(stage, r));
  return {
    line: row.line,
    ...(row.id === undefined ? {} : { id: row.id }),
    label: row.label,
    rules,
    ...(showText ? { text: row.text } : {}),
  };
}

const same = (a: GoldSpan, b: GoldSpan) =>
  a.start === b.start && a.end === b.end && a.type === b.type;

export function spanError(
  row: SpanRow,
  predicted: readonly GoldSpan[],
  showText: boolean,
): SpanError | undefined {
  const missed = row.spans.filter((g) => !predicted.some((p) => same(p, g)));
  const spurious = predicted.filter((p) => !row.spans.some((g) => same(p, g)));
  if (missed.length === 0 && spurious.length === 0) return undefined;
  return {
    line: row.line,
    ...(row.id === undefined ? {} : { id: row.id }),
    missed,
    spurious,
    ...(showText ? { text: row.text } : {}),
  };
}

const num = (x: number) => x.toFixed(2);
const where = (e: { line: number; id?: string | number }) =>
  `line ${e.line}${e.id === undefined ? '' : ` (id ${String(e.id)})`}`;
const textOf = (e: { text?: string }) =>
  e.text === undefined ? '' : `\n    text: ${JSON.stringify(e.text)}`;

function ruleText(r: RowRule): string {
  const cmp = r.score >= r.threshold ? '>=' : '<';
  const kind = r.kind === null ? '' : ` ${r.kind}`;
  return `${r.rule} (${r.scanner}${kind}) ${num(r.score)} ${cmp} ${num(r.threshold)} -> ${r.action}`;
}

const spansText = (spans: readonly GoldSpan[]) =>
  spans.map((s) => `${s.type} ${s.start}-${s.end}`).join(', ');

/** Plain-text lines for a terminal or a markdown code block. */
export function errorLines(
  file: string,
  report: {
    false_positives?: readonly ClassifyError[];
    false_negatives?: readonly ClassifyError[];
    span_errors?: readonly SpanError[];
  },
): string[] {
  const out: string[] = [];
  const section = (title: string, items: readonly ClassifyError[] | undefined, fn: boolean) => {
    if (!items) return;
    out.push(`${title} in ${file}: ${items.length}`);
    for (const e of items) {
      const rules = e.rules.map(ruleText).join('; ');
      const why = fn ? (rules ? `closest: ${rules}` : 'no counted rule') : rules || 'failed rule';
      out.push(`  ${where(e)}: ${why}${textOf(e)}`);
    }
  };
  section('false positives', report.false_positives, false);
  section('false negatives', report.false_negatives, true);
  if (report.span_errors) {
    out.push(`span errors in ${file}: ${report.span_errors.length} rows`);
    for (const e of report.span_errors) {
      const parts = [
        e.missed.length ? `missed ${spansText(e.missed)}` : '',
        e.spurious.length ? `spurious ${spansText(e.spurious)}` : '',
      ].filter(Boolean);
      out.push(`  ${where(e)}: ${parts.join('; ')}${textOf(e)}`);
    }
  }
  return out;
}
