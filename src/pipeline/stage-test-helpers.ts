/** Builders the pipeline's unit tests share: a compiled rule around a scan function, a stage context. */
import type { ScanFn } from '../contract/types.js';
import type { Rule } from '../policy/types.js';
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
