/**
 * What the tagger knows of one word apart from its neighbours (lower case, shape, gazetteer
 * lists, word clusters), and a text's words with edge markers; the shipped vocabulary's words
 * are read once per process.
 */
import { isCommonWord } from '../common-words.js';
import type { Gazetteer } from '../gazetteer.js';
import type { NerToken } from './features.js';
import type { WordHashes } from './word-hashes.js';
import type { WordClusters } from './word-clusters.js';

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

/** A text's words, two edge markers either side (word i of the text is at i + 2). */
export function textWords(
  tokens: readonly NerToken[],
  g: Gazetteer,
  clusters: WordClusters | undefined,
  // words repeat within a text ("the", ",", a name), and a scan's rounds re-read its words:
  // each is looked up once per text, or per scan when the scan passes its map
  seen: Map<string, WordInfo> = new Map(),
): readonly WordInfo[] {
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
