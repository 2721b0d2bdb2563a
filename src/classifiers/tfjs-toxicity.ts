/**
 * The official TF.js toxicity model (`@tensorflow-models/toxicity`, Google, Apache-2.0) as the
 * gateway uses it: loaded offline from a local folder (tfjs-toxicity-files.ts) by
 * tfjs-toxicity-model.ts, on a worker thread. One graph run costs tens to hundreds of
 * milliseconds (Universal Sentence Encoder), which on the main thread would stall every other
 * request for as long; on its own thread the gateway keeps serving while it works.
 *
 * The worker is started by worker-start.ts (compiled JS, or the sources under tsx). An aborted
 * request is rejected at once (its result is dropped when it arrives); if the worker dies, every
 * pending and later call rejects, so the scanner fails closed.
 */
import type { Worker } from 'node:worker_threads';
import { assertModelFilesPresent, ToxicityModelFilesError } from './tfjs-toxicity-files.js';
import { LABEL_MAP, MAX_CHARS, MAX_QUEUED_TEXTS, VERSION } from './tfjs-toxicity-model.js';
import type { LabelScores, TextClassifier } from './types.js';
import { startWorker } from './worker-start.js';

export interface ToWorker {
  readonly id: number;
  readonly texts: readonly string[];
}

export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly error: WorkerError }
  | { readonly type: 'scores'; readonly id: number; readonly scores: LabelScores[] }
  | { readonly type: 'error'; readonly id: number; readonly error: WorkerError };

interface WorkerError {
  readonly name: string;
  readonly message: string;
}

interface Pending {
  readonly texts: number;
  readonly resolve: (scores: LabelScores[]) => void;
  readonly reject: (reason: unknown) => void;
}

export class TfjsToxicityThread implements TextClassifier {
  readonly labels: readonly string[] = Object.values(LABEL_MAP);
  readonly version = VERSION;
  readonly maxChars = MAX_CHARS;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  #nextId = 0;
  #queued = 0;
  #dead: Error | undefined;
  #closed = false;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (message: FromWorker) => {
      if (message.type === 'scores') this.#settle(message.id)?.resolve(message.scores);
      if (message.type === 'error') this.#settle(message.id)?.reject(toError(message.error));
    });
    worker.on('error', () => {
      this.#die(new Error('the tfjs-toxicity worker failed'));
    });
    worker.on('exit', () => {
      this.#die(new Error('the tfjs-toxicity worker exited'));
    });
    // Idle: never hold the process open. After the listeners: adding one re-refs the port.
    worker.unref();
  }

  /** Starts the worker and resolves once it has loaded the model (or rejects with why not). */
  static async start(dir: string): Promise<TfjsToxicityThread> {
    const worker = startWorker('tfjs-toxicity-worker', { dir });
    try {
      await new Promise<void>((resolve, reject) => {
        worker.once('message', (message: FromWorker) => {
          if (message.type === 'ready') resolve();
          else if (message.type === 'failed') reject(toError(message.error));
        });
        worker.once('error', reject);
        worker.once('exit', (code) => {
          reject(new Error(`the tfjs-toxicity worker exited with code ${code}`));
        });
      });
    } catch (error) {
      await worker.terminate();
      throw error;
    }
    return new TfjsToxicityThread(worker);
  }

  classify(texts: readonly string[], signal?: AbortSignal): Promise<LabelScores[]> {
    if (this.#dead) return Promise.reject(this.#dead);
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (texts.length === 0) return Promise.resolve([]);
    if (this.#queued + texts.length > MAX_QUEUED_TEXTS)
      return Promise.reject(new Error('classifier queue full'));
    const id = this.#nextId++;
    return new Promise<LabelScores[]>((resolve, rejectWith) => {
      const reject: (reason: unknown) => void = rejectWith;
      // An aborted call is rejected now; it stays counted until the worker answers, so callers
      // that give up cannot pile unbounded work onto the worker.
      const onAbort = (): void => {
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
      };
      this.#pending.set(id, {
        texts: texts.length,
        resolve: (scores) => {
          done();
          resolve(scores);
        },
        reject: (reason) => {
          done();
          reject(reason);
        },
      });
      this.#queued += texts.length;
      this.#worker.ref(); // busy: keep the process alive until the answer
      this.#worker.postMessage({ id, texts } satisfies ToWorker);
    });
  }

  /** The worker exited or threw (not closed): the classifier cache starts a new one. */
  get failed(): boolean {
    return this.#dead !== undefined && !this.#closed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#die(new Error('classifier closed'));
    await this.#worker.terminate();
  }

  /** Test only: ends the worker as a crash would (the calls it holds reject, `failed` is set). */
  async kill(): Promise<void> {
    await this.#worker.terminate();
  }

  /** The worker answered call `id`: it no longer counts (a late answer to an aborted call is ignored). */
  #settle(id: number): Pending | undefined {
    const pending = this.#pending.get(id);
    if (!pending) return undefined;
    this.#pending.delete(id);
    if (this.#pending.size === 0) this.#worker.unref(); // idle: never hold the process open
    this.#queued -= pending.texts;
    return pending;
  }

  #die(reason: Error): void {
    this.#dead ??= reason;
    for (const id of [...this.#pending.keys()]) this.#settle(id)?.reject(this.#dead);
  }
}

/**
 * Loads the official model from `dir` (layout in tfjs-toxicity-files.ts) on a worker thread, with
 * no network. Rejects with a `ToxicityModelFilesError` naming the problem when the folder is
 * missing, incomplete or holds another model.
 */
export async function loadTfjsToxicity(dir: string): Promise<TfjsToxicityThread> {
  await assertModelFilesPresent(dir);
  return TfjsToxicityThread.start(dir);
}

function toError({ name, message }: WorkerError): Error {
  return name === 'ToxicityModelFilesError'
    ? new ToxicityModelFilesError(message)
    : new Error(message);
}
