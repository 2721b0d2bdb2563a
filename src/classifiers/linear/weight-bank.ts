/**
 * One weight table for every loaded linear model with the same featurizer config (today the
 * toxicity, prompt-injection and harmful-request v2 models: 1 + 8 + 7 heads over 2^20 buckets).
 * Each bucket's row holds every member's int8 weights side by side, so one feature costs one
 * cache line for all three models instead of one per model. With each model in a table of its
 * own, a 1 KB text's ~2,700 features × 3 models were mostly cache and TLB misses: in the input
 * stage the dot products took ~1.2 ms of CPU against ~0.25 ms for the same sums run back to back
 * on a warm cache (issue 14, `npm run bench:scan-cpu`). The sums of a feature vector are computed
 * once for every member and memoized on the vector, so the second and third model scoring the
 * same sentence read them back. Every head's sum adds the same terms in the same order as a table
 * per model would, so the scores are bit-identical.
 *
 * A member is identified by its weight file's sha256: loading the same folder again (a policy
 * reload, a test) reuses its columns; a table only grows with distinct weight files, and lives
 * as long as the process (as the models it holds do, classifier-cache.ts).
 */
import type { SparseVector } from './hashed-ngrams.js';

/** A model's columns in its bank: a later member's columns go after them, so `offset` stays. */
export interface BankSlot {
  readonly bank: WeightBank;
  readonly heads: number;
  readonly offset: number;
}

/** Rows read ahead of their sums: 256 rows (16 KB) stay in the L1 cache until summed. */
const TOUCH_CHUNK = 256;

export class WeightBank {
  readonly buckets: number;
  #stride = 0;
  #table = new Int8Array(0);
  readonly #slots = new Map<string, BankSlot>();
  /** Raw sums per feature vector; replaced when the layout changes. */
  #sums = new WeakMap<SparseVector, Float64Array>();

  constructor(buckets: number) {
    this.buckets = buckets;
  }

  /**
   * Adds a model's head-major weights (heads × buckets, as model files store them) as new
   * columns, or returns the slot already holding the weight file `sha256`.
   */
  join(sha256: string, headMajor: Int8Array, heads: number): BankSlot {
    const known = this.#slots.get(sha256);
    if (known) return known;
    const buckets = this.buckets;
    if (headMajor.length !== heads * buckets) throw new Error('weights are not heads × buckets');
    const old = this.#table;
    const oldStride = this.#stride;
    const stride = oldStride + heads;
    const table = new Int8Array(buckets * stride);
    for (let b = 0; b < buckets; b++) {
      const row = b * stride;
      const oldRow = b * oldStride;
      for (let h = 0; h < oldStride; h++) table[row + h] = old[oldRow + h] as number;
      for (let h = 0; h < heads; h++)
        table[row + oldStride + h] = headMajor[h * buckets + b] as number;
    }
    this.#table = table;
    this.#stride = stride;
    this.#sums = new WeakMap();
    const slot: BankSlot = { bank: this, heads, offset: oldStride };
    this.#slots.set(sha256, slot);
    return slot;
  }

  /**
   * Σ weight × value of every column over `x`'s features (int8 units, before each head's
   * scale and bias). Locals instead of property reads in the inner loop.
   */
  sums(x: SparseVector): Float64Array {
    let sums = this.#sums.get(x);
    if (sums) return sums;
    const stride = this.#stride;
    const table = this.#table;
    sums = new Float64Array(stride);
    const { indices, values } = x;
    const n = indices.length;
    for (let from = 0; from < n; from += TOUCH_CHUNK) {
      const to = Math.min(n, from + TOUCH_CHUNK);
      // Column 0 of every row first: those loads do not depend on each other, so the CPU has
      // dozens of cache misses in flight at once; the other columns' multiply-adds then hit the
      // cache. All columns per row in one loop held it to a few misses at a time: ~750 → ~250 µs
      // per 1 KB text with a cold cache (16 heads, 2,750 features). Each column still adds its
      // terms in feature order.
      let first = sums[0] as number;
      for (let i = from; i < to; i++)
        first += (table[(indices[i] as number) * stride] as number) * (values[i] as number);
      sums[0] = first;
      for (let i = from; i < to; i++) {
        const base = (indices[i] as number) * stride;
        const value = values[i] as number;
        for (let h = 1; h < stride; h++)
          sums[h] = (sums[h] as number) + (table[base + h] as number) * value;
      }
    }
    this.#sums.set(x, sums);
    return sums;
  }
}

const banks = new Map<string, WeightBank>();

/** The bank of a featurizer config (`featureKey`), created on first use. */
export function bankFor(key: string, buckets: number): WeightBank {
  let bank = banks.get(key);
  if (!bank) banks.set(key, (bank = new WeightBank(buckets)));
  return bank;
}
