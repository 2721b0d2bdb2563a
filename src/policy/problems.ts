/**
 * Turns YAML errors and zod issues into `file:line:col path: message` lines. Positions come from
 * the YAML node ranges, so every problem points at the spot a policy owner has to edit.
 */
import type { z } from 'zod';
import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter } from 'yaml';

/** One parsed policy file, kept so later stages (extends, scanner creation) can point into it. */
export interface SourceFile {
  /** Path shown in messages: relative to the policies directory's parent, `/`-separated. */
  readonly name: string;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
}

export interface PolicyProblem {
  readonly file: string;
  readonly line?: number;
  readonly col?: number;
  /** The YAML path (`input[1].threshold`), or a label such as `(yaml)` when there is none. */
  readonly path?: string;
  readonly message: string;
}

type PathSegment = PropertyKey;

export function formatPath(path: readonly PathSegment[]): string {
  if (path.length === 0) return '(root)';
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const key = String(segment);
      if (!/^[A-Za-z_][\w-]*$/.test(key)) return `[${JSON.stringify(key)}]`;
      return i === 0 ? key : `.${key}`;
    })
    .join('');
}

export function formatProblem(problem: PolicyProblem): string {
  const position = problem.line === undefined ? '' : `:${problem.line}:${problem.col ?? 1}`;
  const path = problem.path === undefined ? '' : ` ${problem.path}`;
  return `${problem.file}${position}${path}: ${problem.message}`;
}

/** Sorted by file, then position, so the list reads like an editor's problem pane. */
export function compareProblems(a: PolicyProblem, b: PolicyProblem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0);
}

function rangeStart(node: unknown): number | undefined {
  if (typeof node !== 'object' || node === null || !('range' in node)) return undefined;
  const range: unknown = node.range;
  return Array.isArray(range) && typeof range[0] === 'number' ? range[0] : undefined;
}

function keyName(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

/**
 * The offset of the node at `path`, or of its nearest existing ancestor when the path is missing
 * (a required key that was not written). `target: 'key'` points at the last key itself.
 */
function locate(source: SourceFile, path: readonly PathSegment[], target: 'key' | 'value'): number {
  let node: unknown = source.doc.contents;
  let offset = rangeStart(node) ?? 0;
  for (const [i, segment] of path.entries()) {
    if (isAlias(node)) node = node.resolve(source.doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => keyName(item.key) === String(segment));
      if (!pair) break;
      if (i === path.length - 1 && target === 'key') return rangeStart(pair.key) ?? offset;
      node = pair.value;
      offset = rangeStart(pair.value) ?? rangeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) break;
      offset = rangeStart(node) ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

export function problemAt(
  source: SourceFile,
  path: readonly PathSegment[],
  message: string,
  target: 'key' | 'value' = 'value',
): PolicyProblem {
  const { line, col } = source.lineCounter.linePos(locate(source, path, target));
  return { file: source.name, line, col, path: formatPath(path), message };
}

/** Unknown keys become one problem each, pointing at the key, so each typo has its own line. */
export function issueProblems(
  source: SourceFile,
  issues: readonly z.core.$ZodIssue[],
): PolicyProblem[] {
  return issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => problemAt(source, [...issue.path, key], 'Unrecognized key', 'key'))
      : [problemAt(source, issue.path, issue.message)],
  );
}

export function yamlProblems(source: SourceFile): PolicyProblem[] {
  // Warnings too (an unresolved `!!tag` silently becomes a string): policies are strict.
  return [...source.doc.errors, ...source.doc.warnings].map((error) => {
    const { line, col } = source.lineCounter.linePos(error.pos[0]);
    return { file: source.name, line, col, path: '(yaml)', message: error.message };
  });
}
