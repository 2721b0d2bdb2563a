/** Builders the pipeline's unit tests share: a compiled rule around a scan function, a stage context. */
import type { ScanFn } from '../contract/types.js';
import type { Policy, Rule } from '../policy/types.js';
import { buildAuditEvent } from './audit-event.js';
import type { InputOutcome } from './chat-stages.js';
import { Vault } from '../redaction/vault.js';
import { ScanCache } from './scan-cache.js';

/** A blocking rule at 0.5 whose scanner id is its rule id; `overrides` changes any field. */
export function testRule(id: string, scan: ScanFn, overrides: Partial<Rule> = {}): Rule {
  return {
    id,
    scanner: id,
    scannerVersion: '1',
    localizes: true,
    threshold: 0.5,
    action: 'block',
    onError: 'block',
    timeoutMs: 500,
    params: {},
    cacheKey: id,
    scan,
    ...overrides,
  };
}

/** A fresh vault, scan cache and never-aborted signal: what one request gives runStage. */
export const stageContext = (cache = new ScanCache()) => ({
  vault: new Vault(),
  cache,
  signal: new AbortController().signal,
});

/** An enforced policy with no rules and no language gate; `overrides` changes any field. */
export function testPolicy(overrides: Partial<Policy> = {}): Policy {
  return {
    product: 'p',
    version: 1,
    mode: 'enforce',
    refusal: 'No.',
    restorePii: true,
    unsupportedLanguage: 'allow',
    audit: { text: 'all' },
    scanRoles: ['user', 'tool'],
    stream: { holdbackChars: 40, checkEveryChars: 16 },
    input: [],
    output: [],
    file: 'p.yaml',
    sha256: 'x',
    ...overrides,
  };
}

/** The audit event of a chat whose input stage ended as `input` (no backend, no output). */
export function inputEvent(p: Policy, input: InputOutcome) {
  return buildAuditEvent({
    id: 'dec_1',
    requestId: 'req_1',
    route: 'chat',
    policy: p,
    keyId: null,
    input: { stage: input.stage, messages: input.stored },
    stream: false,
    totalMs: 1,
    outcome: 'ok',
    ...(input.response ? { response: { rule: input.response.rule, applied: input.answered } } : {}),
  });
}
