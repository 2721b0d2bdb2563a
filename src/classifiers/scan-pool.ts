/**
 * The scanning worker pool (issue 14): linear-model scoring (featurization and the dot products,
 * the biggest CPU cost of a scan) runs on worker threads, so the request thread only parses HTTP,
 * applies policies and writes audit events. Concurrent texts are micro-batched: every job that
 * arrives in one tick goes out in as few messages as the batch cap allows, each distinct text
 * once, to the least busy thread. Every thread loads each model folder once.
 *
 * The pool also ranks a text's languages (the policy's `unsupported_language` gate reads the
 * guess): posted in the same batch as the text's classifier jobs, so it costs the request
 * thread one more result rather than ~100 µs of trigram counting per ~1 KB text.
 *
 * Fail closed: a job is answered with scores or its promise rejects (queue full, aborted, the
 * model failed to load, the thread crashed or kept a batch past `deadlineMs`); the scanner then
 * throws and the rule's `on_error` applies. A dead thread is replaced at once (after a pause
 * when it died before ever answering, so a thread that cannot start does not spin), and the
 * restarts are counted for /metrics.
 *
 * Ready (`isReady`, `ready()`): every slot holds a thread that has started, loaded every linear
 * folder the policies asked for and scored a warm-up text with each (scan-worker.ts). The
 * gateway listens, and /readyz says ready, only then; a replacement is not ready until it has
 * warmed up too, and meanwhile the pool sends it nothing.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LanguageGuess, LanguageRanker } from '../contract/text-views.js';
import type { ModelScoring, TextScores } from '../contract/types.js';
import { guessOf } from '../text/language.js';
import { ScanThread, type DeathReason } from './scan-thread.js';
import { batchOf, type Job, type Request } from './scan-batch.js';
import type { Ranked } from './scan-messages.js';

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
}

export interface ScanPoolStats {
  readonly heapUsedBytes: readonly number[];
  readonly restarts: Readonly<Record<DeathReason, number>>;
}

const RETRY_PAUSE_MS = 1000;

export class ScanPool implements ModelScoring, LanguageRanker {
  readonly #options: Required<ScanPoolOptions>;
  readonly #threads: (ScanThread | undefined)[];
  readonly #dirs = new Map<string, Promise<boolean>>();
  /** Folders known to be linear: every thread, a replacement too, loads each before it is ready. */
  readonly #linear = new Set<string>();
  #pendingAccepts = 0;
  #waiters: (() => void)[] = [];
  readonly #restarts: Record<DeathReason, number> = { crash: 0, hang: 0 };
  #queue: Job[] = [];
  #nextBatch = 0;
  #scheduled = false;
  #closed = false;

  constructor(options: ScanPoolOptions) {
    const maxBatchChars = options.maxBatchChars ?? 64_000;
    this.#options = {
      maxJobs: 4096,
      maxBatchChars,
      maxHeldChars: 2 * maxBatchChars,
      testHooks: false,
      ...options,
    };
    this.#threads = Array.from({ length: Math.max(1, options.size) }, () => this.#start());
  }

  /** Linear model folders (model.json `format: parapet-linear`) are scored here, others not. */
  accepts(modelDir: string): Promise<boolean> {
    const dir = resolve(modelDir);
    let linear = this.#dirs.get(dir);
    if (!linear) {
      linear = readFile(join(dir, 'model.json'), 'utf8').then(
        (json) => (JSON.parse(json) as { format?: unknown }).format === 'parapet-linear',
        () => false,
      );
      this.#dirs.set(dir, linear);
      this.#pendingAccepts++;
      void linear.then((yes) => {
        this.#pendingAccepts--;
        if (yes) {
          this.#linear.add(dir);
          for (const t of this.#threads) if (t) void t.load(dir);
        }
        this.#checkReady();
      });
    }
    return linear;
  }

  score(
    modelDir: string,
    texts: readonly string[],
    signal: AbortSignal,
    group?: object,
  ): Promise<TextScores[]> {
    return this.#enqueue(resolve(modelDir), texts, signal, group) as Promise<TextScores[]>;
  }

  /** The text's language guess, ranked on a worker (as views.language ranks it in process). */
  async rankLanguages(text: string, signal: AbortSignal): Promise<LanguageGuess> {
    const [ranked] = (await this.#enqueue(undefined, [text], signal, undefined)) as Ranked[];
    if (!ranked) throw new Error('scan worker returned no ranking');
    return guessOf(ranked);
  }

  #enqueue(
    dir: string | undefined,
    texts: readonly string[],
    signal: AbortSignal,
    group: object | undefined,
  ): Promise<(TextScores | Ranked)[]> {
    if (this.#closed) return Promise.reject(new Error('scan pool closed'));
    if (signal.aborted) return Promise.reject(toError(signal.reason));
    if (texts.length === 0) return Promise.resolve([]);
    const held = this.#threads.reduce((n, t) => n + (t?.heldJobs ?? 0), 0);
    if (this.#queue.length + held + texts.length > this.#options.maxJobs)
      return Promise.reject(new Error('scan queue full'));
    return new Promise((resolvePromise, reject) => {
      const onAbort = () => {
        request.finish(toError(signal.reason));
      };
      const request: Request = {
        results: [],
        remaining: texts.length,
        done: false,
        finish: (error) => {
          if (request.done) return;
          request.done = true;
          signal.removeEventListener('abort', onAbort);
          if (error) reject(error);
          else resolvePromise(request.results);
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      texts.forEach((text, index) => this.#queue.push({ request, index, dir, text, group }));
      this.#schedule();
    });
  }

  /** Every slot holds a started thread with every linear folder loaded and warmed up. */
  isReady(): boolean {
    return (
      !this.#closed && this.#pendingAccepts === 0 && this.#threads.every((t) => t?.ready === true)
    );
  }

  /**
   * Resolves true once the pool is ready (isReady), or false after `maxMs`: a thread that cannot
   * start delays start-up but cannot stop it (its scans fail closed, /readyz says not ready).
   */
  ready(maxMs = 60_000): Promise<boolean> {
    if (this.isReady()) return Promise.resolve(true);
    return new Promise((resolvePromise) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        resolvePromise(false);
      }, maxMs);
      const waiter = () => {
        clearTimeout(timer);
        resolvePromise(true);
      };
      this.#waiters.push(waiter);
    });
  }

  /** Threads ready to take scans, of `size`: for /readyz. */
  readiness(): { readonly workers: number; readonly ready: number } {
    return {
      workers: this.#threads.length,
      ready: this.#threads.filter((t) => t?.ready === true).length,
    };
  }

  stats(): ScanPoolStats {
    return {
      heapUsedBytes: this.#threads.map((t) => t?.heapUsed ?? 0),
      restarts: { ...this.#restarts },
    };
  }

  /** Test only: worker `index` exits or spins on its next batch (the pool needs `testHooks`). */
  hook(index: number, hook: 'exit' | 'hang'): void {
    this.#threads[index]?.hook(hook);
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue) job.request.finish(new Error('scan pool closed'));
    this.#queue = [];
    await Promise.all(this.#threads.map((t) => t?.terminate() ?? Promise.resolve()));
  }

  #start(): ScanThread {
    const thread = new ScanThread({
      deadlineMs: this.#options.deadlineMs,
      testHooks: this.#options.testHooks,
      onDeath: (dead, reason) => {
        this.#replace(dead, reason);
      },
      onReady: () => {
        this.#schedule();
        this.#checkReady();
      },
    });
    // Folders still being checked are loaded by accepts() into every thread there is by then.
    for (const dir of this.#linear) void thread.load(dir);
    return thread;
  }

  #replace(dead: ScanThread, reason: DeathReason): void {
    this.#restarts[reason]++;
    const slot = this.#threads.indexOf(dead);
    this.#threads[slot] = undefined;
    if (this.#closed) return;
    const restart = () => {
      if (this.#closed) return;
      this.#threads[slot] = this.#start();
    };
    if (dead.booted) restart();
    else setTimeout(restart, RETRY_PAUSE_MS).unref();
  }

  #checkReady(): void {
    if (this.#waiters.length === 0 || !this.isReady()) return;
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter();
  }

  #schedule(): void {
    if (this.#scheduled || this.#queue.length === 0) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.#flush();
    });
  }

  /** Posts the queued jobs (those still wanted) in batches of at most `maxBatchChars`. */
  #flush(): void {
    this.#queue = this.#queue.filter((job) => !job.request.done);
    while (this.#queue.length > 0) {
      const thread = this.#leastBusy();
      if (!thread) return; // none ready or all full: the queue waits for the next answer
      let chars = 0;
      let count = 0;
      for (const job of this.#queue) {
        if (count > 0 && chars + job.text.length > this.#options.maxBatchChars) break;
        chars += job.text.length;
        count++;
      }
      thread.send(batchOf(this.#queue.splice(0, count), this.#nextBatch), this.#nextBatch++);
    }
  }

  #leastBusy(): ScanThread | undefined {
    let best: ScanThread | undefined;
    for (const t of this.#threads)
      if (
        t?.ready &&
        t.heldChars < this.#options.maxHeldChars &&
        (!best || t.heldJobs < best.heldJobs)
      )
        best = t;
    return best;
  }
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error('aborted');
}
