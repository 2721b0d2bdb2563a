/**
 * Runs async tasks with a deadline that holds even if a task ignores its signal: each result
 * is raced against the timer, so a hung scanner cannot hold the request.
 *
 * The scans a stage starts in one go (every rule on every text, in one synchronous turn) share
 * one deadline per timeout length: one AbortController, one timer and one listener on the
 * request's signal, instead of one of each per (rule, text). Their deadlines were the same
 * instant anyway (timers have millisecond resolution; the scans start microseconds apart), and
 * an AbortController with its signal cost more CPU than a fast scanner's work (issue 14,
 * `npm run bench:profile`). A scan started later (a cascade's dependent rule) gets a deadline
 * of its own, counted from its own start.
 */
import { setMaxListeners } from 'node:events';

export type TimedOutcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly timedOut: boolean; readonly error: unknown };

const TIMED_OUT = { ok: false, timedOut: true, error: undefined } as const;

interface Deadline {
  readonly controller: AbortController;
  readonly expired: Promise<typeof TIMED_OUT>;
  readonly timer: NodeJS.Timeout;
  readonly onParentAbort: () => void;
  /** Tasks started under this deadline and not settled yet. */
  pending: number;
  /** No more tasks join (the turn that started it is over). */
  closed: boolean;
}

/** The deadlines of one request's stage (or any set of tasks under one parent signal). */
export class Deadlines {
  readonly #parent: AbortSignal;
  readonly #open = new Map<number, Deadline>();

  constructor(parent: AbortSignal) {
    this.#parent = parent;
    // One listener per deadline on the request's signal, all removed as each settles: several
    // stages of one request are no leak, so lift Node's warning at 10.
    setMaxListeners(0, parent);
  }

  async run<T>(
    task: (signal: AbortSignal) => Promise<T>,
    timeoutMs: number,
  ): Promise<TimedOutcome<T>> {
    const deadline = this.#join(timeoutMs);
    const parent = this.#parent;
    const work = (async (): Promise<TimedOutcome<T>> => {
      try {
        if (parent.aborted) throw parent.reason;
        return { ok: true, value: await task(deadline.controller.signal) };
      } catch (error) {
        return { ok: false, timedOut: false, error };
      }
    })();
    try {
      return await Promise.race([work, deadline.expired]);
    } finally {
      deadline.pending--;
      if (deadline.closed && deadline.pending === 0) this.#release(deadline);
    }
  }

  #join(timeoutMs: number): Deadline {
    let deadline = this.#open.get(timeoutMs);
    if (!deadline) {
      const controller = new AbortController();
      // Every scan of the turn listens on this one signal (e.g. the scan pool, per request).
      setMaxListeners(0, controller.signal);
      let timer: NodeJS.Timeout | undefined;
      const expired = new Promise<typeof TIMED_OUT>((resolve) => {
        timer = setTimeout(() => {
          controller.abort(new Error('timeout'));
          resolve(TIMED_OUT);
        }, timeoutMs);
      });
      const onParentAbort = () => {
        controller.abort(this.#parent.reason);
      };
      this.#parent.addEventListener('abort', onParentAbort, { once: true });
      const opened: Deadline = {
        controller,
        expired,
        timer: timer as NodeJS.Timeout,
        onParentAbort,
        pending: 0,
        closed: false,
      };
      this.#open.set(timeoutMs, opened);
      // Closed at the end of the turn that opened it: a task started later counts from its own
      // start. No task of the turn can settle before this runs (each awaits at least once).
      queueMicrotask(() => {
        opened.closed = true;
        this.#open.delete(timeoutMs);
        if (opened.pending === 0) this.#release(opened);
      });
      deadline = opened;
    }
    deadline.pending++;
    return deadline;
  }

  #release(deadline: Deadline): void {
    clearTimeout(deadline.timer);
    this.#parent.removeEventListener('abort', deadline.onParentAbort);
  }
}
