/**
 * One AuditEvent per request (DESIGN §7). Only redacted text is stored; scores, spans and
 * versions say why the decision was taken. Each event carries the hash of the previous one.
 */
import type { Action, Stage } from '../contract/types.js';

export interface AuditFinding {
  readonly kind: string;
  readonly score: number;
  /** Offsets into the stored (redacted) text of the message the finding is in. */
  readonly start?: number;
  readonly end?: number;
  /** Index into `messages` (input) or -1 for the reply. */
  readonly message?: number;
}

export interface RuleOutcome {
  readonly rule: string;
  readonly scanner: string;
  /**
   * scannerVersion, threshold and ruleAction are configuration (the policy at policySha256
   * holds them): format 2 leaves them out of a quiet rule (see isQuietRule), the one a reviewer
   * has nothing to compare: allow, score 0, no findings, no error.
   */
  readonly scannerVersion?: string;
  readonly stage: Stage;
  /** Absent in format 2 when 0 (read it with `?? 0`). */
  readonly score?: number;
  readonly threshold?: number | Readonly<Record<string, number>>;
  /** The rule's configured action. */
  readonly ruleAction?: Action;
  /** What this rule contributed: ruleAction when it fired, `allow` otherwise. */
  readonly action: Action;
  /** Absent in format 2 when there are none. */
  readonly findings?: readonly AuditFinding[];
  readonly durationMs: number;
  /** Format 2 writes it only when true. */
  readonly cached?: boolean;
  /** Error code when the scanner could not run (scanner_failed / scanner_timeout). */
  readonly error?: string;
  /**
   * The rule did not run: its `when` gate let no text through. Its score (0) and action (allow)
   * are placeholders, not a measurement.
   */
  readonly skipped?: true;
  /**
   * What the product's adapter made of this rule (policy `adapter:`): its probability that the
   * rule should fire and whether it fires by it. In shadow mode `action` ignores it, so a
   * difference between `adapted.fired` and `action` is the would-be change.
   */
  readonly adapted?: { readonly score: number; readonly fired: boolean };
  /**
   * The detected language (ISO 639-3) of a scanned text, when the scanner does not declare it:
   * the policy's `unsupported_language` was added to `action`. A code, never text.
   */
  readonly unsupportedLanguage?: string;
  /**
   * Id of the rule whose `response` superseded this rule's block (policy `supersedes:`): the
   * rule fired (ruleAction block) on the same user text, and `action` is flag.
   */
  readonly supersededBy?: string;
}

export type StreamCoverage = 'scanned' | 'partial' | 'unscanned';

/** A tool or function call as stored: its arguments redacted like any other text. */
export interface StoredCall {
  readonly name: string;
  readonly arguments?: string;
}

/** How a streamed reply was released by the incremental output guard. */
export interface StreamRelease {
  readonly releasedChars: number;
  readonly withheldChars: number;
  readonly checks: number;
  /** Reply offset scanned when the block was found. */
  readonly blockedAt?: number;
  /** Redactions found after part of their span had been released (hold-back too short). */
  readonly lateRedactions: number;
}

/** Which texts a policy's `audit.text` keeps; recorded on an event that left its texts out. */
export type AuditTextSetting = 'all' | 'flagged_only' | 'none';

/**
 * Format 2 (issue 18 item 7) leaves defaults out of rule outcomes (score 0, no findings, not
 * cached) and may leave texts out (`textOmitted`). Format 1 events have no `format` field; both
 * are stored as written, so old events keep their hashes.
 */
export const AUDIT_EVENT_FORMAT = 2;

