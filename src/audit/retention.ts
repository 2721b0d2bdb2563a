/**
 * Periodic retention in `serve` (audit_retention_days): purge at start, then every interval.
 * With several replicas each runs it; the stores serialize purges with appends, so that is safe
 * and merely redundant. A failed purge is logged and retried next time: keeping events longer
 * than configured is the safe side of the failure.
 */
import type { Logger } from '../log.js';
import type { AuditRetention } from './types.js';

const DAY_MS = 86_400_000;
const DEFAULT_INTERVAL_MS = 3_600_000;

export interface RetentionTimer {
  /** Stops the timer and waits for a purge in progress. */
  stop(): Promise<void>;
}

export function cutoffFor(days: number, now = Date.now()): string {
  return new Date(now - days * DAY_MS).toISOString();
}

/** Does nothing when `days` is 0 (keep everything). */
export function startRetention(
  store: AuditRetention,
  days: number,
  logger: Logger,
  intervalMs = DEFAULT_INTERVAL_MS,
): RetentionTimer {
  if (days <= 0) return { stop: () => Promise.resolve() };
  let running: Promise<void> = Promise.resolve();
  const run = () => {
    running = store.purge(cutoffFor(days)).then(
      (report) => {
        if (report.purged > 0) {
          logger.info('audit purge', { purged: report.purged, anchorSeq: report.anchor?.seq });
        }
      },
      (error: unknown) => {
        logger.warn('audit purge failed', {
          reason: error instanceof Error ? error.message : 'unknown',
        });
      },
    );
  };
  run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
