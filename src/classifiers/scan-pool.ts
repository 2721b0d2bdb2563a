/**
 * The scanning worker pool (issue 14): linear-model scoring (featurization and the dot products,
 * the biggest CPU cost of a scan) runs on worker threads, so the request thread only parses HTTP,
 * applies policies and writes audit events. Concurrent texts are micro-batched: every job that
 * arrives in one tick goes out in as few messages as the batch cap allows, each distinct text
 * once, to the least busy thread. Every thread loads each model folder once.
 *
 * It also ranks a text's languages for the `unsupported_language` gate, in the same batch as
 * the text's other jobs: one more result instead of ~100 µs of trigrams per ~1 KB text.
 *
 * Fail closed: a job is answered with scores or its promise rejects (queue full, aborted, the
 * model failed to load, the thread crashed or kept a batch past `deadlineMs`); the scanner then
 * throws and the rule's `on_error` applies. A dead thread is replaced at once (after a pause
 * when it died before ever answering, so a thread that cannot start does not spin), and the
 * restarts are counted for /metrics.
 *
 * With a scanner host, offloadable rules (ScanOffload: rule matching, PII, secrets) run whole
 * on the threads too, posted in the same batches; each thread creates each rule's scanner once.
 *
 * Ready (`isReady`, `ready()`): every slot holds a thread that has started, loaded every linear
 * folder and created every offloaded scanner, each warmed up on a text (scan-worker.ts). The
 * gateway listens, and /readyz says ready, only then; a replacement warms up before any scan.
 */
import { resolve } from 'node:path';
import type { LanguageGuess, LanguageRanker } from '../contract/text-views.js';
import type {
  ModelScoring,
  ScanFn,
  ScanOffload,
  ScanResult,
  TextScores,
} from '../contract/types.js';
import { guessOf } from '../text/language.js';
import { ScanThread, type DeathReason } from './scan-thread.js';
import {
  abortError,
  batchOf,
  openRequest,
  type Job,
  type JobAnswer,
  type JobKind,
} from './scan-batch.js';
import { Waiters } from './scan-readiness.js';
import { OffloadRegistry } from './offload-registry.js';
import type { ScanPoolOptions, ScanPoolStats } from './scan-pool-options.js';
import { isLinearFolder } from './model-folder.js';
import type { Ranked } from './scan-messages.js';

const RETRY_PAUSE_MS = 1000;

export class ScanPool implements ModelScoring, LanguageRanker, ScanOffload {
  readonly #options: Omit<Required<ScanPoolOptions>, 'scannerHost'> & ScanPoolOptions;
  /** Offloaded rules' scanners: every thread, a replacement too, prepares each. */
  readonly #scanners = new OffloadRegistry({
    prepare: ({ key, scanner, params }) => {
      for (const t of this.#threads) void t?.prepare(key, scanner, params);
    },
    forget: (key) => {
      for (const t of this.#threads) t?.forget(key);
    },
  });
  readonly #threads: (ScanThread | undefined)[];
  readonly #dirs = new Map<string, Promise<boolean>>();
  /** Folders known to be linear: every thread, a replacement too, loads each before it is ready. */
  readonly #linear = new Set<string>();
  #pendingAccepts = 0;
  readonly #waiters = new Waiters();
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
      linear = isLinearFolder(dir);
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
    const ask: JobKind = { kind: 'model', dir: resolve(modelDir) };
    return this.#enqueue(ask, texts, signal, group) as Promise<TextScores[]>;
  }

  /**
   * ScanOffload: a ScanFn that runs scanner `id` with `params` on a worker, which creates it once
   * (and warms it up before the pool counts as ready). The views' object groups the rules of one
   * text, so the worker normalizes and decodes that text once for all of them.
   */
  scanFn(id: string, params: unknown): ScanFn {
    if (this.#options.scannerHost === undefined) throw new Error('scan pool has no scanner host');
    return this.#scanners.acquire(id, params, (key) => {
      const scan: ScanFn = async ({ text, stage, signal, views }) => {
        // The job holds `scan`, so the scanner is not forgotten while a scan of it is under way.
        const ask = { kind: 'scan', key, stage, holder: scan } as const;
        const [result] = await this.#enqueue(ask, [text], signal, views);
        if (!result) throw new Error('scan worker returned no result');
        return result as ScanResult;
      };
      return scan;
    });
  }

  /** The text's language guess, ranked on a worker (as views.language ranks it in process). */
  async rankLanguages(text: string, signal: AbortSignal): Promise<LanguageGuess> {
    const ask: JobKind = { kind: 'language' };
    const [ranked] = (await this.#enqueue(ask, [text], signal, undefined)) as Ranked[];
    if (!ranked) throw new Error('scan worker returned no ranking');
    return guessOf(ranked);
  }

  #enqueue(
    ask: JobKind,
    texts: readonly string[],
    signal: AbortSignal,
    group: object | undefined,
  ): Promise<JobAnswer[]> {
    if (this.#closed) return Promise.reject(new Error('scan pool closed'));
    if (signal.aborted) return Promise.reject(abortError(signal.reason));
    if (texts.length === 0) return Promise.resolve([]);
    const held = this.#threads.reduce((n, t) => n + (t?.heldJobs ?? 0), 0);
    if (this.#queue.length + held + texts.length > this.#options.maxJobs)
      return Promise.reject(new Error('scan queue full'));
    const { request, answers } = openRequest(texts.length, signal);
    texts.forEach((text, index) => this.#queue.push({ request, index, ask, text, group }));
    this.#schedule();
    return answers;
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
    return this.isReady() ? Promise.resolve(true) : this.#waiters.wait(maxMs);
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
      offloadedScanners: this.#scanners.size,
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
      scannerHost: this.#options.scannerHost,
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
    for (const { key, scanner, params } of this.#scanners.values())
      void thread.prepare(key, scanner, params);
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
    if (this.#waiters.waiting && this.isReady()) this.#waiters.release();
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
