/**
 * Periodic checkpoints in `serve` (PARAPET_AUDIT_CHECKPOINT_INTERVAL_MS): one at start, one per
 * interval when the head moved, and a last one at shutdown once every event is written. The
 * window in which the newest events can be deleted undetected is at most one interval.
 *
 * A failed checkpoint is not ignored: it is logged (a store or file error code, never customer
 * text), /readyz reports not ready until one succeeds, and the next tick retries.
 */
import { appendCheckpointFile, makeCheckpoint } from './checkpoint.js';
import type { Logger } from '../log.js';
import type { Checkpoint, CheckpointStore } from './types.js';

export interface CheckpointOptions {
  readonly secret?: string | undefined;
  /** Append-only JSONL file outside the store (PARAPET_AUDIT_CHECKPOINT_FILE). */
  readonly file?: string | undefined;
}

export interface CheckpointStatus {
  readonly ok: boolean;
  /** The newest checkpoint this process wrote. */
  readonly seq?: number;
  readonly time?: string;
  /** Why the last attempt failed: an error code, safe to show. */
  readonly error?: string;
}

export interface CheckpointTimer {
  status(): CheckpointStatus;
  /** Stops the timer, waits for a write in progress, then writes the final checkpoint. */
  stop(): Promise<void>;
}

/**
 * Records the current head in the store, then in the file; undefined when the store holds no
 * event. Store first: saving is idempotent, so when the file write fails the retry (a new
 * checkpoint) repeats nothing harmful.
 */
export async function writeCheckpoint(
  store: CheckpointStore,
  options: CheckpointOptions,
): Promise<Checkpoint | undefined> {
  const head = await store.head();
  if (head === undefined) return undefined;
  const checkpoint = makeCheckpoint(head, options.secret);
  await store.save(checkpoint);
  if (options.file !== undefined) await appendCheckpointFile(options.file, checkpoint);
  return checkpoint;
}

/** A code for logs and /readyz: file errors carry the path, store errors are already safe. */
function reasonOf(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && /^[A-Z0-9_]{1,32}$/u.test(code)) return code;
  return error instanceof Error ? error.message : 'unknown';
}

export function startCheckpoints(
  store: CheckpointStore,
  options: CheckpointOptions & { readonly intervalMs: number; readonly logger: Logger },
): CheckpointTimer & { readonly first: Promise<void> } {
  let status: CheckpointStatus = { ok: true };
  let running: Promise<void> = Promise.resolve();
  const run = (): Promise<void> => {
    running = running.then(async () => {
      try {
        const head = await store.head();
        // Nothing new since the last one this process wrote: a duplicate proves nothing more.
        if (head === undefined || (status.ok && head.seq === status.seq)) return;
        const checkpoint = await writeCheckpoint(store, options);
        if (checkpoint !== undefined)
          status = { ok: true, seq: checkpoint.seq, time: checkpoint.time };
      } catch (error) {
        const reason = reasonOf(error);
        status = { ...status, ok: false, error: reason };
        options.logger.error('audit checkpoint failed', { reason });
      }
    });
    return running;
  };
  const first = run();
  const timer = setInterval(() => void run(), options.intervalMs);
  timer.unref();
  return {
    first,
    status: () => status,
    stop: async () => {
      clearInterval(timer);
      await run();
    },
  };
}
