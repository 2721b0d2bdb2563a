/**
 * The offloaded rules' scanners inside a scan worker (ScanOffload, scan-pool.ts): each created
 * once by the scanner host module the pool was handed (pipeline/scanner-host.ts, imported by URL
 * so that this layer does not import the scanners), warmed up on the warm-up text, then run on
 * batches with one set of text views per text, shared by every rule that reads that text.
 * Errors are posted as fixed messages: a scanner's own message could quote the text.
 */
import type { ScanFn, ScanResult, Stage } from '../contract/types.js';
import { scanInputFor } from '../text/views.js';
import { WorkerGroups, type BatchViews } from './worker-groups.js';
import { WARM_UP_TEXT } from './warm-up.js';

interface ScannerHost {
  createScan(scanner: string, params: unknown): ScanFn;
}

// One pass left the PII recognizers and name tagger cold enough that a gateway's first requests
// took 0.4-0.6 s on the worker at load 13 (then 30 ms): a few passes over parts of the text let
// V8 optimize the hot paths before the first real scan.
const WARM_UP_TEXTS = [
  WARM_UP_TEXT,
  ...Array.from({ length: 8 }, (_, i) => WARM_UP_TEXT.slice(i * 150)),
];

// Workers are never aborted from the request thread: a scan the pool gave up on is just dropped.
const NEVER = new AbortController().signal;

export class WorkerScanners {
  readonly #host: Promise<ScannerHost> | undefined;
  readonly #prepared = new Map<string, Promise<ScanFn>>();

  constructor(hostUrl: string | undefined) {
    this.#host = hostUrl === undefined ? undefined : (import(hostUrl) as Promise<ScannerHost>);
  }

  /** Creates the scanner and runs it once on the warm-up text (a failing warm-up is kept). */
  prepare(key: string, scanner: string, params: unknown): Promise<void> {
    let prepared = this.#prepared.get(key);
    if (!prepared) {
      const host = this.#host;
      if (!host) return Promise.reject(new Error('no scanner host'));
      prepared = host.then(async (h) => {
        const scan = h.createScan(scanner, params);
        for (const text of WARM_UP_TEXTS)
          await scan(scanInputFor(text, 'input', NEVER)).catch(() => undefined);
        return scan;
      });
      this.#prepared.set(key, prepared);
      prepared.catch(() => this.#prepared.delete(key)); // the next prepare retries
    }
    return prepared.then(() => undefined);
  }

  /** Drops a prepared scanner: no loaded policy has its rule any more (ScanPool). */
  forget(key: string): void {
    this.#prepared.delete(key);
  }

  /**
   * Runs `scans[s]` on `texts[t]` per job (by job index); views shared within a group. A job
   * whose scan failed has no entry (the worker posts a fixed error for it).
   */
  async run(
    jobs: readonly (readonly [number, number, number])[],
    scans: readonly (readonly [string, Stage])[],
    texts: readonly string[],
    groups: BatchViews = new WorkerGroups(Infinity).batch(),
  ): Promise<Map<number, ScanResult>> {
    const results = new Map<number, ScanResult>();
    await Promise.all(
      jobs.map(async ([s, t, g], i) => {
        const [key, stage] = scans[s] ?? ['', 'input'];
        const text = texts[t] ?? '';
        const shared = groups.views(g, text);
        try {
          const scan = await this.#prepared.get(key);
          if (!scan) throw new Error('not prepared');
          const r = await scan({ text, stage, signal: NEVER, views: shared });
          results.set(i, r);
        } catch {
          // no entry: failed
        }
      }),
    );
    return results;
  }
}
