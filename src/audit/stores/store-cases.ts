/**
 * One suite for both audit stores (SQLite, Postgres): the review queue, labels, stats, tamper
 * evidence and retention. Each store's test file supplies a harness that opens fresh, isolated
 * stores and runs raw SQL behind the store's back (how the tests play an attacker). The SQL the
 * cases use is valid in both dialects.
 */
import type { OpenedAuditStore } from './open-store.js';
import { makeEvent } from '../test-events.js';
import type { AuditEvent, RuleOutcome } from '../types.js';

export interface HarnessStore {
  readonly store: OpenedAuditStore;
  /** Runs SQL (several statements allowed) on the store's database through another connection. */
  readonly exec: (sql: string) => Promise<void>;
  /** Closes the store and the raw connection and drops what the store created. */
  readonly cleanup: () => Promise<void>;
}

export interface StoreHarness {
  readonly name: string;
  /** Undefined when the store can run here; otherwise why the suite is skipped. */
  readonly skip: string | undefined;
  readonly fresh: (options?: { reviewSample?: number }) => Promise<HarnessStore>;
  /** Cleans up whatever a failed test left open (an open pool keeps the test process alive). */
  readonly cleanupAll: () => Promise<void>;
}

/** A decision where `scanner`'s rule fired with `action` (the others stay quiet). */
export function firedBy(
  scanner: 'toxicity' | 'prompt-injection' | 'pii',
  action: 'block' | 'flag' | 'redact',
  overrides: Partial<AuditEvent> = {},
): AuditEvent {
  const base = makeEvent();
  const rules: RuleOutcome[] = base.rules.map((rule) =>
    rule.scanner === scanner
      ? { ...rule, score: 0.93, action }
      : { ...rule, action: 'allow', findings: [] },
  );
  return makeEvent({
    rules,
    action: action === 'flag' ? 'allow' : action,
    flagged: action === 'flag',
    ...overrides,
  });
}

/** A decision no rule fired on. */
export function quiet(overrides: Partial<AuditEvent> = {}): AuditEvent {
  const base = makeEvent();
  const rules = base.rules.map((rule) => ({ ...rule, action: 'allow' as const, findings: [] }));
  return makeEvent({ rules, action: 'allow', flagged: false, ...overrides });
}

/** Appends in order (one at a time, so seq order is the array order). */
export async function appendAll(store: OpenedAuditStore, events: readonly AuditEvent[]) {
  for (const event of events) await store.append(event);
}

/** Hours after a fixed instant, so stats buckets are deterministic. */
export function at(hours: number, minutes = 0): string {
  return new Date(Date.UTC(2026, 10, 20, 8, 0) + (hours * 60 + minutes) * 60_000).toISOString();
}

/** `items[index]`, failing the test when it is missing (instead of a non-null assertion). */
export function nth<T>(items: readonly T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`no item at index ${index}`);
  return item;
}

/** Wraps `open` so every store it makes is cleaned up once, by its test or by cleanupAll. */
export function trackCleanups(
  open: (options: { reviewSample?: number }) => Promise<HarnessStore>,
): Pick<StoreHarness, 'fresh' | 'cleanupAll'> {
  const pending = new Set<() => Promise<void>>();
  return {
    fresh: async (options = {}) => {
      const opened = await open(options);
      let done: Promise<void> | undefined;
      const cleanup = () => {
        pending.delete(cleanup);
        done ??= opened.cleanup();
        return done;
      };
      pending.add(cleanup);
      return { ...opened, cleanup };
    },
    cleanupAll: async () => {
      for (const cleanup of [...pending]) await cleanup().catch(() => undefined);
    },
  };
}
