/**
 * Collects the items of concurrent requests into one synchronous model call, so ten requests
 * arriving in the same tick cost one TF.js invocation instead of ten. Each call is capped by
 * `maxBatchCost` (e.g. characters), and the batcher yields to the event loop between calls
 * (setImmediate), so a burst of long texts never blocks the process for long. At most
 * `maxQueued` items wait; beyond that a request is refused (memory stays bounded and the
 * scanner fails closed).
 */

export interface MicroBatcherOptions<I, O> {
  /** Runs one batch synchronously; returns one output per item, in order. */
  readonly run: (items: readonly I[]) => O[];
  readonly cost: (item: I) => number;
  readonly maxBatchCost: number;
  readonly maxQueued: number;
}

interface Pending<I, O> {
  readonly items: readonly I[];
  readonly results: O[];
  next: number;
  readonly resolve: (results: O[]) => void;
  readonly reject: (reason: unknown) => void;
  readonly signal: AbortSignal | undefined;
  readonly onAbort: () => void;
}

export class MicroBatcher<I, O> {
  readonly #options: MicroBatcherOptions<I, O>;
  #queue: Pending<I, O>[] = [];
  #queued = 0;
  #scheduled = false;
  #closed = false;

  constructor(options: MicroBatcherOptions<I, O>) {
    this.#options = options;
  }

  /** Items waiting to run (for tests and gauges). */
  get queued(): number {
    return this.#queued;
  }

  submit(items: readonly I[], signal?: AbortSignal): Promise<O[]> {
    if (this.#closed) return Promise.reject(new Error('classifier closed'));
    if (signal?.aborted)
      return Promise.reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    if (items.length === 0) return Promise.resolve([]);
    if (this.#queued + items.length > this.#options.maxQueued)
      return Promise.reject(new Error('classifier queue full'));
    return new Promise<O[]>((resolve, reject) => {
      const pending: Pending<I, O> = {
        items,
        results: [],
        next: 0,
        resolve,
        reject,
        signal,
        onAbort: () => {
          this.#drop(pending);
          reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
        },
      };
      signal?.addEventListener('abort', pending.onAbort, { once: true });
      this.#queue.push(pending);
      this.#queued += items.length;
      this.#schedule();
    });
  }

  close(): void {
    this.#closed = true;
    for (const p of this.#queue) {
      p.signal?.removeEventListener('abort', p.onAbort);
      p.reject(new Error('classifier closed'));
    }
    this.#queue = [];
    this.#queued = 0;
  }

  #drop(pending: Pending<I, O>): void {
    const at = this.#queue.indexOf(pending);
    if (at < 0) return;
    this.#queue.splice(at, 1);
    this.#queued -= pending.items.length - pending.next;
  }

  #schedule(): void {
    if (this.#scheduled || this.#queue.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#runOnce();
      this.#schedule();
    });
  }

  /** Takes items from the front of the queue up to the cost cap and runs them as one batch. */
  #runOnce(): void {
    const taken: { pending: Pending<I, O>; count: number }[] = [];
    const items: I[] = [];
    let cost = 0;
    for (const pending of this.#queue) {
      let count = 0;
      while (pending.next + count < pending.items.length) {
        const item = pending.items[pending.next + count] as I;
        const c = this.#options.cost(item);
        if (items.length > 0 && cost + c > this.#options.maxBatchCost) break;
        items.push(item);
        cost += c;
        count++;
      }
      if (count > 0) taken.push({ pending, count });
      if (cost >= this.#options.maxBatchCost) break;
    }
    if (items.length === 0) return;
    this.#queued -= items.length;
    let outputs: O[];
    try {
      outputs = this.#options.run(items);
    } catch (error) {
      for (const { pending } of taken) this.#fail(pending, error);
      return;
    }
    let at = 0;
    for (const { pending, count } of taken) {
      pending.results.push(...outputs.slice(at, at + count));
      pending.next += count;
      at += count;
      if (pending.next === pending.items.length) this.#finish(pending);
    }
  }

  #finish(pending: Pending<I, O>): void {
    this.#queue.splice(this.#queue.indexOf(pending), 1);
    pending.signal?.removeEventListener('abort', pending.onAbort);
    pending.resolve(pending.results);
  }

  #fail(pending: Pending<I, O>, error: unknown): void {
    this.#drop(pending);
    pending.signal?.removeEventListener('abort', pending.onAbort);
    pending.reject(error);
  }
}
