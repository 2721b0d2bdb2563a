/**
 * One loaded model per process: every rule, policy and reload that names the same model shares
 * one instance (a model is read-only once loaded, so sharing is safe). A failed load is not
 * cached, so the next scan retries — and fails closed meanwhile; so is one whose worker died.
 *
 * `sharedClassifiers` is module state on purpose: scanners are created by the policy loader with
 * no handle to process state (ScannerDeps), and loading a model once per rule or per reload
 * would multiply memory and start-up time.
 *
 * A load settles only after the classifier has scored a warm-up text (warm-up.ts): its first
 * call compiles hot paths (and for TF.js, kernels), which under load outlasted a rule's 1 s
 * timeout. So `settled()` means warm, and the first real scan pays for none of it.
 */
import { fileURLToPath } from 'node:url';
import type { TextClassifier } from './types.js';
import { WARM_UP_TEXT } from './warm-up.js';

const WARM_UP_TIMEOUT_MS = 30_000;

async function warmUp(classifier: TextClassifier): Promise<TextClassifier> {
  // A warm-up that fails says nothing the first real scan will not: that scan fails closed.
  await classifier
    .classify([WARM_UP_TEXT], AbortSignal.timeout(WARM_UP_TIMEOUT_MS))
    .catch(() => {});
  return classifier;
}

export class ClassifierCache {
  readonly #loaded = new Map<string, Promise<TextClassifier>>();
  readonly #ready = new Map<string, TextClassifier>();

  get(key: string, load: () => Promise<TextClassifier>): Promise<TextClassifier> {
    // A classifier whose worker died has failed the calls it held (closed); the next scan
    // loads a new one instead of failing every later call too.
    if (this.#ready.get(key)?.failed) {
      this.#loaded.delete(key);
      this.#ready.delete(key);
    }
    let entry = this.#loaded.get(key);
    if (!entry) {
      const loading = load().then(warmUp);
      entry = loading;
      this.#loaded.set(key, loading);
      loading.then(
        (classifier) => {
          if (this.#loaded.get(key) === loading) this.#ready.set(key, classifier);
        },
        () => this.#loaded.delete(key),
      );
    }
    return entry;
  }

  /** Loads started and not yet finished (loaded and warmed up, or failed): for /readyz. */
  get loading(): number {
    let n = 0;
    for (const key of this.#loaded.keys()) if (!this.#ready.has(key)) n++;
    return n;
  }

  /**
   * Settles when every load started so far has finished, loaded and warmed up or failed. A process that starts
   * serving or scanning after it does not race a cold load (WASM start, weights) against a rule's
   * 1 s timeout: under load that race failed the first requests closed (issue 14). Waits at
   * most `maxMs`, so a load that hangs delays start-up but cannot stop it (its rules fail closed).
   */
  async settled(maxMs = 30_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => (timer = setTimeout(resolve, maxMs)));
    await Promise.race([Promise.allSettled([...this.#loaded.values()]), cap]);
    clearTimeout(timer);
  }

  async closeAll(): Promise<void> {
    const all = [...this.#loaded.values()];
    this.#loaded.clear();
    this.#ready.clear();
    await Promise.allSettled(all.map(async (p) => (await p).close()));
  }
}

export const sharedClassifiers = new ClassifierCache();

/** The `models/` folder shipped with the package. */
export const BUNDLED_MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));
