/**
 * `--format table | markdown | json | html`: the same report, for a terminal, a document, a
 * program or a browser.
 */
import { renderHtml } from './html-report.js';
import { errorLines } from './row-errors.js';
import { reportTables, subjectLine, type Table } from './tables.js';
import type { EvalReport } from './types.js';

export type Format = 'table' | 'json' | 'markdown' | 'html';

function header(report: EvalReport): string[] {
  const lines = [`parapet eval: ${subjectLine(report)}`];
  if (report.files.some((f) => f.task === 'classify')) lines.push(`score: ${report.score_source}`);
  if (report.files.some((f) => f.task === 'spans')) lines.push(`spans: ${report.span_source}`);
  return lines;
}

function textTable(table: Table): string {
  const widths = table.headers.map((h, i) =>
    Math.max(h.length, ...table.rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => {
        const w = widths[i] ?? 0;
        return i >= table.numericFrom ? c.padStart(w) : c.padEnd(w);
      })
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [table.title, line(table.headers), rule, ...table.rows.map(line)].join('\n');
}

// A `|` in a file name or category would end the cell early.
const cell = (c: string) => c.replaceAll('|', '\\|');

export function markdownTable(table: Table): string {
  const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
  const align = table.headers.map((_, i) => (i >= table.numericFrom ? '---:' : '---'));
  return [row(table.headers), `| ${align.join(' | ')} |`, ...table.rows.map(row)].join('\n');
}

/** The --errors listing, one block per file that has one. */
function errorBlocks(report: EvalReport): string[] {
  return report.files
    .map((f) => errorLines(f.file, f).join('\n'))
    .filter((block) => block.length > 0);
}

export function renderReport(report: EvalReport, format: Format): string {
  switch (format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'html':
      return renderHtml(report);
    case 'table':
      return (
        [
          header(report).join('\n'),
          ...reportTables(report).map(textTable),
          ...errorBlocks(report),
        ].join('\n\n') + '\n'
      );
    case 'markdown':
      return (
        [
          header(report)
            .map((l) => `- ${l}`)
            .join('\n'),
          ...reportTables(report).map((t) => `### ${t.title}\n\n${markdownTable(t)}`),
          ...errorBlocks(report).map((b) => '### Errors\n\n```\n' + b + '\n```'),
        ].join('\n\n') + '\n'
      );
  }
}
