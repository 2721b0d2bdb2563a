/**
 * A word's feature hashes that do not depend on its neighbours, computed once per word, and the
 * feature-row slots they fill.
 */
import { bar, FIXED, fnv, FNV_START } from './feature-hash.js';
import type { WordInfo } from './word-info.js';

// FNV states after each feature's fixed prefix, computed once: a lookup by name per feature
// cost more than the hashing
const W = fnv(FNV_START, 'w=');
const SH = fnv(FNV_START, 'sh=');
const SH_L = fnv(FNV_START, 'shL=');
const SH_U = fnv(FNV_START, 'shU=');
const P3 = fnv(FNV_START, 'p3=');
const S2 = fnv(FNV_START, 's2=');
const S3 = fnv(FNV_START, 's3=');
const S4 = fnv(FNV_START, 's4=');
const G = fnv(FNV_START, 'g=');
const G_L = fnv(FNV_START, 'gL=');
const G_U = fnv(FNV_START, 'gU=');
const GP = fnv(FNV_START, 'gp=');
const GN = fnv(FNV_START, 'gn=');
const W_1 = fnv(FNV_START, 'w-1=');
const W1 = fnv(FNV_START, 'w+1=');
const W_2 = fnv(FNV_START, 'w-2=');
const W2 = fnv(FNV_START, 'w+2=');
const W_1W = fnv(FNV_START, 'w-1w=');
const WW1 = fnv(FNV_START, 'ww+1=');
const W_2W_1 = fnv(FNV_START, 'w-2w-1=');
const SH_1 = fnv(FNV_START, 'sh-1=');
const SH1 = fnv(FNV_START, 'sh+1=');
const FIRST0 = fnv(FNV_START, 'first=0|');
const FIRST1 = fnv(FNV_START, 'first=1|');

const CL = [fnv(FNV_START, 'c0='), fnv(FNV_START, 'c1='), fnv(FNV_START, 'c2=')];
const CL_SH = fnv(FNV_START, 'c1sh=');
const CL_1 = fnv(FNV_START, 'c1-1=');
const CL1 = fnv(FNV_START, 'c1+1=');

/**
 * A word's hashes that do not depend on its neighbours: its own features, its features as a
 * neighbour, and the FNV states that pair features continue with the neighbour's string. Computed
 * once per word (and, for the shipped vocabulary, once per process): most of a token's 31
 * features need no hashing per token.
 */
export interface WordHashes {
  readonly own: Int32Array;
  readonly gL: number;
  readonly gU: number;
  readonly asPrev: number;
  readonly asNext: number;
  readonly asPrev2: number;
  readonly asNext2: number;
  readonly clPrev: number;
  readonly clNext: number;
  readonly pW_1W: number;
  readonly pWW1: number;
  readonly pW_2W_1: number;
  readonly pSH_1: number;
  readonly pSH1: number;
  readonly pGP: number;
  readonly pGN: number;
  readonly pShL: number;
  readonly pShU: number;
  readonly f0: number;
  readonly f1: number;
}

const LEN = Array.from({ length: 9 }, (_, n) => FIXED(`len=${n}`));
export function hashesOf(w: WordInfo): WordHashes {
  let h = w.hashes;
  if (h !== undefined) return h;
  const { bare } = w;
  const n = bare.length;
  const c1 = w.cl[1] ?? '-';
  h = {
    // the slots of OWN_SLOTS, in order
    own: Int32Array.of(
      fnv(W, w.lower),
      fnv(SH, w.shape),
      fnv(P3, bare, 0, Math.min(3, n)),
      fnv(S2, bare, Math.max(0, n - 2)),
      fnv(S3, bare, Math.max(0, n - 3)),
      fnv(S4, bare, Math.max(0, n - 4)),
      LEN[Math.min(n, 8)] ?? 0,
      fnv(G, w.gaz),
      fnv(CL[0] as number, w.cl[0] ?? '-'),
      fnv(CL[1] as number, c1),
      fnv(CL[2] as number, w.cl[2] ?? '-'),
      fnv(bar(fnv(CL_SH, c1)), w.shape2),
    ),
    gL: fnv(bar(fnv(G_L, w.gaz)), w.shape2),
    gU: fnv(bar(fnv(G_U, w.gaz)), w.shape2),
    asPrev: fnv(W_1, w.lower),
    asNext: fnv(W1, w.lower),
    asPrev2: fnv(W_2, w.lower),
    asNext2: fnv(W2, w.lower),
    clPrev: fnv(CL_1, c1),
    clNext: fnv(CL1, c1),
    pW_1W: bar(fnv(W_1W, w.lower)),
    pWW1: bar(fnv(WW1, w.lower)),
    pW_2W_1: bar(fnv(W_2W_1, w.lower)),
    pSH_1: bar(fnv(SH_1, w.shape)),
    pSH1: bar(fnv(SH1, w.shape)),
    pGP: bar(fnv(GP, w.gaz)),
    pGN: bar(fnv(GN, w.gaz)),
    pShL: bar(fnv(SH_L, w.shape)),
    pShU: bar(fnv(SH_U, w.shape)),
    f0: fnv(FIRST0, w.shape2),
    f1: fnv(FIRST1, w.shape2),
  };
  w.hashes = h;
  return h;
}

/** A word's own-feature hashes, in OWN_SLOTS then OWN_CLUSTER_SLOTS order (before reduction). */
export const ownHashes = (w: WordInfo): Int32Array => hashesOf(w).own;

/**
 * Slots of a token's feature row that depend on its word alone, and on one neighbour's word
 * alone (the tagger sums their weights once per word: tagger.ts). Cluster slots only in a model
 * trained with clusters.
 */
export const OWN_SLOTS = [2, 3, 5, 6, 7, 8, 9, 10] as const;
export const OWN_CLUSTER_SLOTS = [25, 26, 27, 28] as const;
export const PREV_SLOTS = [15] as const;
export const PREV_CLUSTER_SLOT = 29;
export const NEXT_SLOTS = [16] as const;
export const NEXT_CLUSTER_SLOT = 30;
export const PREV2_SLOT = 17;
export const NEXT2_SLOT = 18;
