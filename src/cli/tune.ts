/**
 * `parapet tune --product NAME [--since T] [--out FILE] [--mode shadow|enforce]`: fits the
 * product's adapter from its review labels in the configured audit store (PARAPET_AUDIT, as the
 * `audit` commands), prints the before/after table on the held-back labels, and writes the file
 * only when nothing was refused (exit 1 and nothing written otherwise).
 */
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openAuditStore } from '../audit/stores/open-store.js';
import { sharedClassifiers } from '../classifiers/classifier-cache.js';
import type { Config } from '../config.js';
import { GatewayError } from '../errors.js';
import { readLabeledDecisions } from '../eval/tune-labels.js';
import { renderTable } from '../eval/tune-metrics.js';
import { tune, type TuneResult } from '../eval/tune.js';
import type { ReviewStore } from '../audit/review-types.js';
import type { Policy } from '../policy/types.js';
import { loadPolicySet } from '../policy/store.js';
import { allScanners } from '../scanners/registry.js';

export interface TuneOptions {
  readonly product: string;
  readonly since?: string;
  readonly out?: string;
  readonly mode: string;
  readonly policies?: string;
}

function usage(detail: string): GatewayError {
  return new GatewayError('usage_invalid', { detail });
}

export async function runTune(options: TuneOptions, config: Config): Promise<void> {
  if (options.mode !== 'shadow' && options.mode !== 'enforce')
    throw usage('--mode must be shadow or enforce');
  if (options.since !== undefined && Number.isNaN(Date.parse(options.since)))
    throw usage('--since must be an ISO date or time');
  const dir = options.policies ?? config.policies;
  const countTokens = () => Promise.reject(new GatewayError('backend_unavailable'));
  const policies = loadPolicySet(dir, {
    scanners: allScanners,
    deps: { countTokens },
    ...(config.secret === undefined ? {} : { secret: config.secret }),
  });
  const policy = policies.get(options.product);
  if (!policy) throw usage(`--product: no policy named "${options.product}" in ${dir}`);
  await sharedClassifiers.settled();
  const store = await openAuditStore(config.audit);
  let outcome;
  try {
    const since = options.since === undefined ? undefined : new Date(options.since).toISOString();
    outcome = await tuneProduct(store, policy, { mode: options.mode, ...(since ? { since } : {}) });
  } finally {
    await store.close();
  }
  process.stdout.write(outcome.report);
  const { file } = outcome.result;
  if (!file) {
    throw new GatewayError('tune_refused', { detail: outcome.result.refusals.join('; ') });
  }
  const name = `${policy.product}.adapter.json`;
  const target = options.out ?? path.join(dir, name);
  // Written whole, then renamed: the policy watcher must never read half a file.
  const temp = `${target}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(file, null, 2) + '\n', { mode: 0o644 });
  renameSync(temp, target);
  process.stdout.write(`wrote ${target} (mode ${file.mode})\n`);
  if (policy.adapter?.name !== path.basename(target)) {
    process.stdout.write(`to use it, add to the policy: adapter: ${path.basename(target)}\n`);
  }
}

/** The store-to-report part of the command, for either store (tests run it on Postgres too). */
export async function tuneProduct(
  store: Pick<ReviewStore, 'labeled'>,
  policy: Policy,
  options: { since?: string; mode: 'shadow' | 'enforce' },
): Promise<{ result: TuneResult; report: string }> {
  const read = await readLabeledDecisions(store, policy, options.since);
  const result = await tune(policy, read.decisions, {
    mode: options.mode,
    now: new Date(),
    signal: AbortSignal.timeout(10 * 60_000),
  });
  const lines = [
    `${policy.product}: ${read.decisions.length} labeled decisions with text (${read.withoutText} without), ` +
      `${result.fitted} to fit, the newest ${result.heldBack} held back\n`,
    result.table.length > 0 ? renderTable(result.table) : '',
    ...result.notes.map((note) => `note: ${note}\n`),
    ...result.refusals.map((r) => `refused: ${r}\n`),
  ];
  return { result, report: lines.join('') };
}
