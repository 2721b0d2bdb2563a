/**
 * The review side of the audit trail (DESIGN §7): what reviewers query and the labels they add.
 * Labels live beside events and never edit them, so the hash chain stays verifiable. Both audit
 * stores (SQLite, Postgres) implement this; the reviewer API and pages use nothing else.
 */
import type { Action } from '../contract/types.js';
import type { StoredAuditEvent } from './types.js';

export type Verdict = 'correct' | 'false_positive' | 'missed';
export const VERDICTS: readonly Verdict[] = ['correct', 'false_positive', 'missed'];

export interface Label {
  readonly id: string;
  readonly decisionId: string;
  readonly verdict: Verdict;
  readonly note: string | null;
  /** Reviewer token id (never the token). */
  readonly reviewer: string;
  readonly time: string;
}

/** Which products a reviewer may see: a list, or every product. */
export type ProductScope = readonly string[] | 'all';

export interface DecisionQuery {
  readonly scope: ProductScope;
  /** `pending`: queued and not labeled yet; `labeled`: at least one label. */
  readonly state?: 'pending' | 'labeled';
  readonly product?: string;
  /** Only decisions where a rule of this scanner fired (action other than allow) or errored. */
  readonly scanner?: string;
  readonly action?: Action;
  /** ISO times, inclusive from, exclusive to. */
  readonly from?: string;
  readonly to?: string;
  readonly limit: number;
  /** Opaque, from the previous page's `nextCursor`. */
  readonly cursor?: string;
}

/** What a reviewer triages a queue row by, derived from the stored (redacted) event. */
export interface DecisionTriage {
  /** `shadow`: the action was computed, not enforced. */
  readonly mode: 'enforce' | 'shadow';
  /** The rule that decided: strongest action, then highest score; null when none fired. */
  readonly topRule: {
    readonly rule: string;
    readonly scanner: string;
    readonly score: number;
    readonly action: Action;
  } | null;
  /** Highest score of any rule that ran. */
  readonly topScore: number | null;
  /** Up to 120 characters of the stored, already redacted text, near the top finding. */
  readonly snippet: string;
}

/** One row of the queue: enough to list and triage it without loading the whole event. */
export interface DecisionSummary extends DecisionTriage {
  readonly id: string;
  readonly seq: number;
  readonly time: string;
  readonly product: string;
  readonly route: string;
  readonly action: Action;
  readonly flagged: boolean;
  /** Scanners whose rules fired or errored. */
  readonly scanners: readonly string[];
  /** Latest label's verdict, if any. */
  readonly verdict: Verdict | null;
}

export interface DecisionPage {
  /** Newest first. */
  readonly items: readonly DecisionSummary[];
  readonly nextCursor: string | null;
}

export interface StatsQuery {
  readonly scope: ProductScope;
  readonly from?: string;
  readonly to?: string;
  readonly bucket: 'hour' | 'day';
}

export interface StatsRow {
  /** Bucket start, ISO. */
  readonly bucket: string;
  readonly product: string;
  /** Scanner id, or `*` for the product's totals. */
  readonly scanner: string;
  readonly decisions: number;
  readonly flagged: number;
  readonly blocked: number;
  /**
   * Decisions where the product's shadow adapter would have changed a rule's verdict (a scanner
   * row: a rule of that scanner, among the decisions it fired on).
   */
  readonly adapterChanges: number;
  readonly labeled: number;
  readonly falsePositives: number;
  readonly missed: number;
}

export interface ReviewStore {
  listDecisions(query: DecisionQuery): Promise<DecisionPage>;
  /** Undefined when the id is unknown or outside the scope (callers cannot tell which). */
  getDecision(
    id: string,
    scope: ProductScope,
  ): Promise<{ readonly event: StoredAuditEvent; readonly labels: readonly Label[] } | undefined>;
  /** Rejects when the decision is unknown or outside the scope. */
  addLabel(label: Omit<Label, 'id' | 'time'>, scope: ProductScope): Promise<Label>;
  stats(query: StatsQuery): Promise<readonly StatsRow[]>;
  /** Labeled decisions (latest label each), oldest first, for `parapet eval`-schema export. */
  labeled(
    scope: ProductScope,
  ): AsyncIterable<{ readonly event: StoredAuditEvent; readonly label: Label }>;
}
