/**
 * Tokens and features of the name tagger (models/ner-v1/), shared by its training script and
 * the scanner so both see the same thing. Features are strings hashed into a fixed table
 * (FNV-1a), so the artifact is one weight matrix with no vocabulary to ship: word identity and
 * neighbours, word shape and casing, affixes, and gazetteer membership (the lists of
 * models/gazetteers/), each also conjoined with "the whole text is lower case", so chat
 * written without capitals learns its own weights instead of borrowing the capitalized ones.
 */
import { isCommonWord } from '../common-words.js';
import type { Gazetteer } from '../gazetteer.js';
import type { WordClusters } from './word-clusters.js';

export interface NerToken {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** BIO over three entity types; index order is the weight matrix's column order. */
export const NER_TAGS = [
  'O',
  'B-PERSON',
  'I-PERSON',
  'B-LOCATION',
  'I-LOCATION',
  'B-ORGANIZATION',
  'I-ORGANIZATION',
] as const;
export type NerTag = (typeof NER_TAGS)[number];
export const NER_TYPES = ['PERSON', 'LOCATION', 'ORGANIZATION'] as const;

// URLs and e-mail addresses whole, handles with their "@", words with inner apostrophes,
// hyphens, dots and ampersands ("O'Brien", "Jean-Luc", "U.S", "AT&T") but not a possessive
// "'s", then any other visible character alone ("#" too: "#London" is a place after it).
// Our placeholders ("[PERSON_1]") are one token, never part of a name (tagger.ts drops them).
const TOKEN =
  /\[[A-Z][A-Z0-9_]*_\d+\]|https?:\/\/\S+|www\.\S+|[^\s@]+@[^\s@]+\.\w+|@[\p{L}\p{M}\p{N}_]+|[\p{L}\p{M}\p{N}]+(?:(?:['’](?![sS]\b)|[.&-])[\p{L}\p{M}\p{N}]+)*|\S/gu;

export function nerTokens(text: string): NerToken[] {
  const out: NerToken[] = [];
  for (const m of text.matchAll(TOKEN)) {
    out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  return out;
}

/** "Xxxx" → "Xx", "McDonald" → "XxXx", "2024" → "d", "@jane" → "@x": repeats collapsed. */
function shape(word: string): string {
  let out = '';
  let last = '';
  for (const ch of word) {
    const code = ch.charCodeAt(0);
    // ASCII letters and digits without a regex: most words are ASCII, and this runs per letter
    const c =
      code >= 65 && code <= 90
        ? 'X'
        : code >= 97 && code <= 122
          ? 'x'
          : code >= 48 && code <= 57
            ? 'd'
            : code < 128
              ? ch
              : /\p{Lu}/u.test(ch)
                ? 'X'
                : /\p{L}/u.test(ch)
                  ? 'x'
                  : /\p{N}/u.test(ch)
                    ? 'd'
                    : ch;
    if (c !== last) out += c;
    last = c;
    if (out.length > 8) break;
  }
  return out;
}

function gazetteerTags(lower: string, g: Gazetteer): string {
  let tags = '';
  if (g.firstNames.has(lower)) tags += 'F';
  if (g.surnames.has(lower)) tags += 'S';
  if (g.regions.has(lower)) tags += 'R';
  if (g.cities.has(lower)) tags += 'C';
  if (isCommonWord(lower)) tags += 'W';
  return tags === '' ? '-' : tags;
}

/** 32-bit FNV-1a of a feature string, reduced to `buckets` (a power of two). */
export function featureHash(feature: string, buckets: number): number {
  return fnv(FNV_START, feature) & (buckets - 1);
}

const FNV_START = 0x811c9dc5;

/**
 * FNV-1a continued over `s` from state `h`: hashing "w=" then "jane" equals hashing "w=jane",
 * so features are hashed from their parts without building their strings (the tagger's cost is
 * mostly here: 25 features per token).
 */
function fnv(h: number, s: string, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h;
}

export interface WordInfo {
  readonly lower: string;
  /** `lower` without a leading "@" or "#". */
  readonly bare: string;
  readonly shape: string;
  /** The first two characters of `shape`. */
  readonly shape2: string;
  readonly gaz: string;
  /** GloVe cluster ids, coarse to fine ("-" for a word without a vector). */
  readonly cl: readonly string[];
  /** Its hashes, filled on first use (hashesOf). */
  hashes?: WordHashes;
  /** The tagger's weight sums for this word (tagger.ts), filled on first use. */
  scratch?: unknown;
}

const STANDS_IN = /^\[[A-Z]|^[^@\s]+@[^@\s]+\.|:\/\/|^www\./u;

/** Whether a text has no upper-case letter at all (chat): a conjunction for every feature. */
export const isLowerText = (text: string): boolean => {
  if (!/\p{Lu}/u.test(text)) return true;
  // capitals only inside a placeholder, e-mail address or URL do not count; most texts have
  // none of those, and the replace is a copy of the text
  if (!/[[@]|:\/\/|www\./u.test(text)) return false;
  return !/\p{Lu}/u.test(
    text.replace(/\[[A-Z][A-Z0-9_]*_\d+\]|\S+@\S+|\S+:\/\/\S+|www\.\S+/gu, ''),
  );
};

const NO_CLUSTER = ['-', '-', '-'];
const ENT: WordInfo = {
  lower: '<ent>',
  bare: '<ent>',
  shape: '<ent>',
  shape2: '<e',
  gaz: '-',
  cl: ['<e>', '<e>', '<e>'],
};
const EDGE = ['<>', '<>', '<>'];
const BEFORE: WordInfo = {
  lower: '<s>',
  bare: '<s>',
  shape: '<>',
  shape2: '<>',
  gaz: '<>',
  cl: EDGE,
};
const AFTER: WordInfo = {
  lower: '</s>',
  bare: '</s>',
  shape: '<>',
  shape2: '<>',
  gaz: '<>',
  cl: EDGE,
};

function wordInfo(t: NerToken, g: Gazetteer, clusters: WordClusters | undefined): WordInfo {
  // an e-mail address, URL or one of our placeholders reads the same before and after
  // redaction, so a second pass tags nothing new beside it
  if (STANDS_IN.test(t.text)) return ENT;
  const lower = t.text.toLowerCase().replace(/’/gu, "'");
  const bare = lower.replace(/^[@#]/u, '');
  const sh = shape(t.text);
  const cl = clusters?.get(bare) ?? NO_CLUSTER;
  return { lower, bare, shape: sh, shape2: sh.slice(0, 2), gaz: gazetteerTags(bare, g), cl };
}

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

const FIXED = (s: string) => fnv(FNV_START, s);
const BAR = 0x7c; // "|"
const bar = (h: number) => Math.imul(h ^ BAR, 0x01000193);

/** Features per token without word clusters. */
export const FEATURES_PER_TOKEN = 25;
/** Features per token that word clusters add (a model trained with them). */
export const CLUSTER_FEATURES = 6;

export const featuresPerToken = (clusters: WordClusters | undefined): number =>
  FEATURES_PER_TOKEN + (clusters === undefined ? 0 : CLUSTER_FEATURES);

/** The words that begin and end two-word places ("new york"), so most pairs need no lookup. */
interface PairIndex {
  readonly firsts: ReadonlySet<string>;
  readonly seconds: ReadonlySet<string>;
}

const PAIRS = new WeakMap<Gazetteer, PairIndex>();

function pairIndex(g: Gazetteer): PairIndex {
  let index = PAIRS.get(g);
  if (index === undefined) {
    const firsts = new Set<string>();
    const seconds = new Set<string>();
    for (const list of [g.cities, g.regions])
      for (const entry of list) {
        const [one, two, ...more] = entry.split(' ');
        if (one === undefined || two === undefined || more.length > 0) continue;
        firsts.add(one);
        seconds.add(two);
      }
    index = { firsts, seconds };
    PAIRS.set(g, index);
  }
  return index;
}

/** Whether "a b" is a two-word city or region. */
function isPlacePair(a: string, b: string, g: Gazetteer, pairs: PairIndex): boolean {
  if (!pairs.firsts.has(a) || !pairs.seconds.has(b)) return false;
  const key = `${a} ${b}`;
  return g.cities.has(key) || g.regions.has(key);
}

/**
 * A word's hashes that do not depend on its neighbours: its own features, its features as a
 * neighbour, and the FNV states that pair features continue with the neighbour's string. Computed
 * once per word (and, for the shipped vocabulary, once per process): most of a token's 31
 * features need no hashing per token.
 */
interface WordHashes {
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
function hashesOf(w: WordInfo): WordHashes {
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

/**
 * Words of the shipped vocabulary (a GloVe word, or a common word for a model without clusters),
 * read once per process: their features are public knowledge, not the customer's. Any other
 * word (a rare name) is read per text and forgotten with it.
 */
const SHARED = new WeakMap<Gazetteer, Map<WordClusters | undefined, Map<string, WordInfo>>>();
/** Spellings kept; the vocabulary in its usual casings fits, a flood of odd casings clears it. */
const SHARED_MAX = 200_000;

function sharedWords(g: Gazetteer, clusters: WordClusters | undefined): Map<string, WordInfo> {
  let byClusters = SHARED.get(g);
  if (byClusters === undefined) {
    byClusters = new Map();
    SHARED.set(g, byClusters);
  }
  let words = byClusters.get(clusters);
  if (words === undefined) {
    words = new Map();
    byClusters.set(clusters, words);
  }
  return words;
}

/** A text's words with two edge markers either side: word i of the text is at i + 2. */
export interface FeatureRows {
  readonly features: Int32Array;
  readonly words: readonly { scratch?: unknown }[];
}

/** A text's words, two edge markers either side (word i of the text is at i + 2). */
export function textWords(
  tokens: readonly NerToken[],
  g: Gazetteer,
  clusters: WordClusters | undefined,
): readonly WordInfo[] {
  // words repeat within a text ("the", ",", a name): each is looked up once
  const seen = new Map<string, WordInfo>();
  const shared = sharedWords(g, clusters);
  const info = tokens.map((t) => {
    let w = shared.get(t.text) ?? seen.get(t.text);
    if (w === undefined) {
      w = wordInfo(t, g, clusters);
      const known = clusters === undefined ? isCommonWord(w.bare) : clusters.has(w.bare);
      if (known && w !== ENT) {
        if (shared.size >= SHARED_MAX) shared.clear();
        shared.set(t.text, w);
      } else seen.set(t.text, w);
    }
    return w;
  });
  return [BEFORE, BEFORE, ...info, AFTER, AFTER];
}

/** The placeholder for our own placeholders, e-mail addresses and URLs (never part of a name). */
export const isStandIn = (w: WordInfo): boolean => w === ENT;

/**
 * Every token's hashed features, featuresPerToken per token in a fixed order (token-major):
 * the one definition the training script's feature rows and the scanner's emissions share.
 * With `only`, the rows of tokens where it is 0 are left zero (the tagger does not read them:
 * windows.ts); `words` are textWords(tokens), when the caller has them already.
 */
export function featureRows(
  tokens: readonly NerToken[],
  lowerText: boolean,
  g: Gazetteer,
  buckets: number,
  clusters?: WordClusters,
  words: readonly WordInfo[] = textWords(tokens, g, clusters),
  only?: Uint8Array,
): FeatureRows {
  const at = (i: number): WordInfo => words[i + 2] as WordInfo;
  const pairs = pairIndex(g);
  const F = featuresPerToken(clusters);
  const out = new Int32Array(tokens.length * F);
  const lc = lowerText ? 'L' : 'U';
  const bias = FIXED('b');
  const biasLc = FIXED(`b${lc}`);
  const pl2 = [FIXED(`pl2=0|${lc}`), FIXED(`pl2=1|${lc}`)];
  let k = 0;
  const put = (h: number) => (out[k++] = h & (buckets - 1));
  for (let i = 0; i < tokens.length; i++) {
    if (only !== undefined && only[i] === 0) continue;
    k = i * F;
    const w = at(i);
    const prev = at(i - 1);
    const next = at(i + 1);
    const h = hashesOf(w);
    const hp = hashesOf(prev);
    const hn = hashesOf(next);
    const own = h.own;
    // "<s>" and "</s>" are in no place pair, so the edges need no test of their own
    const place2 =
      isPlacePair(prev.lower, w.lower, g, pairs) || isPlacePair(w.lower, next.lower, g, pairs);
    const first = i === 0 || (prev.lower.length === 1 && '.!?:"'.includes(prev.lower));
    put(bias);
    put(biasLc);
    put(own[0] as number);
    put(own[1] as number);
    put(fnv(lowerText ? h.pShL : h.pShU, first ? '1' : '0'));
    put(own[2] as number);
    put(own[3] as number);
    put(own[4] as number);
    put(own[5] as number);
    put(own[6] as number);
    put(own[7] as number);
    put(lowerText ? h.gL : h.gU);
    put(fnv(hp.pGP, w.gaz));
    put(fnv(h.pGN, next.gaz));
    put(pl2[place2 ? 1 : 0] ?? 0);
    put(hp.asPrev);
    put(hn.asNext);
    put(hashesOf(at(i - 2)).asPrev2);
    put(hashesOf(at(i + 2)).asNext2);
    put(fnv(hp.pW_1W, w.lower));
    put(fnv(h.pWW1, next.lower));
    put(fnv(hashesOf(at(i - 2)).pW_2W_1, prev.lower));
    put(fnv(hp.pSH_1, w.shape));
    put(fnv(h.pSH1, next.shape));
    put(first ? h.f1 : h.f0);
    if (clusters === undefined) continue;
    // GloVe clusters at three granularities, the middle one with the word's casing and for
    // its neighbours: "nancy" shares a cluster with names the training data had
    put(own[8] as number);
    put(own[9] as number);
    put(own[10] as number);
    put(own[11] as number);
    put(hp.clPrev);
    put(hn.clNext);
  }
  return { features: out, words };
}

/** featureRows' features alone. */
export function featureBuckets(
  tokens: readonly NerToken[],
  lowerText: boolean,
  g: Gazetteer,
  buckets: number,
  clusters?: WordClusters,
): Int32Array {
  return featureRows(tokens, lowerText, g, buckets, clusters).features;
}

/** Hashed feature indices per token (rows of the weight matrix), for one text. */
export function tokenFeatures(
  tokens: readonly NerToken[],
  lowerText: boolean,
  g: Gazetteer,
  buckets: number,
  clusters?: WordClusters,
): Int32Array[] {
  const flat = featureBuckets(tokens, lowerText, g, buckets, clusters);
  const F = featuresPerToken(clusters);
  return tokens.map((_t, i) => flat.subarray(i * F, (i + 1) * F));
}
