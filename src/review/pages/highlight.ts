/**
 * Marks findings in a stored text. Spans are UTF-16 offsets into that (redacted) text; they may
 * overlap (two scanners on one name), so the text is cut at every span edge and each piece is
 * marked with every finding covering it. Offsets outside the text are clamped, never trusted.
 */
import { html, type SafeHtml } from '../html.js';

export interface Mark {
  readonly start: number;
  readonly end: number;
  /** The rule the finding is from, named visibly at the end of its span. */
  readonly rule?: string;
  /** e.g. `contact-details: pii EMAIL 1.00`. */
  readonly label: string;
}

export function highlight(text: string, marks: readonly Mark[]): SafeHtml {
  const clamp = (n: number) => Math.max(0, Math.min(text.length, Math.trunc(n)));
  const spans = marks
    .map((m) => ({ start: clamp(m.start), end: clamp(m.end), label: m.label, rule: m.rule }))
    .filter((m) => m.end > m.start);
  const cuts = [...new Set([0, text.length, ...spans.flatMap((m) => [m.start, m.end])])].sort(
    (a, b) => a - b,
  );
  const pieces: SafeHtml[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const start = cuts[i] ?? 0;
    const end = cuts[i + 1] ?? 0;
    const piece = text.slice(start, end);
    const over = spans.filter((m) => m.start <= start && m.end >= end);
    const title = over.map((m) => m.label).join('; ');
    const cls = over.length > 1 ? 'finding overlap' : 'finding';
    // Rules whose span ends here: CSS shows them after the mark (not selectable, not the text).
    const ending = [...new Set(over.filter((m) => m.end === end && m.rule).map((m) => m.rule))];
    const rules = ending.length > 0 ? html` data-rules="${ending.join(', ')}"` : null;
    // Whitespace inside the mark is the customer's text: the template must stay on one line.
    // prettier-ignore
    pieces.push(over.length === 0 ? html`${piece}` : html`<mark class="${cls}" title="${title}"${rules}>${piece}</mark>`);
  }
  return html`${pieces}`;
}
