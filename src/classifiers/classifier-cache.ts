/**
 * One loaded model per process: every rule, policy and reload that names the same model shares
 * one instance (a model is read-only once loaded, so sharing is safe). A failed load is not
 * cached, so the next scan retries — and fails closed meanwhile.
 *
 * `sharedClassifiers` is module state on purpose: scanners are created by the policy loader with
 * no handle to process state (ScannerDeps), and loading a model once per rule or per reload
 * would multiply memory and start-up time.
 */
import { fileURLToPath } from 'node:url';
import type { TextClassifier } from './types.js';

export class ClassifierCache {
  readonly #loaded = new Map<string, Promise<TextClassifier>>();

  get(key: string, load: () => Promise<TextClassifier>): Promise<TextClassifier> {
    let entry = this.#loaded.get(key);
    if (!entry) {
      entry = load();
      this.#loaded.set(key, entry);
      entry.catch(() => this.#loaded.delete(key));
    }
    return entry;
  }

  async closeAll(): Promise<void> {
    const all = [...this.#loaded.values()];
    this.#loaded.clear();
    await Promise.allSettled(all.map(async (p) => (await p).close()));
  }
}

export const sharedClassifiers = new ClassifierCache();

/** The `models/` folder shipped with the package. */
export const BUNDLED_MODELS_DIR = fileURLToPath(new URL('../../models/', import.meta.url));