export interface AuditEvent {
  /** Absent: format 1. */
  readonly format?: typeof AUDIT_EVENT_FORMAT;
  readonly id: string;
  readonly requestId: string;
  readonly time: string;
  readonly route: 'chat' | 'guard' | 'check' | 'moderation';
  readonly product: string;
  readonly keyId: string | null;
  readonly policyVersion: number;
  readonly policySha256: string;
  /** The product's adapter file, when its policy names one: name, sha256 and mode. */
  readonly adapter?: {
    readonly name: string;
    readonly sha256: string;
    readonly mode: 'enforce' | 'shadow';
  };
  readonly mode: 'enforce' | 'shadow';
  /** Final action for the request; in shadow mode the computed (not enforced) action. */
  readonly action: Action;
  readonly enforced: boolean;
  /**
   * A rule asked for review (action or on_error `flag`). Kept apart from `action`: a stronger
   * action (redact) must not hide that a reviewer should look.
   */
  readonly flagged: boolean;
  readonly rules: readonly RuleOutcome[];
  /**
   * A rule's `response` fired (policy-reference.md): which rule's, and whether the user got it
   * (false in shadow mode, where the user sees the model's reply). Absent: no response fired.
   */
  readonly response?: { readonly rule: string; readonly applied: boolean };
  /**
   * Set when the policy's `audit.text` left this decision's texts out: then no message has
   * `content` and the output has no `text`.
   */
  readonly textOmitted?: Exclude<AuditTextSetting, 'all'>;
  readonly input: {
    readonly messages: readonly {
      readonly role: string;
      readonly content?: string;
      /** An assistant turn's calls (arguments redacted, and left out with the texts). */
      readonly toolCalls?: readonly StoredCall[];
    }[];
    readonly action: Action;
  };
  readonly output: {
    readonly text?: string;
    /** The tool calls the model asked for, likewise. */
    readonly toolCalls?: readonly StoredCall[];
    readonly action: Action;
    readonly coverage: StreamCoverage;
    readonly stream?: StreamRelease;
  } | null;
  readonly stream: boolean;
  readonly backend: { readonly kind: string; readonly model: string } | null;
  readonly usage: { readonly promptTokens: number; readonly completionTokens: number } | null;
  readonly latencyMs: {
    readonly input: number;
    readonly backend: number | null;
    readonly output: number | null;
    readonly total: number;
  };
  /** Client-visible outcome: `ok`, or an error code from the catalogue. */
  readonly outcome: string;
}

/** What the store adds: position and the chain link. */
export interface StoredAuditEvent extends AuditEvent {
  readonly seq: number;
  readonly prevHash: string;
  readonly hash: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly checked: number;
  /** First broken link, if any. */
  readonly brokenAt?: { readonly seq: number; readonly id: string; readonly reason: string };
  /** Where the check started when older events were purged (retention): seq and hash of the last purged event. */
  readonly anchor?: ChainAnchor;
}

/** The last purged event: the chain after a purge is verified from here instead of the genesis. */
export interface ChainAnchor {
  readonly seq: number;
  readonly hash: string;
}

export interface PurgeReport {
  readonly purged: number;
  /** The anchor after the purge (unchanged when nothing was old enough). */
  readonly anchor: ChainAnchor | null;
}

/** Retention (audit_retention_days): both stores implement it. */
export interface AuditRetention {
  /**
   * Deletes the oldest events whose time is before `before` (ISO), with their labels, and moves
   * the anchor to the last one deleted. Stops at the first event that is not old enough, so what
   * remains is always an unbroken chain from the anchor.
   */
  purge(before: string): Promise<PurgeReport>;
}

export interface AuditStore {
  /** Resolves once the event is durably committed (group commit); rejects when it is not. */
  append(event: AuditEvent): Promise<void>;
  /** Events in append order, from `since` (ISO time) on. */
  export(options?: { since?: string }): AsyncIterable<StoredAuditEvent>;
  get(id: string): Promise<StoredAuditEvent | undefined>;
  verify(): Promise<VerifyReport>;
  /** Cheap liveness check for /readyz. */
  healthy(): Promise<boolean>;
  /** Flushes pending writes, then closes. */
  close(): Promise<void>;
}

/**
 * A recorded chain head (issue 18 item 8): the chain cannot show that its newest events were
 * cut off, so the gateway records (seq, hash) now and then, in the store and in an optional
 * append-only file elsewhere, and verify checks the chain still reaches each one.
 */
export interface Checkpoint {
  readonly seq: number;
  readonly hash: string;
  /** When it was taken (ISO). */
  readonly time: string;
  /** HMAC-SHA256 (hex) of the other fields under PARAPET_SECRET; null when none was set. */
  readonly mac: string | null;
}

/** What verify needs to know about the chain at the checkpoints' positions. */
export interface ChainPositions {
  /** Hash of the event at each asked seq that still exists. */
  readonly hashes: ReadonlyMap<number, string>;
  /** Read after the hashes, so a purge running meanwhile cannot look like a deletion. */
  readonly anchor: ChainAnchor | undefined;
  /** Newest seq in the chain (the anchor's when everything was purged; 0 when empty). */
  readonly headSeq: number;
}

/** Checkpoint storage: both stores keep them in an `audit_checkpoints` table. */
export interface CheckpointStore {
  /** The newest event's seq and hash; undefined when the store holds no event. */
  head(): Promise<ChainAnchor | undefined>;
  /** Idempotent: a second checkpoint for the same seq (another replica) is ignored. */
  save(checkpoint: Checkpoint): Promise<void>;
  /** Stored checkpoints, oldest first. */
  list(): Promise<Checkpoint[]>;
  positions(seqs: readonly number[]): Promise<ChainPositions>;
}
