/**
 * One worker thread of the scanning pool (scan-pool.ts) and the batches it holds. A thread that
 * exits, throws, or keeps a batch past the deadline is dead: it is terminated, every batch it
 * held fails (the rules' `on_error` applies, block by default), and the pool puts a new thread
 * in its place. Nothing here sees customer text except as opaque strings posted to the worker.
 */
import type { Worker } from 'node:worker_threads';
import type { FromScanWorker, ToScanWorker } from './scan-messages.js';
import type { PackedResults } from './batch-results.js';
import { startWorker } from './worker-start.js';

export type DeathReason = 'crash' | 'hang';

/** Work posted to a thread; `settle` or `fail` is called exactly once. */
export interface Batch {
  readonly message: Extract<ToScanWorker, { type: 'score' }>;
  readonly settle: (results: PackedResults) => void;
  readonly fail: (error: Error) => void;
}

export interface ScanThreadOptions {
  readonly deadlineMs: number;
  readonly testHooks: boolean;
  /** Module URL that creates offloaded scanners in the worker (ScanPoolOptions.scannerHost). */
  readonly scannerHost: string | undefined;
  readonly onDeath: (thread: ScanThread, reason: DeathReason) => void;
  /** The thread is ready (started and warmed up, every model it was asked for loaded and warmed up) and may take more. */
  readonly onReady: () => void;
}

const BOOT_DEADLINE_MS = 60_000;

export class ScanThread {
  readonly #worker: Worker;
  readonly #options: ScanThreadOptions;
  readonly #held = new Map<number, { batch: Batch; timer: NodeJS.Timeout; chars: number }>();
  readonly #loads = new Map<string, (() => void)[]>();
  readonly #bootTimer: NodeJS.Timeout;
  #heldJobs = 0;
  #heldChars = 0;
  #dead = false;
  /** Whether the worker started (a thread that dies before that is not worth retrying at once). */
  booted = false;
  /** The worker's V8 heap in use, as it last reported it (bytes). */
  heapUsed = 0;

  constructor(options: ScanThreadOptions) {
    this.#options = options;
    this.#worker = startWorker('scan-worker', {
      testHooks: options.testHooks,
      ...(options.scannerHost === undefined ? {} : { scannerHost: options.scannerHost }),
    });
    // Start-up (module load under tsx, model weights) is not held against a batch's deadline:
    // the pool sends work only to a ready thread. A start that never ends still counts as a hang.
    this.#bootTimer = setTimeout(() => {
      this.#die('hang');
    }, BOOT_DEADLINE_MS);
    this.#bootTimer.unref();
    this.#worker.on('message', (message: FromScanWorker) => {
      this.heapUsed = message.heapUsed ?? this.heapUsed;
      if (message.type === 'ready') this.booted = true;
      else if (message.type === 'scores') this.#settle(message.id, message.results);
      else {
        for (const done of this.#loads.get(message.dir) ?? []) done();
        this.#loads.delete(message.dir);
      }
      this.#holdProcess();
      if (this.ready) {
        clearTimeout(this.#bootTimer);
        options.onReady();
      }
    });
    this.#worker.on('error', () => {
      this.#die('crash');
    });
    this.#worker.on('exit', () => {
      this.#die('crash');
    });
  }

  get dead(): boolean {
    return this.#dead;
  }

  /** Started, alive, and no model load outstanding. */
  get ready(): boolean {
    return this.booted && !this.#dead && this.#loads.size === 0;
  }

  /** Jobs posted and not yet answered: the pool sends new work to the least busy thread. */
  get heldJobs(): number {
    return this.#heldJobs;
  }

  /** Characters of the texts posted and not yet answered. */
  get heldChars(): number {
    return this.#heldChars;
  }

  /** Loads a model folder; settles when the worker has it (or failed: its jobs then fail). */
  load(dir: string): Promise<void> {
    return this.#await(dir, { type: 'load', dir });
  }

  /** Creates and warms up an offloaded rule's scanner under `key` (as `load` for a folder). */
  prepare(key: string, scanner: string, params: unknown): Promise<void> {
    return this.#await(key, { type: 'prepare', key, scanner, params });
  }

  /** Drops a prepared scanner (its key is never used again). */
  forget(key: string): void {
    if (!this.#dead) this.#post({ type: 'forget', key });
  }

  /** Posts `message` once per key; settles when the worker answers for `key`. */
  #await(key: string, message: ToScanWorker): Promise<void> {
    if (this.#dead) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const waiting = this.#loads.get(key);
      if (waiting) waiting.push(resolve);
      else {
        this.#loads.set(key, [resolve]);
        this.#post(message);
        this.#holdProcess();
      }
    });
  }

  send(batch: Batch, id: number): void {
    if (this.#dead) {
      batch.fail(new Error('scan worker is gone'));
      return;
    }
    const timer = setTimeout(() => {
      this.#die('hang');
    }, this.#options.deadlineMs);
    timer.unref();
    const chars = batch.message.texts.reduce((n, t) => n + t.length, 0);
    this.#held.set(id, { batch, timer, chars });
    this.#heldJobs += batch.message.jobs.length;
    this.#heldChars += chars;
    this.#holdProcess();
    this.#post(batch.message);
  }

  /** Test hooks (honoured only when the pool was built with `testHooks`). */
  hook(hook: 'exit' | 'hang'): void {
    this.#post({ type: 'test-hook', hook });
  }

  async terminate(): Promise<void> {
    this.#dead = true;
    clearTimeout(this.#bootTimer);
    this.#failHeld(new Error('scan pool closed'));
    await this.#worker.terminate();
  }

  #post(message: ToScanWorker): void {
    this.#worker.postMessage(message);
  }

  #settle(id: number, results: PackedResults): void {
    const held = this.#held.get(id);
    if (!held) return;
    this.#release(id, held);
    held.batch.settle(results);
  }

  #release(id: number, held: { batch: Batch; timer: NodeJS.Timeout; chars: number }): void {
    clearTimeout(held.timer);
    this.#held.delete(id);
    this.#heldJobs -= held.batch.message.jobs.length;
    this.#heldChars -= held.chars;
    this.#holdProcess();
  }

  /** Busy (starting, loading, holding a batch): keep the process alive; idle: never hold it. */
  #holdProcess(): void {
    if (!this.booted || this.#loads.size > 0 || this.#held.size > 0) this.#worker.ref();
    else this.#worker.unref();
  }

  #failHeld(error: Error): void {
    for (const [id, held] of [...this.#held]) {
      this.#release(id, held);
      held.batch.fail(error);
    }
    for (const waiting of this.#loads.values()) for (const done of waiting) done();
    this.#loads.clear();
  }

  #die(reason: DeathReason): void {
    if (this.#dead) return;
    this.#dead = true;
    clearTimeout(this.#bootTimer);
    this.#failHeld(new Error(reason === 'hang' ? 'scan worker hung' : 'scan worker crashed'));
    void this.#worker.terminate();
    this.#options.onDeath(this, reason);
  }
}
