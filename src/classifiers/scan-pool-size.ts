/**
 * How big the scanning pool is: PARAPET_SCAN_WORKERS, or by default one thread per CPU core but
 * the one the request thread needs, at least one and at most four. On a 2-core machine that is
 * one worker: the pool adds no CPU there, but the request thread stops stalling while a long
 * text is scored. The cap: Node counts the host's cores, not a container's CPU limit, and every
 * worker holds its own copy of the models (set PARAPET_SCAN_WORKERS to the limit minus one).
 */
import { availableParallelism } from 'node:os';
import type { Config } from '../config.js';
import { ScanPool } from './scan-pool.js';

const MAX_DEFAULT_WORKERS = 4;

export function defaultScanWorkers(cores = availableParallelism()): number {
  return Math.min(MAX_DEFAULT_WORKERS, Math.max(1, cores - 1));
}

/**
 * The pool the configuration asks for, or none (`scan_workers: 0`: score in process); with
 * `scannerHost` it also runs offloadable rules whole (ScanOffload).
 */
export function openScanPool(
  config: Pick<Config, 'scan_workers' | 'scan_deadline_ms'>,
  scannerHost?: string,
): ScanPool | undefined {
  const size = config.scan_workers ?? defaultScanWorkers();
  if (size === 0) return undefined;
  return new ScanPool({
    size,
    deadlineMs: config.scan_deadline_ms,
    ...(scannerHost === undefined ? {} : { scannerHost }),
  });
}
