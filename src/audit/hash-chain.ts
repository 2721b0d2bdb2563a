/**
 * The audit hash chain (DESIGN §7). Each event's hash covers the previous event's hash and the
 * event's canonical JSON, so editing, deleting or reordering stored events breaks a link that
 * `verifyChain` finds. The format is meant to be reproducible by anyone with a sha256 tool:
 *
 *   hash = sha256_hex(prevHash + "\n" + canonicalJson(event without seq/prevHash/hash))
 *
 * canonicalJson sorts object keys by UTF-16 code units and writes numbers and strings exactly as
 * JSON.stringify does: for the values an event holds this is RFC 8785 (JCS) output.
 *
 * A chain alone cannot reveal that its newest events were cut off (truncation at the tail); that
 * needs the head hash recorded somewhere else, e.g. the decision log.
 */
import { createHash } from 'node:crypto';
import type { AuditEvent, StoredAuditEvent, VerifyReport } from './types.js';

/** prevHash of the first event in a store. */
export const GENESIS_HASH = '0'.repeat(64);

/** Fields the store adds; they are positions in the chain, not part of what is hashed. */
const STORE_FIELDS: ReadonlySet<string> = new Set(['seq', 'prevHash', 'hash']);

function hasToJson(value: object): value is { toJSON: () => unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === 'function';
}

// Plain string concatenation without intermediate entry arrays: every request serializes its
// event on the request path.
function canonicalValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // String() equals JSON.stringify for finite numbers (-0 → "0"); NaN/Infinity become null
      // as in JSON.stringify, so a stored event re-hashes identically.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      if (Array.isArray(value)) return canonicalArray(value);
      // Same as JSON.stringify (e.g. a Date becomes its ISO string), so the stored form round-trips.
      if (hasToJson(value)) return canonicalValue(value.toJSON());
      return canonicalObject(value, false);
    case 'bigint':
    case 'symbol':
    case 'function':
    case 'undefined':
      // JSON has no stable form for these (undefined is dropped earlier where JSON drops it).
      throw new TypeError(`audit event holds a value JSON cannot represent (${typeof value})`);
  }
}

function canonicalArray(items: readonly unknown[]): string {
  let out = '[';
  for (let index = 0; index < items.length; index += 1) {
    const item = items[index];
    if (index > 0) out += ',';
    // JSON.stringify writes null for holes and unserializable items inside arrays.
    out += item === undefined || typeof item === 'function' ? 'null' : canonicalValue(item);
  }
  return `${out}]`;
}

function canonicalObject(value: object, skipStoreFields: boolean): string {
  const record = value as Readonly<Record<string, unknown>>;
  // Default sort compares UTF-16 code units, the order RFC 8785 prescribes.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const item = record[key];
    if (item === undefined || typeof item === 'function') continue;
    if (skipStoreFields && STORE_FIELDS.has(key)) continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalValue(item)}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * Canonical JSON of an event. Store-owned fields (seq, prevHash, hash) are left out, so a
 * StoredAuditEvent and the AuditEvent it came from serialize identically.
 */
export function canonicalEventJson(event: AuditEvent): string {
  return canonicalObject(event, true);
}

/** Hash of an event given as canonical JSON (what the store writes to its `event` column). */
export function hashCanonical(prevHash: string, canonicalJson: string): string {
  return createHash('sha256').update(`${prevHash}\n${canonicalJson}`, 'utf8').digest('hex');
}

export function eventHash(prevHash: string, event: AuditEvent): string {
  return hashCanonical(prevHash, canonicalEventJson(event));
}

export type BrokenLink = NonNullable<VerifyReport['brokenAt']>;

/**
 * Checks events one at a time, so stores can stream their tables through it (sync or async)
 * without holding them in memory. Stops at the first broken link: everything after it is
 * unverifiable anyway, since its predecessor can no longer be trusted.
 */
export class ChainVerifier {
  private expectedSeq: number;
  private prevHash: string;
  private checkedCount = 0;
  private broken: BrokenLink | undefined;

  /** `from` lets a caller start after a trusted anchor instead of at the genesis. */
  constructor(
    from: { readonly seq: number; readonly hash: string } = { seq: 0, hash: GENESIS_HASH },
  ) {
    this.expectedSeq = from.seq + 1;
    this.prevHash = from.hash;
  }

  /**
   * Returns false once the chain is broken; later events are then ignored. `otherProblem` is a
   * caller's own finding about this event (e.g. a store column disagreeing with it), reported
   * only if the chain itself holds, so an edited event is named as such first.
   */
  push(event: StoredAuditEvent, otherProblem?: string): boolean {
    if (this.broken !== undefined) return false;
    const problem = this.check(event) ?? otherProblem;
    if (problem !== undefined) {
      this.broken = { seq: event.seq, id: event.id, reason: problem };
      return false;
    }
    this.checkedCount += 1;
    this.expectedSeq = event.seq + 1;
    this.prevHash = event.hash;
    return true;
  }

  /** Records an event the caller could not even decode (e.g. a row whose JSON does not parse). */
  fail(link: BrokenLink): void {
    this.broken ??= link;
  }

  report(): VerifyReport {
    return this.broken === undefined
      ? { ok: true, checked: this.checkedCount }
      : { ok: false, checked: this.checkedCount, brokenAt: this.broken };
  }

  private check(event: StoredAuditEvent): string | undefined {
    if (event.seq > this.expectedSeq) {
      return `seq gap: seq ${this.expectedSeq} is missing (deleted or reordered event)`;
    }
    if (event.seq < this.expectedSeq) {
      return `seq out of order: expected ${this.expectedSeq} (reordered or duplicated event)`;
    }
    if (event.prevHash !== this.prevHash) {
      return "prev_hash does not match the previous event's hash (deleted or reordered event)";
    }
    let recomputed: string;
    try {
      recomputed = eventHash(event.prevHash, event);
    } catch {
      return 'event content cannot be serialized (edited event)';
    }
    if (recomputed !== event.hash) {
      return 'hash does not match the event content (edited event)';
    }
    return undefined;
  }
}

/** Verifies a whole chain from the genesis (or from `from`), in iteration order. */
export function verifyChain(
  events: Iterable<StoredAuditEvent>,
  from?: { readonly seq: number; readonly hash: string },
): VerifyReport {
  const verifier = new ChainVerifier(from);
  for (const event of events) {
    if (!verifier.push(event)) break;
  }
  return verifier.report();
}
