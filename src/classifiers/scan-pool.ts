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
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { LanguageGuess, LanguageRanker } from '../contract/text-views.js';
import type { ModelScoring, TextScores } from '../contract/types.js';
import { guessOf } from '../text/language.js';
import { ScanThread, type Batch, type DeathReason } from './scan-thread.js';

export type ToScanWorker =
  | { readonly type: 'load'; readonly dir: string }
  | {
      readonly type: 'score';
      readonly id: number;
      readonly dirs: readonly string[];
      readonly texts: readonly string[];
      /**
       * [index into dirs, index into texts, group] per job; jobs of one group were read from
       * one text's views and may share featurized sentences (ModelScoring.score). The index
       * LANGUAGE_JOB instead of a folder asks for the text's language ranking.
       */
      readonly jobs: readonly (readonly [number, number, number])[];
    }
  | { readonly type: 'test-hook'; readonly hook: 'exit' | 'hang' };

/** In a job's folder slot: rank the text's languages instead of scoring it. */
export const LANGUAGE_JOB = -1;

/** franc's ranking, best first (text/trigram-language.ts). */
export type Ranked = readonly (readonly [string, number])[];

/**
 * A ranking as posted back: the codes space-separated and the scores in a typed array, two
 * values to copy instead of ~60 small arrays to clone and rebuild on the request thread.
 */
export interface PackedRanking {
  readonly languages: string;
  readonly scores: Float64Array;
}

export function packRanking(ranked: Ranked): PackedRanking {
  return {
    languages: ranked.map(([language]) => language).join(' '),
    scores: Float64Array.from(ranked, ([, score]) => score),
  };
}

export function unpackRanking({ languages, scores }: PackedRanking): Ranked {
  return languages.split(' ').map((language, i) => [language, scores[i] ?? 0] as const);
}

export type JobResult =
  | ({ readonly ok: true } & TextScores)
  | { readonly ok: true; readonly ranked: PackedRanking }
  | { readonly ok: false; readonly error: string };

export type FromScanWorker = { readonly heapUsed?: number } & (
  | { readonly type: 'ready' }
  | { readonly type: 'loaded'; readonly dir: string }
  | { readonly type: 'load-failed'; readonly dir: string; readonly error: string }
  | { readonly type: 'scores'; readonly id: number; readonly results: readonly JobResult[] }
);

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

interface Job {
  readonly request: Request;
  readonly index: number;
  /** A model folder, or undefined for a language ranking. */
  readonly dir: string | undefined;
  readonly text: string;
  readonly group: object | undefined;
}

interface Request {
  /** Per text, its scores (a score request) or its ranking (a language request). */
  readonly results: (TextScores | Ranked)[];
  remaining: number;
  done: boolean;
  readonly finish: (error?: Error) => void;
}

const RETRY_PAUSE_MS = 1000;

export class ScanPool implements ModelScoring, LanguageRanker {
  readonly #options: Required<ScanPoolOptions>;
  readonly #threads: (ScanThread | undefined)[];
  readonly #dirs = new Map<string, Promise<boolean>>();
  readonly #loads = new Set<Promise<void>>();
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
      void linear.then((yes) => {
        if (yes) for (const t of this.#threads) if (t) this.#track(t.load(dir));
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

  /** Settles once every model load started so far has finished (or after `maxMs`). */
  async settled(maxMs = 30_000): Promise<void> {
    await Promise.all([...this.#dirs.values()]);
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((done) => (timer = setTimeout(done, maxMs)));
    await Promise.race([Promise.all([...this.#loads]), cap]);
    clearTimeout(timer);
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
      },
    });
    for (const [dir, linear] of this.#dirs)
      void linear.then((yes) => {
        if (yes) this.#track(thread.load(dir));
      });
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

  #track(load: Promise<void>): void {
    this.#loads.add(load);
    void load.then(() => this.#loads.delete(load));
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

/** One message for `jobs`: each distinct folder and text once. */
function batchOf(jobs: readonly Job[], id: number): Batch {
  const dirs = new Map<string | undefined, number>();
  const texts = new Map<string, number>();
  const groups = new Map<object | undefined, number>();
  const indexOf = <K>(m: Map<K, number>, key: K) => {
    let at = m.get(key);
    if (at === undefined) m.set(key, (at = m.size));
    return at;
  };
  const pairs = jobs.map(
    (j) =>
      [
        j.dir === undefined ? LANGUAGE_JOB : indexOf(dirs, j.dir),
        indexOf(texts, j.text),
        indexOf(groups, j.group),
      ] as const,
  );
  return {
    message: {
      type: 'score',
      id,
      dirs: [...dirs.keys()] as string[],
      texts: [...texts.keys()],
      jobs: pairs,
    },
    settle: (results) => {
      jobs.forEach((job, i) => {
        const r = results[i];
        if (!r?.ok) {
          job.request.finish(new Error(r?.error ?? 'scan worker returned no result'));
          return;
        }
        // A ranking answers a language job only, scores a model's job only.
        if ('ranked' in r !== (job.dir === undefined)) {
          job.request.finish(new Error('scan worker answered another job'));
          return;
        }
        job.request.results[job.index] =
          'ranked' in r
            ? unpackRanking(r.ranked)
            : { model: r.model, scores: r.scores, windowOf: r.windowOf, windows: r.windows };
        if (--job.request.remaining === 0) job.request.finish();
      });
    },
    fail: (error) => {
      for (const job of jobs) job.request.finish(error);
    },
  };
}

function toError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error('aborted');
}
