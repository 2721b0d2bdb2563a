/**
 * From validated files to runnable policies: each rule's ScanFn is created once, where the rule
 * is written (children share their parent's), `extends` chains are resolved and defaults applied.
 */
import type { ChatRole } from '../backends/types.js';
import { compileOperators, OperatorConfigError } from '../redaction/operators.js';
import type { ScannerDeps, Scanner, Stage } from '../contract/types.js';
import { canonicalJson, sha256Hex } from './digest.js';
import { problemAt, type PolicyProblem, type SourceFile } from './problems.js';
import { cascadeProblems } from './cascade-lint.js';
import { offloads } from '../contract/define-scanner.js';
import { offloadedScan } from './offload.js';
import { supersedeProblems } from './supersede-lint.js';
import { RULE_DEFAULTS, type RuleEntry } from './rule-schema.js';
import { POLICY_DEFAULTS, STAGES, type PolicyFile } from './schema.js';
import { rulesFor, type Policy, type Rule } from './types.js';

export interface ParsedFile {
  readonly product: string;
  readonly source: SourceFile;
  readonly bytes: Uint8Array;
  readonly data: PolicyFile;
}

export interface BuiltFile extends ParsedFile {
  readonly rules: Readonly<Record<Stage, readonly Rule[]>>;
  /** Where each rule is written (its index in its stage), so later checks can point at it. */
  readonly origins: ReadonlyMap<Rule, number>;
}

function reasonOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n', 1)[0] ?? '';
}

function buildRule(
  entry: RuleEntry,
  scanner: Scanner,
  deps: ScannerDeps,
  secret: string | undefined,
): Rule {
  // Compiled first: a hash operator without a secret must stop the load (fail closed).
  const operators = entry.operators ? compileOperators(entry.operators, secret) : undefined;
  // Parsed params, defaults included: they are exactly what `create` sees, so the cache key too.
  const params: unknown = entry.params ?? scanner.params.parse({});
  const cacheKey = sha256Hex([canonicalJson([scanner.id, scanner.version, params])]);
  // Offloaded: a scan worker creates the scanner from the same params (zod-checked above).
  const scan =
    deps.offload && offloads(scanner, params)
      ? offloadedScan(scanner, params, deps, deps.offload)
      : scanner.create(params, deps);
  return Object.freeze({
    id: entry.id ?? scanner.id,
    scanner: scanner.id,
    scannerVersion: scanner.version,
    localizes: scanner.localizes,
    ...(scanner.languages ? { languages: Object.freeze([...scanner.languages]) } : {}),
    threshold: entry.threshold ?? RULE_DEFAULTS.threshold,
    ...(entry.thresholds ? { thresholds: Object.freeze({ ...entry.thresholds }) } : {}),
    action: entry.action,
    onError: entry.on_error ?? RULE_DEFAULTS.on_error,
    timeoutMs: entry.timeout_ms ?? RULE_DEFAULTS.timeout_ms,
    ...(operators ? { operators } : {}),
    ...(entry.response !== undefined ? { response: entry.response } : {}),
    ...(entry.supersedes ? { supersedes: freezeSupersedes(entry.supersedes) } : {}),
    ...(entry.when
      ? {
          when: Object.freeze({
            rule: entry.when.rule,
            scoreBetween: Object.freeze([...entry.when.score_between] as const),
          }),
        }
      : {}),
    params,
    cacheKey,
    scan,
  });
}

function freezeSupersedes(
  s: NonNullable<RuleEntry['supersedes']>,
): NonNullable<Rule['supersedes']> {
  return Object.freeze({
    rules: Object.freeze([...s.rules]),
    ...(s.kinds ? { kinds: Object.freeze([...s.kinds]) } : {}),
  });
}

/** Creates every rule a file writes; a `create` that throws is a problem at that rule. */
export function buildFile(
  file: ParsedFile,
  scanners: ReadonlyMap<string, Scanner>,
  deps: ScannerDeps,
  secret?: string,
): { built: BuiltFile; problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  const origins = new Map<Rule, number>();
  const rulesOf = (stage: Stage): Rule[] =>
    (file.data[stage] ?? []).flatMap((entry, index) => {
      const scanner = scanners.get(entry.scanner);
      if (!scanner) return []; // unreachable: the schema only admits registered scanners
      try {
        const rule = buildRule(entry, scanner, deps, secret);
        origins.set(rule, index);
        return [rule];
      } catch (err) {
        if (err instanceof OperatorConfigError) {
          problems.push(problemAt(file.source, [stage, index, 'operators'], err.message));
          return [];
        }
        const message = `Scanner "${scanner.id}" could not be created: ${reasonOf(err)}`;
        problems.push(problemAt(file.source, [stage, index], message));
        return [];
      }
    });
  const rules = { input: rulesOf('input'), output: rulesOf('output') };
  return { built: { ...file, rules, origins }, problems };
}

/** The file itself first, then its parent, up to the root; undefined when the chain is broken. */
function chainOf(
  start: BuiltFile,
  files: ReadonlyMap<string, BuiltFile>,
  known: ReadonlySet<string>,
  problems: PolicyProblem[],
): BuiltFile[] | undefined {
  const chain = [start];
  for (let current = start; current.data.extends !== undefined;) {
    const parentName = current.data.extends;
    if (chain.some((f) => f.product === parentName)) {
      // Reported by each member of the cycle; files that merely lead into one stay quiet.
      if (parentName === start.product) {
        const cycle = [...chain.map((f) => f.product), parentName].join(' -> ');
        problems.push(problemAt(start.source, ['extends'], `Cycle: ${cycle}`));
      }
      return undefined;
    }
    const parent = files.get(parentName);
    if (!parent) {
      // A parent that exists but is invalid has its own problems reported already.
      if (current === start && !known.has(parentName)) {
        const message = `Unknown policy "${parentName}" (known: ${[...known].sort().join(', ')})`;
        problems.push(problemAt(start.source, ['extends'], message));
      }
      return undefined;
    }
    chain.push(parent);
    current = parent;
  }
  return chain;
}

