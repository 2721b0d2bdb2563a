/**
 * Loads every policy file of a directory in one pass and reports every problem, each as
 * `file:line:col path: message`. All or nothing: one problem anywhere fails the whole set, so a
 * half-valid directory can never be served.
 */
import { readdirSync, readFileSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import { GatewayError } from '../errors.js';
import type { Scanner, ScannerDeps } from '../contract/types.js';
import {
  compareProblems,
  formatProblem,
  issueProblems,
  problemAt,
  yamlProblems,
  type PolicyProblem,
} from './problems.js';
import { withAdapter } from './adapter-load.js';
import { buildFile, resolvePolicies, type BuiltFile, type ParsedFile } from './resolve.js';
import { createPolicySchema, policyFileSchema, type PolicySchema } from './schema.js';
import type { Policy } from './types.js';

export interface LoadOptions {
  readonly scanners: readonly Scanner[];
  readonly deps: ScannerDeps;
  /** PARAPET_SECRET, for rules that hash findings; such a rule fails to load without it. */
  readonly secret?: string;
}

/** An immutable, fully resolved set of policies, keyed by product. */
export interface PolicySet {
  get(product: string): Policy | undefined;
  /** Sorted by product. */
  list(): readonly Policy[];
}

export type LoadResult =
  | { readonly ok: true; readonly policies: PolicySet }
  | { readonly ok: false; readonly errors: readonly string[] };

// Dotfiles are editor droppings (emacs' `.#default.yaml` lock links), never policies.
const POLICY_FILE_NAME = /^[^.].*\.ya?ml$/;

export function isPolicyFileName(name: string): boolean {
  return POLICY_FILE_NAME.test(name);
}

function scannersById(scanners: readonly Scanner[]): ReadonlyMap<string, Scanner> {
  const byId = new Map<string, Scanner>();
  for (const scanner of scanners) {
    if (byId.has(scanner.id)) {
      throw new GatewayError('internal_error', { detail: `duplicate scanner id "${scanner.id}"` });
    }
    byId.set(scanner.id, scanner);
  }
  return byId;
}

/** Paths are shown relative to the directory's parent: `policies/kids-tutor.yaml`. */
function displayName(dir: string, file: string): string {
  const absolute = path.resolve(dir);
  return path.relative(path.dirname(absolute), path.join(absolute, file)).split(path.sep).join('/');
}

function errorCode(err: unknown): string {
  return err instanceof Error && 'code' in err ? String(err.code) : 'unknown error';
}

function listPolicyFiles(dir: string): string[] | PolicyProblem {
  const label = `${displayName(dir, '')}/`;
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    return { file: label, message: `Cannot read the directory (${errorCode(err)})` };
  }
  // Symlinks count: Kubernetes mounts ConfigMap files as links into a `..data` directory.
  const names = entries
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && isPolicyFileName(e.name))
    .map((e) => e.name)
    .sort();
  return names.length > 0
    ? names
    : { file: label, message: 'No policy files (*.yaml, *.yml) found' };
}

function requiredMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.input !== undefined) return undefined;
  if (issue.code === 'invalid_type') return 'Required';
  if (issue.code === 'invalid_value') return `Required: one of ${issue.values.join(', ')}`;
  return undefined;
}

function parseFile(
  dir: string,
  fileName: string,
  schema: PolicySchema,
): { parsed?: ParsedFile; problems: PolicyProblem[] } {
  const name = displayName(dir, fileName);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.join(dir, fileName));
  } catch (err) {
    return { problems: [{ file: name, message: `Cannot read the file (${errorCode(err)})` }] };
  }
  const lineCounter = new LineCounter();
  // YAML 1.2 core schema: `no`, `on` and `off` stay strings; only true/false are booleans.
  const doc = parseDocument(bytes.toString('utf8'), {
    lineCounter,
    prettyErrors: false,
    version: '1.2',
  });
  const source = { name, doc, lineCounter };
  const syntax = yamlProblems(source);
  if (syntax.length > 0) return { problems: syntax };
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }); // bounded: alias bombs are refused
  } catch (err) {
    return { problems: [{ file: name, line: 1, col: 1, path: '(yaml)', message: String(err) }] };
  }
  const product = fileName.replace(/\.ya?ml$/, '');
  const result = policyFileSchema(schema, product).safeParse(data, { error: requiredMessage });
  if (!result.success) return { problems: issueProblems(source, result.error.issues) };
  return { parsed: { product, source, bytes, data: result.data }, problems: [] };
}

function policySet(policies: readonly Policy[]): PolicySet {
  const sorted = Object.freeze([...policies].sort((a, b) => (a.product < b.product ? -1 : 1)));
  const byProduct = new Map(sorted.map((p) => [p.product, p]));
  return Object.freeze({ get: (product: string) => byProduct.get(product), list: () => sorted });
}

function parseAll(dir: string, fileNames: readonly string[], options: LoadOptions) {
  const schema = createPolicySchema(options.scanners);
  const scanners = scannersById(options.scanners);
  const problems: PolicyProblem[] = [];
  const built = new Map<string, BuiltFile>();
  const firstFile = new Map<string, string>();
  for (const fileName of fileNames) {
    const { parsed, problems: found } = parseFile(dir, fileName, schema);
    problems.push(...found);
    if (!parsed) continue;
    const other = firstFile.get(parsed.product);
    if (other !== undefined) {
      const message = `Also defined by ${displayName(dir, other)}`;
      problems.push({ file: parsed.source.name, line: 1, col: 1, path: 'product', message });
      continue;
    }
    firstFile.set(parsed.product, fileName);
    const result = buildFile(parsed, scanners, options.deps, options.secret);
    problems.push(...result.problems);
    built.set(parsed.product, result.built);
  }
  return { built, problems };
}

/**
 * Reads every `*.yaml`/`*.yml` file in `dir` (not subdirectories), validates it against the
 * scanners' schemas, resolves `extends`, applies defaults and creates each rule's ScanFn.
 * Never throws for a policy problem: those come back as `errors`, sorted by file and line.
 */
export function loadPolicies(dir: string, options: LoadOptions): LoadResult {
  const listed = listPolicyFiles(dir);
  if (!Array.isArray(listed)) return { ok: false, errors: [formatProblem(listed)] };
  const { built, problems } = parseAll(dir, listed, options);
  const known = new Set(listed.map((f) => f.replace(/\.ya?ml$/, '')));
  const resolved = resolvePolicies(built, known);
  problems.push(...resolved.problems);
  const policies = resolved.policies.map((policy) => {
    const file = built.get(policy.product);
    const name = file?.data.adapter;
    if (!file || name === undefined) return policy;
    const adapted = withAdapter(policy, dir, name);
    for (const message of adapted.problems) {
      problems.push(problemAt(file.source, ['adapter'], message));
    }
    return adapted.policy ?? policy;
  });
  if (problems.length > 0) {
    return { ok: false, errors: problems.sort(compareProblems).map(formatProblem) };
  }
  return { ok: true, policies: policySet(policies) };
}
