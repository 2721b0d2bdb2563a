/**
 * Tokens and features of the name tagger (models/ner-v1/), shared by its training script and
 * the scanner so both see the same thing. Features are strings hashed into a fixed table
 * (FNV-1a), so the artifact is one weight matrix with no vocabulary to ship: word identity and
 * neighbours, word shape and casing, affixes, and gazetteer membership (the lists of
 * models/gazetteers/), each also conjoined with "the whole text is lower case", so chat
 * written without capitals learns its own weights instead of borrowing the capitalized ones.
 */
import type { Gazetteer } from '../gazetteer.js';
import { FIXED, fnv } from './feature-hash.js';
import { isPlacePair, pairIndex } from './place-pairs.js';
import { hashesOf } from './word-hashes.js';
import { textWords, type WordInfo } from './word-info.js';
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

/** Whether a text has no upper-case letter at all (chat): a conjunction for every feature. */
export const isLowerText = (text: string): boolean => {
  if (!/\p{Lu}/u.test(text)) return true;
  // capitals only inside a placeholder, e-mail address or URL do not count; most texts have
  // none of those, and the replace is a copy of the text
  if (!/[[@]|:\/\/|www\./u.test(text)) return false;
  // none of those spans a blank, so stripping them word by word (a run of non-blanks) strips
  // what stripping the whole text would; only words with a capital need it, and the first word
  // whose capital survives settles it (usually the text's first word)
  for (const word of text.matchAll(CAPITALIZED_WORD))
    if (/\p{Lu}/u.test(word[0].replace(NOT_SENTENCE_WORDS, ''))) return false;
  return true;
};
const CAPITALIZED_WORD = /\S*\p{Lu}\S*/gu;
const NOT_SENTENCE_WORDS = /\[[A-Z][A-Z0-9_]*_\d+\]|\S+@\S+|\S+:\/\/\S+|www\.\S+/gu;

/** Features per token without word clusters. */
export const FEATURES_PER_TOKEN = 25;
/** Features per token that word clusters add (a model trained with them). */
export const CLUSTER_FEATURES = 6;

export const featuresPerToken = (clusters: WordClusters | undefined): number =>
  FEATURES_PER_TOKEN + (clusters === undefined ? 0 : CLUSTER_FEATURES);

/** A text's words with two edge markers either side: word i of the text is at i + 2. */
export interface FeatureRows {
  readonly features: Int32Array;
  readonly words: readonly { scratch?: unknown }[];
}

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
