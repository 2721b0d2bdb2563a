/**
 * Whether scanning can start at once (issue 14), for /readyz: no classifier of this process
 * still loading or warming up, and every scan worker started, loaded and warmed up. A worker
 * being replaced after a crash or hang makes the gateway not ready until its successor is warm.
 */
import type { ClassifierCache } from './classifier-cache.js';
import type { ScanPool } from './scan-pool.js';

export interface ScanReadiness {
  readonly ok: boolean;
  /** Models of this process still loading or warming up. */
  readonly models_loading: number;
  /** Scan worker threads, and how many are ready (absent: no pool, scoring in process). */
  readonly workers?: number;
  readonly workers_ready?: number;
}

export function scanReadiness(
  classifiers: Pick<ClassifierCache, 'loading'>,
  pool: Pick<ScanPool, 'isReady' | 'readiness'> | undefined,
): ScanReadiness {
  const loading = classifiers.loading;
  if (!pool) return { ok: loading === 0, models_loading: loading };
  const { workers, ready } = pool.readiness();
  return {
    ok: loading === 0 && pool.isReady(),
    models_loading: loading,
    workers,
    workers_ready: ready,
  };
}

/** Callers of ScanPool.ready() waiting for it, each until released or its own time is up. */
export class Waiters {
  #waiting: (() => void)[] = [];

  get waiting(): boolean {
    return this.#waiting.length > 0;
  }

  /** True when released within `maxMs`, false after. */
  wait(maxMs: number): Promise<boolean> {
    return new Promise((resolvePromise) => {
      const waiter = () => {
        clearTimeout(timer);
        resolvePromise(true);
      };
      const timer = setTimeout(() => {
        this.#waiting = this.#waiting.filter((w) => w !== waiter);
        resolvePromise(false);
      }, maxMs);
      this.#waiting.push(waiter);
    });
  }

  release(): void {
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const waiter of waiting) waiter();
  }
}
