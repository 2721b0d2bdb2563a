/** The scan pool's settings and the figures it reports for /metrics (scan-pool.ts). */
import type { DeathReason } from './scan-thread.js';

export interface ScanPoolOptions {
  /** Worker threads (at least 1). */
  readonly size: number;
  /** How long a thread may hold a batch before it counts as hung and is replaced. */
  readonly deadlineMs: number;
  /** Jobs queued or held at once; beyond that `score` rejects. */
  readonly maxJobs?: number;
  /** Characters per posted batch (a longer single text goes alone). */
  readonly maxBatchChars?: number;
  /**
   * Characters a thread may hold at once (default two batches). The rest waits in the pool,
   * where a scan whose rule gave up is dropped before it costs a worker anything, and the
   * deadline only ever covers a short backlog, so an overloaded worker is not taken for hung.
   */
  readonly maxHeldChars?: number;
  /** Lets tests make a worker exit or hang (`hook`); never set in production. */
  readonly testHooks?: boolean;
  /**
   * The module (URL) that creates offloaded rules' scanners in a worker (pipeline/scanner-host):
   * handed in so that this layer does not import the scanners. Absent: `scanFn` is refused.
   */
  readonly scannerHost?: string;
}

export interface ScanPoolStats {
  readonly heapUsedBytes: readonly number[];
  readonly restarts: Readonly<Record<DeathReason, number>>;
  /** Offloaded rules' scanners (id and params) some loaded policy still uses. */
  readonly offloadedScanners: number;
}
