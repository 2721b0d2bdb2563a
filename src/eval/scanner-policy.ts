/**
 * `parapet eval --scanner ID --params JSON`: one scanner measured alone, as a one-rule policy
 * (action block, threshold 0.5) built by the loader's own schema and compile steps, so the
 * params are validated, defaulted and cached exactly as in a policy file.
 */
import { LineCounter, parseDocument, stringify } from 'yaml';
import type { Stage } from '../contract/types.js';
import type { LoadOptions } from '../policy/load.js';
import { formatPath, formatProblem } from '../policy/problems.js';
import { buildFile, resolvePolicies, type ParsedFile } from '../policy/resolve.js';
import { createPolicySchema } from '../policy/schema.js';
import type { Policy } from '../policy/types.js';
import { evalInputError } from './dataset.js';

const PRODUCT = 'eval-scanner';

/** `--params` as JSON; absent means the scanner's defaults (when it has them). */
export function parseParams(arg: string | undefined): unknown {
  if (arg === undefined) return undefined;
  try {
    return JSON.parse(arg) as unknown;
  } catch {
    throw evalInputError('--params: not valid JSON');
  }
}

/** Names the flag a schema problem came from: the rule's params, or the scanner itself. */
function describeIssue(path: readonly PropertyKey[], message: string): string {
  const [, , field, ...rest] = path;
  if (field === 'params') {
    if (rest.length > 0) return `--params ${formatPath(rest)}: ${message}`;
    return message === 'Required'
      ? '--params: required (this scanner has no default params)'
      : `--params: ${message}`;
  }
  return `--scanner: ${message}`;
}

export function scannerPolicy(
  scannerId: string,
  params: unknown,
  stage: Stage,
  options: LoadOptions,
): Policy {
  const rule = {
    scanner: scannerId,
    action: 'block',
    threshold: 0.5,
    ...(params === undefined ? {} : { params }),
  };
  const data = { product: PRODUCT, version: 1, [stage]: [rule] };
  const parsed = createPolicySchema(options.scanners).safeParse(data, {
    error: (issue) => (issue.input === undefined ? 'Required' : undefined),
  });
  if (!parsed.success) {
    // One line per unknown key, as the loader reports them, so each typo is named.
    const problems = parsed.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((key) => describeIssue([...i.path, key], 'Unrecognized key'))
        : [describeIssue(i.path, i.message)],
    );
    throw evalInputError([...new Set(problems)].join('\n'));
  }
  const yaml = stringify(data);
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter });
  const file: ParsedFile = {
    product: PRODUCT,
    source: { name: `--scanner ${scannerId}`, doc, lineCounter },
    bytes: Buffer.from(yaml),
    data: parsed.data,
  };
  const byId = new Map(options.scanners.map((s) => [s.id, s]));
  const { built, problems } = buildFile(file, byId, options.deps);
  if (problems.length > 0) throw evalInputError(problems.map(formatProblem).join('\n'));
  const { policies } = resolvePolicies(new Map([[PRODUCT, built]]), new Set([PRODUCT]));
  const [policy] = policies;
  if (!policy) throw evalInputError(`--scanner ${scannerId}: the policy could not be resolved`);
  return policy;
}
