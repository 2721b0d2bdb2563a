/**
 * The offloaded rules' scanners a scan pool's threads hold, by scanner id and params (issue 14).
 * Every thread, a replacement too, prepares each one. An entry counts the live ScanFns made for
 * it; when the last one is garbage (every policy that had the rule was replaced by a reload),
 * every thread forgets the scanner. Without this, each params set a reload ever saw stayed
 * created in every worker for the life of the process.
 */
import type { ScanFn } from '../contract/types.js';

/** What a thread needs to create a scanner: the short key batches name it by, id and params. */
export interface PreparedScanner {
  readonly key: string;
  readonly scanner: string;
  readonly params: unknown;
}

/** How the registry reaches the pool's threads. */
export interface OffloadThreads {
  prepare(entry: PreparedScanner): void;
  forget(key: string): void;
}

export class OffloadRegistry {
  readonly #threads: OffloadThreads;
  readonly #entries = new Map<string, PreparedScanner & { users: number }>();
  readonly #unused = new FinalizationRegistry<string>((spec) => {
    this.#release(spec);
  });
  /** Keys are never reused: a batch posted under a forgotten key must not find another scanner. */
  #nextKey = 0;

  constructor(threads: OffloadThreads) {
    this.#threads = threads;
  }

  /**
   * The ScanFn `make` builds for scanner `id` with `params`, given the entry's key; the scanner
   * is prepared on every thread the first time and forgotten once no ScanFn for it is alive.
   */
  acquire(id: string, params: unknown, make: (key: string) => ScanFn): ScanFn {
    // A short key per (id, params): it is posted with every batch that runs the scanner.
    const spec = `${id}:${JSON.stringify(params)}`;
    let entry = this.#entries.get(spec);
    if (!entry) {
      entry = { key: `s${this.#nextKey++}`, scanner: id, params, users: 0 };
      this.#entries.set(spec, entry);
      this.#threads.prepare(entry);
    }
    entry.users++;
    const scan = make(entry.key);
    this.#unused.register(scan, spec);
    return scan;
  }

  /** Every scanner in use: a new thread prepares each before it counts as ready. */
  values(): IterableIterator<PreparedScanner> {
    return this.#entries.values();
  }

  get size(): number {
    return this.#entries.size;
  }

  #release(spec: string): void {
    const entry = this.#entries.get(spec);
    if (!entry || --entry.users > 0) return;
    this.#entries.delete(spec);
    this.#threads.forget(entry.key);
  }
}
