/**
 * Hashed n-gram features for the linear classifiers (models/*-v2): lower-cased word 1–2 grams
 * and character n-grams taken inside word boundaries (" kill " → " k", "ki", ..., so a
 * misspelt or glued word still shares most of its features), hashed into `buckets` slots,
 * sub-linear counts, L2-normalized. Pure functions of the text and the config, so one
 * featurization serves every model with the same config (see `featureKey`).
 */

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
 * Every n-gram is hashed in one pass without building substrings (FNV-1a over UTF-16 units,
 * extended one unit at a time, seeded by n so lengths do not collide); counts come from sorting
 * the hashes. About 0.1 ms per 1 KB of text.
 */
export function hashedNgrams(text: string, config: HashedNgramConfig): SparseVector {
  const mask = config.buckets - 1;
  const words = tokenize(text);
  const hashes: number[] = [];
  const maxWordN = Math.max(0, ...config.wordNgrams);
  const wantWord = lengthMask(config.wordNgrams);
  const wordHashes = words.map(wordHash);
  for (let i = 0; i < wordHashes.length; i++) {
    let h = 0x2545f491;
    for (let n = 1; n <= maxWordN && i + n <= wordHashes.length; n++) {
      h = mix(h, wordHashes[i + n - 1] ?? 0);
      if (wantWord[n]) hashes.push(mix(h, n) & mask);
    }
  }
  const maxCharN = Math.max(0, ...config.charNgrams);
  const wantChar = lengthMask(config.charNgrams);
  for (const word of words) {
    const padded = ` ${word} `;
    for (let i = 0; i < padded.length; i++) {
      let h = FNV_OFFSET;
      for (let n = 1; n <= maxCharN && i + n <= padded.length; n++) {
        h = Math.imul(h ^ padded.charCodeAt(i + n - 1), FNV_PRIME) >>> 0;
        if (wantChar[n]) hashes.push(mix(h, 100 + n) & mask);
      }
    }
  }
  const sorted = Uint32Array.from(hashes).sort();
  const indices: number[] = [];
  const values: number[] = [];
  let norm = 0;
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    const v = 1 + Math.log(j - i);
    indices.push(sorted[i] ?? 0);
    values.push(v);
    norm += v * v;
    i = j;
  }
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  return {
    indices: Uint32Array.from(indices),
    values: Float32Array.from(values, (v) => v * scale),
  };
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
