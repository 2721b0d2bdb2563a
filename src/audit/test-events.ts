/**
 * Realistic audit events for tests: a retail-support chat whose email and card number were
 * redacted on input, with the per-rule outcomes the pipeline would record. Shared so store tests
 * (SQLite now, Postgres later) and review tests exercise the same shape.
 */
import { randomUUID } from 'node:crypto';
import { GENESIS_HASH, eventHash } from './hash-chain.js';
import type { AuditEvent, AuditStore, RuleOutcome, StoredAuditEvent } from './types.js';

const PII_RULE: RuleOutcome = {
  rule: 'input[2]',
  scanner: 'pii',
  scannerVersion: '3',
  stage: 'input',
  score: 1,
  threshold: 0.5,
  ruleAction: 'redact',
  action: 'redact',
  findings: [
    { kind: 'EMAIL', score: 1, start: 27, end: 36, message: 1 },
    { kind: 'CREDIT_CARD', score: 0.98, start: 58, end: 71, message: 1 },
  ],
  durationMs: 1.8,
  cached: false,
};

const TOXICITY_RULE: RuleOutcome = {
  rule: 'input[1]',
  scanner: 'toxicity',
  scannerVersion: '2',
  stage: 'input',
  score: 0.04,
  threshold: { threat: 0.7, identity_attack: 0.7, toxicity: 0.9 },
  ruleAction: 'block',
  action: 'allow',
  findings: [],
  durationMs: 6.2,
  cached: true,
};

const INJECTION_RULE: RuleOutcome = {
  rule: 'input[0]',
  scanner: 'prompt-injection',
  scannerVersion: '1',
  stage: 'input',
  score: 0.11,
  threshold: 0.8,
  ruleAction: 'block',
  action: 'allow',
  findings: [],
  durationMs: 4.9,
  cached: false,
};

/**
 * A complete event with fresh ids and the current time. `overrides` replace top-level fields,
 * e.g. `makeEvent({ product: 'clinic-intake', action: 'block', outcome: 'ok' })`.
 */
export function makeEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: `dec_${randomUUID()}`,
    requestId: `req_${randomUUID()}`,
    time: new Date().toISOString(),
    route: 'chat',
    product: 'retail-support',
    keyId: 'key_7f3a91c2',
    policyVersion: 3,
    policySha256: 'b5d4045c3f466fa91fe2cc6abe79232a1a57cdf104f7a26e716e0a1e2789df78',
    mode: 'enforce',
    action: 'redact',
    enforced: true,
    flagged: false,
    rules: [INJECTION_RULE, TOXICITY_RULE, PII_RULE],
    input: {
      messages: [
        { role: 'system', content: 'You are the support assistant for Northwind Outfitters.' },
        {
          role: 'user',
          content:
            'Hi, my order never arrived. [EMAIL_1] is my login and I paid with card [CREDIT_CARD_1] — can you check? Merci 🙏',
        },
      ],
      action: 'redact',
    },
    output: {
      text: 'I am sorry your order has not arrived. I have opened a ticket; our team will email you within 24 hours.',
      action: 'allow',
      coverage: 'scanned',
    },
    stream: true,
    backend: { kind: 'llama', model: 'gemma-3-1b-it-Q4_K_M' },
    usage: { promptTokens: 87, completionTokens: 31 },
    latencyMs: { input: 13.4, backend: 412.7, output: 3.1, total: 431.9 },
    outcome: 'ok',
    ...overrides,
  };
}

/** Links events into a valid chain in memory, as a store would (seq from 1, genesis prevHash). */
export function linkEvents(events: readonly AuditEvent[]): StoredAuditEvent[] {
  let prevHash = GENESIS_HASH;
  return events.map((event, index) => {
    const hash = eventHash(prevHash, event);
    const stored = { ...event, seq: index + 1, prevHash, hash };
    prevHash = hash;
    return stored;
  });
}

/** Everything a store exports, in order; fine for tests, where stores are small. */
export async function collectExport(
  store: AuditStore,
  since?: string,
): Promise<StoredAuditEvent[]> {
  const events: StoredAuditEvent[] = [];
  for await (const event of store.export(since === undefined ? {} : { since })) events.push(event);
  return events;
}

/** Drops what the store added, so a stored event compares equal to what was appended. */
export function withoutChain(event: StoredAuditEvent): AuditEvent {
  const chainKeys = new Set(['seq', 'prevHash', 'hash']);
  const entries = Object.entries(event).filter(([key]) => !chainKeys.has(key));
  return Object.fromEntries(entries) as unknown as AuditEvent;
}
