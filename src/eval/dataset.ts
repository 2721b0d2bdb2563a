/**
 * Reads an evaluation dataset: JSONL, one row per line, in one of the two schemas of
 * ../shared/data/dev/README.md (classification rows with `label`, span rows with `spans`). The
 * first row decides the file's kind. A problem is reported as `file:line: what is wrong`, and
 * never quotes the row: datasets hold customer-like text, and JSON.parse's own messages do.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { GatewayError } from '../errors.js';
import { formatPath } from '../policy/problems.js';
import type { ClassifyRow, Dataset, DatasetKind, SpanRow } from './types.js';

const Id = z.union([z.string().min(1), z.number()]);

const ClassifyRowSchema = z.object({
  id: Id,
  text: z.string(),
  label: z.union([z.literal(0), z.literal(1)], { error: 'must be 0 or 1' }),
  categories: z.array(z.string()).optional(),
});

const SpanSchema = z
  .object({
    start: z.int().min(0),
    end: z.int().min(0),
    type: z.string().min(1),
    orig_type: z.string().optional(),
  })
  .refine((s) => s.end > s.start, { error: 'end must be greater than start', path: ['end'] });

const SpanRowSchema = z.object({
  id: Id,
  text: z.string(),
  spans: z.array(SpanSchema),
});

/** A usage problem: `parapet eval` reports it and exits 2. */
export function evalInputError(detail: string): GatewayError {
  return new GatewayError('usage_invalid', { detail });
}

function kindOf(row: unknown): DatasetKind | undefined {
  if (typeof row !== 'object' || row === null) return undefined;
  if ('spans' in row) return 'spans';
  if ('label' in row) return 'classify';
  return undefined;
}

// zod's messages name the expected type and the path, never the input value.
function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid row';
  return `${formatPath(issue.path)}: ${issue.message}`;
}

function parseLine(file: string, line: number, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw evalInputError(`${file}:${line}: not valid JSON`);
  }
}

function classifyRow(file: string, line: number, value: unknown): ClassifyRow {
  const parsed = ClassifyRowSchema.safeParse(value);
  if (!parsed.success) throw evalInputError(`${file}:${line}: ${issueText(parsed.error)}`);
  const { id, text, label, categories } = parsed.data;
  return { line, id, text, label, categories: categories ?? [] };
}

function spanRow(file: string, line: number, value: unknown): SpanRow {
  const parsed = SpanRowSchema.safeParse(value);
  if (!parsed.success) throw evalInputError(`${file}:${line}: ${issueText(parsed.error)}`);
  const { id, text, spans } = parsed.data;
  const outside = spans.findIndex((s) => s.end > text.length);
  if (outside >= 0) {
    throw evalInputError(`${file}:${line}: spans[${outside}].end: beyond the end of the text`);
  }
  return { line, id, text, spans: spans.map(({ start, end, type }) => ({ start, end, type })) };
}

/** Files are pooled by the folder they sit in; a bare file name has none and pools by kind. */
export function groupOf(file: string, kind: DatasetKind): string {
  const dir = path.dirname(file);
  return dir === '.' ? kind : path.basename(path.resolve(dir));
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : 'unknown error';
    throw evalInputError(`${file}: cannot read the file (${code})`);
  }
}

export function readDataset(file: string): Dataset {
  const lines = readText(file).split(/\r?\n/);
  let kind: DatasetKind | undefined;
  const classify: ClassifyRow[] = [];
  const spans: SpanRow[] = [];
  lines.forEach((raw, i) => {
    if (raw.trim() === '') return;
    const line = i + 1;
    const value = parseLine(file, line, raw);
    const rowKind = kindOf(value);
    if (rowKind === undefined) {
      throw evalInputError(`${file}:${line}: a row needs "label" (classification) or "spans"`);
    }
    kind ??= rowKind;
    if (rowKind !== kind) {
      throw evalInputError(`${file}:${line}: a ${rowKind} row in a ${kind} file`);
    }
    if (kind === 'classify') classify.push(classifyRow(file, line, value));
    else spans.push(spanRow(file, line, value));
  });
  if (kind === undefined) throw evalInputError(`${file}: no rows`);
  const group = groupOf(file, kind);
  return kind === 'classify'
    ? { file, group, kind, rows: classify }
    : { file, group, kind, rows: spans };
}
