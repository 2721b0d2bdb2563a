/**
 * Applies redactions once per text, after every scanner of the stage has run. Overlaps are
 * resolved by a rule, not by list order (Presidio's): higher score wins, then the longer span,
 * then the earlier one. Also maps the spans of other findings into the redacted text.
 */
import type { Operator } from './operators.js';
import type { Span } from '../contract/types.js';
import type { Vault } from './vault.js';

export interface Redaction {
  readonly kind: string;
  readonly score: number;
  readonly span: Span;
  /** What replaces the text; a typed numbered placeholder when absent. */
  readonly operator?: Operator;
}

export interface Redacted {
  readonly text: string;
  /** The accepted redactions, in text order, with their placeholders' spans in the new text. */
  readonly applied: readonly { readonly kind: string; readonly from: Span; readonly to: Span }[];
  /** Maps a span of the original text to the redacted text (clamped around placeholders). */
  readonly mapSpan: (span: Span) => Span;
}

export function resolveOverlaps(candidates: readonly Redaction[]): Redaction[] {
  const ranked = [...candidates].sort(
    (a, b) =>
      b.score - a.score ||
      b.span.end - b.span.start - (a.span.end - a.span.start) ||
      a.span.start - b.span.start,
  );
  const accepted: Redaction[] = [];
  for (const candidate of ranked) {
    const clashes = accepted.some(
      (r) => candidate.span.start < r.span.end && r.span.start < candidate.span.end,
    );
    if (!clashes && candidate.span.end > candidate.span.start) accepted.push(candidate);
  }
  return accepted.sort((a, b) => a.span.start - b.span.start);
}

export function redact(
  text: string,
  candidates: readonly Redaction[],
  vault: Vault,
  options: { restorable: boolean },
): Redacted {
  const accepted = resolveOverlaps(candidates);
  const applied: { kind: string; from: Span; to: Span }[] = [];
  let out = '';
  let cursor = 0;
  for (const r of accepted) {
    out += text.slice(cursor, r.span.start);
    const value = text.slice(r.span.start, r.span.end);
    const placeholder = r.operator
      ? r.operator(r.kind, value, vault, options.restorable)
      : vault.placeholderFor(r.kind, value, options.restorable);
    applied.push({
      kind: r.kind,
      from: r.span,
      to: { start: out.length, end: out.length + placeholder.length },
    });
    out += placeholder;
    cursor = r.span.end;
  }
  out += text.slice(cursor);
  return { text: out, applied, mapSpan: (span) => mapSpan(span, applied) };
}

function mapOffset(offset: number, applied: Redacted['applied'], edge: 'start' | 'end'): number {
  let shift = 0;
  for (const a of applied) {
    if (offset <= a.from.start) break;
    if (offset < a.from.end) return edge === 'start' ? a.to.start : a.to.end; // inside a redaction
    shift = a.to.end - a.from.end;
  }
  return offset + shift;
}

function mapSpan(span: Span, applied: Redacted['applied']): Span {
  return {
    start: mapOffset(span.start, applied, 'start'),
    end: mapOffset(span.end, applied, 'end'),
  };
}
