/**
 * Sorts the bucket indices of one featurization (hashed-ngrams.ts). The hashes are random, so
 * the native TypedArray sort's comparisons mispredict: ~31 µs for the ~870 n-grams of a 400-char
 * window, half of the featurizer's time. An LSD radix sort has no data-dependent branches
 * (~12-15 µs for the same arrays). Sorting unsigned integers has one result, so the features
 * are the same either way.
 */

const DIGIT_BITS = 11;
const DIGITS = 1 << DIGIT_BITS;
/** Below this many values the native sort is cheaper than clearing the digit counts. */
const MIN_RADIX = 256;

const counts = new Uint32Array(DIGITS);
let spare = new Uint32Array(8192);

/** Sorts `values[0, count)` in place, ascending; every value is below 2 ** bits. */
export function sortBelow(values: Uint32Array, count: number, bits: number): Uint32Array {
  const sorted = values.subarray(0, count);
  if (count < MIN_RADIX || bits > 32) return sorted.sort();
  if (spare.length < count) spare = new Uint32Array(2 * count);
  let from: Uint32Array = values;
  let to: Uint32Array = spare;
  for (let shift = 0; shift < bits; shift += DIGIT_BITS) {
    counts.fill(0);
    for (let i = 0; i < count; i++) {
      const d = ((from[i] as number) >>> shift) & (DIGITS - 1);
      counts[d] = (counts[d] as number) + 1;
    }
    let sum = 0;
    for (let d = 0; d < DIGITS; d++) {
      const c = counts[d] as number;
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < count; i++) {
      const v = from[i] as number;
      const d = (v >>> shift) & (DIGITS - 1);
      const at = counts[d] as number;
      to[at] = v;
      counts[d] = at + 1;
    }
    [from, to] = [to, from];
  }
  // An odd number of passes leaves the result in the spare array.
  if (from !== values) values.set(from.subarray(0, count));
  return sorted;
}
