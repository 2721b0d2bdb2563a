/**
 * Runs an async task with a deadline that holds even if the task ignores its signal: the
 * result is raced against the timer, so a hung scanner cannot hold the request.
 */
import { setMaxListeners } from 'node:events';

export type TimedOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly timedOut: boolean; readonly error: unknown };

export async function runWithTimeout<T>(
  task: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  parent: AbortSignal,
): Promise<TimedOutcome<T>> {
  const controller = new AbortController();
  // A stage adds one listener per (rule, text) to the request's signal, all removed as each
  // settles: a dozen rules on one message is no leak, so lift Node's warning at 10.
  setMaxListeners(0, parent);
  const onParentAbort = () => {
    controller.abort(parent.reason);
  };
  parent.addEventListener('abort', onParentAbort, { once: true });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<TimedOutcome<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new Error('timeout'));
      resolve({ ok: false, timedOut: true, error: undefined });
    }, timeoutMs);
  });
  const work = (async (): Promise<TimedOutcome<T>> => {
    try {
      if (parent.aborted) throw parent.reason;
      return { ok: true, value: await task(controller.signal) };
    } catch (error) {
      return { ok: false, timedOut: false, error };
    }
  })();
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    parent.removeEventListener('abort', onParentAbort);
  }
}
