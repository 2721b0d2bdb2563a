/**
 * Hashed n-gram features for the linear classifiers (models/*-v2): lower-cased word 1–2 grams
 * and character n-grams taken inside word boundaries (" kill " → " k", "ki", ..., so a
 * misspelt or glued word still shares most of its features), hashed into `buckets` slots,
 * sub-linear counts, L2-normalized. Pure functions of the text and the config, so one
 * featurization serves every model with the same config (see `featureKey`).
 */

import { sortBelow } from './radix-sort.js';

export interface HashedNgramConfig {
  readonly kind: 'hashed-ngrams';
  /** A power of two. */
  readonly buckets: number;
  /** Word n-gram lengths, e.g. [1, 2]. */
  readonly wordNgrams: readonly number[];
  /** Character n-gram lengths within " word " (padded), e.g. [2, 3, 4, 5]. */
  readonly charNgrams: readonly number[];
}

/** A sparse vector: sorted unique bucket indices and their values. */
export interface SparseVector {
  readonly indices: Uint32Array;
  readonly values: Float32Array;
}

const WORD = /[\p{L}\p{N}]+(?:'[\p{L}]+)?/gu;
const MAX_WORD = 40;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Mixes a word n-gram's word hashes (murmur3's finalizer over a running combination). */
function mix(h: number, x: number): number {
  let k = (Math.imul(h ^ x, 0x85ebca6b) + 0x9e3779b9) >>> 0;
  k ^= k >>> 13;
  k = Math.imul(k, 0xc2b2ae35) >>> 0;
  return (k ^ (k >>> 16)) >>> 0;
}

export function tokenize(text: string): string[] {
  return (text.toLowerCase().match(WORD) ?? []).map((w) => w.slice(0, MAX_WORD));
}

function lengthMask(lengths: readonly number[]): boolean[] {
  const mask: boolean[] = [];
  for (const n of lengths) mask[n] = true;
  return mask;
}

function wordHash(word: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), FNV_PRIME) >>> 0;
  return h;
}

/**
 * Hashes of one featurization, reused from call to call: a 1 KB text has about 5,000 n-grams,
 * and pushing them onto a fresh array, then copying it into a typed array to sort, was most of
 * the featurizer's cost (issue 14, `npm run bench:profile`: the scan worker's largest item).
 */
let scratch = new Uint32Array(8192);
const SPACE = 0x20;

/**
 * Every n-gram is hashed in one pass without building substrings (FNV-1a over UTF-16 units,
 * extended one unit at a time, seeded by n so lengths do not collide); counts come from sorting
 * the hashes (a radix sort, radix-sort.ts). A word's character n-grams are taken over " word "
 * (the spaces read in place).
 */
export function hashedNgrams(text: string, config: HashedNgramConfig): SparseVector {
  const mask = config.buckets - 1;
  const words = tokenize(text);
  const maxWordN = Math.max(0, ...config.wordNgrams);
  const wantWord = lengthMask(config.wordNgrams);
  const maxCharN = Math.max(0, ...config.charNgrams);
  const wantChar = lengthMask(config.charNgrams);
  let bound = words.length * maxWordN;
  for (const word of words) bound += (word.length + 2) * maxCharN;
  if (scratch.length < bound) scratch = new Uint32Array(2 * bound);
  const hashes = scratch;
  let count = 0;
  const wordHashes = words.map(wordHash);
  for (let i = 0; i < wordHashes.length; i++) {
    let h = 0x2545f491;
    for (let n = 1; n <= maxWordN && i + n <= wordHashes.length; n++) {
      h = mix(h, wordHashes[i + n - 1] ?? 0);
      if (wantWord[n]) hashes[count++] = mix(h, n) & mask;
    }
  }
  for (const word of words) {
    const padded = word.length + 2;
    for (let i = 0; i < padded; i++) {
      let h = FNV_OFFSET;
      for (let n = 1; n <= maxCharN && i + n <= padded; n++) {
        const at = i + n - 1;
        const unit = at === 0 || at === padded - 1 ? SPACE : word.charCodeAt(at - 1);
        h = Math.imul(h ^ unit, FNV_PRIME) >>> 0;
        if (wantChar[n]) hashes[count++] = mix(h, 100 + n) & mask;
      }
    }
  }
  const sorted = sortBelow(hashes, count, Math.log2(config.buckets));
  let unique = 0;
  for (let i = 0; i < count; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) unique++;
  const indices = new Uint32Array(unique);
  const counts = new Float64Array(unique);
  let norm = 0;
  for (let i = 0, u = 0; i < count; u++) {
    let j = i + 1;
    while (j < count && sorted[j] === sorted[i]) j++;
    const v = 1 + Math.log(j - i);
    indices[u] = sorted[i] ?? 0;
    counts[u] = v;
    norm += v * v;
    i = j;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const values = new Float32Array(unique);
  for (let u = 0; u < unique; u++) values[u] = (counts[u] ?? 0) * scale;
  return { indices, values };
}

/** Identity of a featurizer config: models with equal keys can share one featurization. */
export function featureKey(config: HashedNgramConfig): string {
  return `hashed-ngrams:${config.buckets}:w${config.wordNgrams.join(',')}:c${config.charNgrams.join(',')}`;
}

export function isHashedNgramConfig(value: unknown): value is HashedNgramConfig {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const lengths = (x: unknown) =>
    Array.isArray(x) && x.every((n) => Number.isInteger(n) && (n as number) >= 1 && n <= 8);
  return (
    v.kind === 'hashed-ngrams' &&
    Number.isInteger(v.buckets) &&
    (v.buckets as number) > 0 &&
    ((v.buckets as number) & ((v.buckets as number) - 1)) === 0 &&
    lengths(v.wordNgrams) &&
    lengths(v.charNgrams)
  );
}
