/**
 * The incremental output guard: a streamed reply is released to the user only after the output
 * rules have scanned it, minus a hold-back window so that an entity or phrase still arriving is
 * seen whole before any of it leaves. Redaction and placeholder restore apply to each released
 * segment; a block stops release for good.
 *
 * Each check scans the whole reply so far, not a window: rules such as `length`, and
 * document-level classifiers, judge the whole reply, and a window would let them see less than
 * they judge at the end. The cost is bounded by `check_every_chars` (measured in
 * docs/benchmarks.md).
 */
import type { StreamRelease } from '../audit/types.js';
import type { Policy } from '../policy/types.js';
import { runStage } from './run-stage.js';
import type { RedactedText, StageResult } from './stage-result.js';
import { ScanCache } from './scan-cache.js';
import type { Vault } from '../redaction/vault.js';

export type GuardStep =
  | { readonly kind: 'release'; readonly text: string }
  | { readonly kind: 'block'; readonly stage: StageResult };

export type StreamStats = StreamRelease;

const SENTENCE_END = /[.!?\n]/;
// A cut here cannot split a word or a placeholder: `[EMAIL_1]` is letters, digits, _ and brackets.
const BOUNDARY = /[\s.,;:!?"'(){}<>\]]/u;
/** Past this many characters without a boundary (base64, long URLs) the cut is made anyway. */
const MAX_BOUNDARY_SEARCH = 64;

export class StreamGuard {
  readonly #policy: Policy;
  readonly #vault: Vault;
  readonly #signal: AbortSignal;
  readonly #cache = new ScanCache(8);
  #raw = '';
  #scannedEnd = 0;
  #released = 0;
  #checks = 0;
  #lateRedactions = 0;
  #blockedAt: number | undefined;
  #last: StageResult | undefined;

  constructor(policy: Policy, ctx: { readonly vault: Vault; readonly signal: AbortSignal }) {
    this.#policy = policy;
    this.#vault = ctx.vault;
    this.#signal = ctx.signal;
  }

  /** Adds a delta; scans when enough new text (or a sentence end) has arrived. */
  async push(delta: string): Promise<GuardStep> {
    this.#raw += delta;
    const fresh = this.#raw.length - this.#scannedEnd;
    const due =
      fresh >= this.#policy.stream.checkEveryChars || (fresh > 0 && SENTENCE_END.test(delta));
    return due ? this.#check(false) : { kind: 'release', text: '' };
  }

  /** The backend finished: scan the whole reply and release everything left. */
  finish(): Promise<GuardStep> {
    return this.#check(true);
  }

  /** The last scan of the reply: what the audit event records. */
  get stage(): StageResult | undefined {
    return this.#last;
  }

  get reply(): string {
    return this.#raw;
  }

  /** The reply as far as it was scanned, redacted (for the audit record: never unscanned text). */
  get redactedReply(): string {
    return this.#last?.texts[0]?.text ?? '';
  }

  stats(): StreamStats {
    return {
      releasedChars: this.#released,
      withheldChars: this.#raw.length - this.#released,
      checks: this.#checks,
      lateRedactions: this.#lateRedactions,
      ...(this.#blockedAt === undefined ? {} : { blockedAt: this.#blockedAt }),
    };
  }

  async #check(final: boolean): Promise<GuardStep> {
    if (this.#blockedAt !== undefined && this.#last) return { kind: 'block', stage: this.#last };
    const texts = [{ index: -1, text: this.#raw }];
    const ctx = { vault: this.#vault, cache: this.#cache, signal: this.#signal };
    const stage = await runStage(this.#policy, 'output', texts, ctx);
    this.#last = stage;
    this.#scannedEnd = this.#raw.length;
    this.#checks++;
    if (stage.action === 'block') {
      this.#blockedAt = this.#scannedEnd;
      return { kind: 'block', stage };
    }
    return { kind: 'release', text: this.#release(stage.texts[0], final) };
  }

  #release(scanned: RedactedText | undefined, final: boolean): string {
    const redactions = scanned?.redactions ?? [];
    let end = final ? this.#raw.length : this.#scannedEnd - this.#policy.stream.holdbackChars;
    if (!final) {
      for (const r of redactions) if (r.from.start < end && end < r.from.end) end = r.from.start;
      end = this.#outsidePlaceholder(this.#boundaryAtOrBefore(end));
    }
    if (end <= this.#released) return '';
    let out = '';
    let cursor = this.#released;
    for (const r of redactions) {
      if (r.from.end <= cursor || r.from.start >= end) continue;
      if (r.from.start < cursor) this.#lateRedactions++;
      out += this.#raw.slice(cursor, Math.max(cursor, r.from.start)) + r.placeholder;
      cursor = r.from.end;
    }
    out += this.#raw.slice(cursor, Math.max(cursor, end));
    this.#released = Math.max(cursor, end);
    const restore = this.#policy.restorePii && this.#policy.mode === 'enforce';
    return restore ? this.#vault.restore(out) : out;
  }

  /** A rephrased placeholder may hold spaces (`[ EMAIL 1 ]`): never cut through one. */
  #outsidePlaceholder(end: number): number {
    if (!this.#policy.restorePii) return end;
    const from = Math.max(this.#released, end - MAX_BOUNDARY_SEARCH);
    const window = this.#raw.slice(from, end + MAX_BOUNDARY_SEARCH);
    for (const p of this.#vault.placeholdersIn(window)) {
      if (from + p.start < end && end < from + p.end) return from + p.start;
    }
    return end;
  }

  #boundaryAtOrBefore(end: number): number {
    const floor = Math.max(this.#released, end - MAX_BOUNDARY_SEARCH);
    for (let p = end; p > floor; p--) if (BOUNDARY.test(this.#raw[p - 1] ?? '')) return p;
    return end - floor >= MAX_BOUNDARY_SEARCH ? end : this.#released;
  }
}
