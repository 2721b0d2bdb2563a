/**
 * A bounded FIFO of requests waiting for one of a fixed number of generation slots (context
 * sequences). A full queue answers `backend_busy` at once, with a retry estimate from measured
 * request durations, instead of letting latency grow without bound.
 */
import { GatewayError } from '../errors.js';

/** Waiters settle with a value rather than a rejection, so the abort reason passes through as is. */
type Turn = { readonly release: () => void } | { readonly failed: unknown };

interface Waiter {
  readonly settle: (turn: Turn) => void;
  readonly stopListening: () => void;
}

/** Before anything has been measured: a short Gemma reply on CPU takes seconds, not milliseconds. */
const INITIAL_ESTIMATE_MS = 5_000;
const SMOOTHING = 0.2;

export class SequenceSlots {
  private running = 0;
  private readonly waiting: Waiter[] = [];
  private averageMs = INITIAL_ESTIMATE_MS;

  constructor(
    private readonly capacity: number,
    private readonly maxQueue: number,
  ) {}

  /** Requests waiting for a slot (not counting the running ones). */
  get depth(): number {
    return this.waiting.length;
  }

  /**
   * Resolves with a release function once a slot is free. Rejects with `signal.reason` if the
   * signal aborts first (the request leaves the queue), or with `backend_busy` if the queue is full.
   */
  async acquire(signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted();
    if (this.running < this.capacity) {
      this.running++;
      return this.releaser();
    }
    if (this.waiting.length >= this.maxQueue) {
      throw new GatewayError('backend_busy', { retryAfter: this.retryAfterSeconds() });
    }
    const turn = await new Promise<Turn>((settle) => {
      const onAbort = (): void => {
        const index = this.waiting.indexOf(waiter);
        if (index >= 0) this.waiting.splice(index, 1);
        settle({ failed: signal.reason });
      };
      const waiter: Waiter = {
        settle,
        stopListening: () => {
          signal.removeEventListener('abort', onAbort);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
    });
    if ('failed' in turn) throw turn.failed;
    return turn.release;
  }

  /** Fails every waiting request (shutdown); running ones are the caller's to stop. */
  rejectWaiting(reason: unknown): void {
    for (const waiter of this.waiting.splice(0)) {
      waiter.stopListening();
      waiter.settle({ failed: reason });
    }
  }

  /** Seconds until the last queued request would start, if each takes the running average. */
  private retryAfterSeconds(): number {
    const ahead = this.running + this.waiting.length;
    return Math.max(1, Math.ceil((this.averageMs * ahead) / this.capacity / 1000));
  }

  private releaser(): () => void {
    const started = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const took = performance.now() - started;
      this.averageMs += SMOOTHING * (took - this.averageMs);
      // The slot passes straight to the next waiter, so `running` only drops when nobody waits.
      const next = this.waiting.shift();
      if (next) {
        next.stopListening();
        next.settle({ release: this.releaser() });
      } else {
        this.running--;
      }
    };
  }
}
