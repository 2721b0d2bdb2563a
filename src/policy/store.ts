/**
 * The live policy set: loaded at start (fail fast), then hot-reloaded from the watched directory.
 * A change is validated whole and swapped in with one assignment; a broken change keeps the last
 * good set, and its problems stay in logs and status() until a later load succeeds.
 */
import path from 'node:path';
import { watch, type FSWatcher } from 'chokidar';
import { ADAPTER_FILE_NAME } from './adapter-file.js';
import { GatewayError } from '../errors.js';
import {
  isPolicyFileName,
  loadPolicies,
  type LoadOptions,
  type LoadResult,
  type PolicySet,
} from './load.js';
import type { PolicyStatus, PolicyStore } from './types.js';
import { describeDrift, findDrift, readDigests, writeDigests } from './version-drift.js';

export interface PolicyLogger {
  info(message: string, meta: Record<string, unknown>): void;
  warn(message: string, meta: Record<string, unknown>): void;
  error(message: string, meta: Record<string, unknown>): void;
}

export interface PolicyStoreOptions extends LoadOptions {
  /** Watch the directory and reload on change; default true. */
  readonly watch?: boolean;
  readonly logger?: PolicyLogger;
  /** Quiet time after the last file event before reloading; default 100 ms, at least 60 ms. */
  readonly debounceMs?: number;
  /** Called after every reload attempt, good or bad (metrics, tests). */
  readonly onReload?: (status: PolicyStatus) => void;
  /** Digests of the last loaded policies, to warn about edits without a version bump. */
  readonly digestsFile?: string;
}

export interface ReloadablePolicyStore extends PolicyStore {
  /** Loads the directory now, with the same all-or-nothing rule as a watched change. */
  reload(): Promise<PolicyStatus>;
}

// chokidar drops a file's `change` events that come within 50 ms of the previous one. Waiting
// longer than that after the last event means the dropped write has landed before we read.
const MIN_DEBOUNCE_MS = 60;

const SILENT: PolicyLogger = { info() {}, warn() {}, error() {} };

/** Loads once, for one-shot commands; throws `policy_invalid` with every problem, one per line. */
export function loadPolicySet(dir: string, options: LoadOptions): PolicySet {
  const result = loadPolicies(dir, options);
  if (!result.ok) throw new GatewayError('policy_invalid', { detail: result.errors.join('\n') });
  return result.policies;
}

function summary(policies: PolicySet) {
  return policies.list().map((p) => ({ product: p.product, version: p.version, sha256: p.sha256 }));
}

/** Warns about each policy whose content changed under an unchanged version, then records. */
function checkVersions(policies: PolicySet, file: string | undefined, logger: PolicyLogger): void {
  if (file === undefined) return;
  const now = summary(policies);
  for (const drift of findDrift(readDigests(file), now)) {
    logger.warn('policy changed without a version bump', {
      product: drift.product,
      version: drift.version,
      detail: describeDrift(drift),
    });
  }
  try {
    writeDigests(file, now);
  } catch (err) {
    logger.warn('cannot record policy digests', {
      code: (err as NodeJS.ErrnoException).code ?? 'unknown',
    });
  }
}

// A reload runs from a timer: an unexpected exception there must not take the gateway down.
function loadSafely(dir: string, options: LoadOptions, logger: PolicyLogger): LoadResult {
  try {
    return loadPolicies(dir, options);
  } catch (err) {
    logger.error('policy reload crashed', { error: String(err) });
    return { ok: false, errors: [`${dir}: reload failed unexpectedly; see the gateway log`] };
  }
}

/** A failed load keeps the products and `loadedAt` of the set still being served. */
function statusAfter(previous: PolicyStatus, result: LoadResult, at: string): PolicyStatus {
  if (!result.ok) return { ...previous, ok: false, errors: result.errors, lastReloadAt: at };
  const products = result.policies.list().map((p) => p.product);
  return { ok: true, products, loadedAt: at, errors: [], lastReloadAt: at };
}

function debounce(fn: () => void, ms: number) {
  let timer: NodeJS.Timeout | undefined;
  return {
    trigger() {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    },
    cancel() {
      clearTimeout(timer);
    },
  };
}

async function startWatcher(
  dir: string,
  onChange: () => void,
  logger: PolicyLogger,
): Promise<FSWatcher> {
  const watcher = watch(dir, {
    ignoreInitial: true,
    depth: 0,
    // Directories stay watched: Kubernetes updates a ConfigMap by swapping its `..data` link.
    // Adapter files (`*.adapter.json`) too: a re-fitted adapter reloads like a policy edit.
    ignored: (file, stats) =>
      stats?.isFile() === true &&
      !isPolicyFileName(path.basename(file)) &&
      !ADAPTER_FILE_NAME.test(path.basename(file)),
  });
  watcher.on('all', onChange);
  watcher.on('error', (err) => {
    logger.error('policy watcher failed', { error: String(err) });
  });
  await new Promise<void>((resolve) => watcher.once('ready', resolve));
  return watcher;
}

/**
 * Loads `dir` (throwing `GatewayError('policy_invalid')` with every problem when it is invalid),
 * then, unless `watch: false`, reloads it about `debounceMs` after each change to a policy file.
 */
export async function openPolicyStore(
  dir: string,
  options: PolicyStoreOptions,
): Promise<ReloadablePolicyStore> {
  const logger = options.logger ?? SILENT;
  let current = loadPolicySet(dir, options);
  let status: PolicyStatus = {
    ok: true,
    products: current.list().map((p) => p.product),
    loadedAt: new Date().toISOString(),
    errors: [],
  };
  logger.info('policies loaded', { policies: summary(current) });
  checkVersions(current, options.digestsFile, logger);

  const reload = (): Promise<PolicyStatus> => {
    const result = loadSafely(dir, options, logger);
    status = statusAfter(status, result, new Date().toISOString());
    if (result.ok) {
      current = result.policies;
      logger.info('policies reloaded', { policies: summary(current) });
      checkVersions(current, options.digestsFile, logger);
    } else {
      logger.warn('policy change rejected; serving the last good policies', {
        errors: result.errors,
      });
    }
    try {
      options.onReload?.(status);
    } catch (err) {
      logger.error('policy onReload callback failed', { error: String(err) });
    }
    return Promise.resolve(status);
  };

  let closed = false;
  const pending = debounce(
    () => {
      if (!closed) void reload();
    },
    Math.max(options.debounceMs ?? 100, MIN_DEBOUNCE_MS),
  );
  const onChange = () => {
    if (!closed) pending.trigger();
  };
  const watcher = options.watch === false ? undefined : await startWatcher(dir, onChange, logger);
  return {
    get: (product) => current.get(product),
    list: () => current.list(),
    status: () => status,
    reload,
    async close() {
      closed = true;
      pending.cancel();
      await watcher?.close();
    },
  };
}