/** Parent rules first, in order; a child rule with the same id replaces it in place. */
function mergeRules(base: readonly Rule[], overrides: readonly Rule[]): Rule[] {
  const merged = [...base];
  for (const rule of overrides) {
    const at = merged.findIndex((r) => r.id === rule.id);
    if (at >= 0) merged[at] = rule;
    else merged.push(rule);
  }
  return merged;
}

interface Settings {
  readonly mode: Policy['mode'];
  readonly refusal: string;
  readonly restorePii: boolean;
  readonly unsupportedLanguage: Policy['unsupportedLanguage'];
  readonly auditText: Policy['audit']['text'];
  readonly scanRoles: readonly ChatRole[];
  readonly holdbackChars: number;
  readonly checkEveryChars: number;
  readonly tokensPerMinute: number | undefined;
  readonly input: readonly Rule[];
  readonly output: readonly Rule[];
}

const DEFAULT_SETTINGS: Settings = {
  mode: POLICY_DEFAULTS.mode,
  refusal: POLICY_DEFAULTS.refusal,
  restorePii: POLICY_DEFAULTS.restore_pii,
  unsupportedLanguage: POLICY_DEFAULTS.unsupported_language,
  auditText: POLICY_DEFAULTS.audit.text,
  scanRoles: POLICY_DEFAULTS.scan_roles,
  holdbackChars: POLICY_DEFAULTS.stream.holdback_chars,
  checkEveryChars: POLICY_DEFAULTS.stream.check_every_chars,
  tokensPerMinute: undefined,
  input: POLICY_DEFAULTS.input,
  output: POLICY_DEFAULTS.output,
};

function overlay(base: Settings, file: BuiltFile): Settings {
  const d = file.data;
  return {
    mode: d.mode ?? base.mode,
    refusal: d.refusal ?? base.refusal,
    restorePii: d.restore_pii ?? base.restorePii,
    unsupportedLanguage: d.unsupported_language ?? base.unsupportedLanguage,
    auditText: d.audit?.text ?? base.auditText,
    scanRoles: d.scan_roles ?? base.scanRoles,
    holdbackChars: d.stream?.holdback_chars ?? base.holdbackChars,
    checkEveryChars: d.stream?.check_every_chars ?? base.checkEveryChars,
    tokensPerMinute: d.limits?.tokens_per_minute ?? base.tokensPerMinute,
    input: mergeRules(base.input, file.rules.input),
    output: mergeRules(base.output, file.rules.output),
  };
}

function resolveChain(chain: readonly [BuiltFile, ...BuiltFile[]]): Policy {
  const [self] = chain;
  const s = [...chain].reverse().reduce(overlay, DEFAULT_SETTINGS);
  return Object.freeze({
    product: self.product,
    version: self.data.version,
    // Describes this file's product, so it is not inherited like the settings are.
    ...(self.data.description === undefined ? {} : { description: self.data.description }),
    ...(self.data.extends === undefined ? {} : { extends: self.data.extends }),
    mode: s.mode,
    refusal: s.refusal,
    restorePii: s.restorePii,
    unsupportedLanguage: s.unsupportedLanguage,
    audit: Object.freeze({ text: s.auditText }),
    scanRoles: Object.freeze([...s.scanRoles]),
    stream: Object.freeze({ holdbackChars: s.holdbackChars, checkEveryChars: s.checkEveryChars }),
    ...(s.tokensPerMinute === undefined
      ? {}
      : { limits: Object.freeze({ tokensPerMinute: s.tokensPerMinute }) }),
    input: Object.freeze([...s.input]),
    output: Object.freeze([...s.output]),
    file: self.source.name,
    // For a file without extends this equals `sha256sum` of the file.
    sha256: sha256Hex(chain.map((f) => f.bytes)),
  });
}

/** `known` holds every product found on disk, valid or not, to tell "unknown" from "broken". */
export function resolvePolicies(
  files: ReadonlyMap<string, BuiltFile>,
  known: ReadonlySet<string>,
): { policies: Policy[]; problems: PolicyProblem[] } {
  const problems: PolicyProblem[] = [];
  const policies: Policy[] = [];
  for (const file of files.values()) {
    const chain = chainOf(file, files, known, problems);
    if (chain) policies.push(resolveChain([file, ...chain.slice(1)]));
  }
  problems.push(...gateProblems(policies, files));
  return { policies, problems };
}

/**
 * `when` gates name known rules and form no cycle, `supersedes` names known rules; each problem
 * once, where the rule is written.
 */
function gateProblems(
  policies: readonly Policy[],
  files: ReadonlyMap<string, BuiltFile>,
): PolicyProblem[] {
  const found = new Map<string, PolicyProblem>();
  for (const policy of policies) {
    for (const stage of STAGES) {
      const rules = rulesFor(policy, stage);
      const located = [
        ...cascadeProblems(stage, rules).map((p) => ({ ...p, at: ['when', 'rule'] })),
        ...supersedeProblems(stage, rules).map((p) => ({ ...p, at: ['supersedes', 'rules'] })),
      ];
      for (const { rule, message, at } of located) {
        const file = [...files.values()].find((f) => f.origins.has(rule));
        const index = file?.origins.get(rule);
        if (!file || index === undefined) continue; // every built rule has an origin
        const problem = problemAt(file.source, [stage, index, ...at], message);
        found.set(`${problem.file}:${problem.line}:${problem.message}`, problem);
      }
    }
  }
  return [...found.values()];
}
