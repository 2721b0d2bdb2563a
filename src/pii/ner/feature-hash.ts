/**
 * The name tagger's feature hashing: FNV-1a, continued from a prefix's state so features are
 * hashed from their parts without building their strings.
 */
/** 32-bit FNV-1a of a feature string, reduced to `buckets` (a power of two). */
export function featureHash(feature: string, buckets: number): number {
  return fnv(FNV_START, feature) & (buckets - 1);
}

export const FNV_START = 0x811c9dc5;

/**
 * FNV-1a continued over `s` from state `h`: hashing "w=" then "jane" equals hashing "w=jane",
 * so features are hashed from their parts without building their strings (the tagger's cost is
 * mostly here: 25 features per token).
 */
export function fnv(h: number, s: string, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

export const FIXED = (s: string) => fnv(FNV_START, s);
const BAR = 0x7c; // "|"
export const bar = (h: number) => Math.imul(h ^ BAR, 0x01000193);
