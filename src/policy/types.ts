/** A product's policy after validation, `extends` resolution and defaults: what the pipeline runs. */
import type { ChatRole } from '../backends/types.js';
import type { OperatorSet } from '../redaction/operators.js';
import type { Action, ScanFn, Stage } from '../contract/types.js';

export type OnError = 'block' | 'flag';
/** What a rule adds on text in a language its scanner does not declare (language-gate.ts). */
export type UnsupportedLanguage = 'allow' | 'flag' | 'block';

/** A cascade gate: run only on texts where rule `rule` (same stage) scored within the band. */
export interface RuleGate {
  readonly rule: string;
  /** Inclusive [low, high]. */
  readonly scoreBetween: readonly [number, number];
}

export interface Rule {
  /** Unique within its stage; defaults to the scanner id. A child policy's rule with the same id replaces the parent's. */
  readonly id: string;
  readonly scanner: string;
  readonly scannerVersion: string;
  readonly localizes: boolean;
  /** The scanner's declared languages (ISO 639-3); absent: any. */
  readonly languages?: readonly string[];
  /** A rule fires when the scanner's score is >= threshold ... */
  readonly threshold: number;
  /** ... or, when set, when any finding of kind K has score >= thresholds[K] (other kinds: never). */
  readonly thresholds?: Readonly<Record<string, number>>;
  readonly action: Action;
  readonly onError: OnError;
  readonly timeoutMs: number;
  /** Input flag/block rules: the text the user gets instead of the model's reply or the refusal. */
  readonly response?: string;
  /**
   * With `response`: the rules whose block gives way to it on the user messages where this rule
   * found something (of `kinds`, when set).
   */
  readonly supersedes?: {
    readonly rules: readonly string[];
    readonly kinds?: readonly string[];
  };
  /** Set: the rule runs after the named rule, only on texts whose score there is in the band. */
  readonly when?: RuleGate;
  /** How `redact` replaces each finding kind; placeholders (`replace`) when absent. */
  readonly operators?: OperatorSet;
  /** Validated scanner params, kept for the cache key and docs. */
  readonly params: unknown;
  /** sha256 of (scanner id, version, params): part of the scan-result cache key. */
  readonly cacheKey: string;
  readonly scan: ScanFn;
  /** Set when the product's adapter corrects this rule (adapter-load.ts). */
  readonly adapter?: RuleAdapter;
}

/**
 * A rule's learned correction: the adapted logit is a · margin + c + correction(text), where
 * margin is how far the rule's score is past its threshold in logit space (rule-margin.ts);
 * the adapted rule fires when that logit is >= 0.
 */
export interface RuleAdapter {
  readonly a: number;
  readonly c: number;
  /** The linear term over the text's hashed n-grams; absent: 0 (too few labels for one). */
  readonly correction?: (text: string) => number;
  /** shadow: record what the adapter would change, enforce nothing. */
  readonly mode: 'shadow' | 'enforce';
}

/** Which adapter a policy runs with, recorded in every audit event of the product. */
export interface PolicyAdapter {
  /** The file name, e.g. `kitchen-shop.adapter.json`. */
  readonly name: string;
  readonly sha256: string;
  readonly mode: 'shadow' | 'enforce';
}

export type AuditText = 'all' | 'flagged_only' | 'none';

export interface Policy {
  readonly product: string;
  readonly version: number;
  readonly description?: string;
  readonly extends?: string;
  readonly mode: 'enforce' | 'shadow';
  readonly refusal: string;
  readonly restorePii: boolean;
  readonly unsupportedLanguage: UnsupportedLanguage;
  /** Which decisions keep their texts in the audit event (issue 18 item 7). */
  readonly audit: { readonly text: AuditText };
  /** Which input messages are scanned (the untrusted parts). */
  readonly scanRoles: readonly ChatRole[];
  readonly stream: { readonly holdbackChars: number; readonly checkEveryChars: number };
  /** Usage limits; absent: none. */
  readonly limits?: { readonly tokensPerMinute: number };
  readonly input: readonly Rule[];
  readonly output: readonly Rule[];
  /** Path of the policy file, relative to the policies directory's parent when possible. */
  readonly file: string;
  /** sha256 of the file and every file it extends, in order. */
  readonly sha256: string;
  /** The product's adapter (`adapter:` in the file; not inherited). */
  readonly adapter?: PolicyAdapter;
}

export function rulesFor(policy: Policy, stage: Stage): readonly Rule[] {
  return stage === 'input' ? policy.input : policy.output;
}

export interface PolicyStatus {
  readonly ok: boolean;
  readonly products: readonly string[];
  readonly loadedAt: string;
  /** Problems of the last failed load (file:yaml.path: message); the last good set is still served. */
  readonly errors: readonly string[];
  readonly lastReloadAt?: string;
}

export interface PolicyStore {
  get(product: string): Policy | undefined;
  list(): readonly Policy[];
  status(): PolicyStatus;
  close(): Promise<void>;
}
