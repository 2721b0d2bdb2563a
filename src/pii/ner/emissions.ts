/**
 * The tagger's emission scores (tagger.ts): a token's hashed features (features.ts) summed over
 * the quantized weight table, grouped by what each feature depends on, so that most of the sum
 * is read once per word instead of once per token:
 *
 * - the bias features and "pl2" (two-word place) take one of four values per text case: summed
 *   once per model;
 * - a word's own features, and its features as the word before, after, two before and two after
 *   a token (its "roles"), and the features of its own that also read the text's case and
 *   whether it starts a sentence: summed once per word (kept on the word: for the shipped
 *   vocabulary the process, for any other word the scan);
 * - only the seven features that pair two words are hashed and read per token.
 *
 * Sums are integers (the table is int16), so the grouping changes no score: the features, and
 * so the spans, are those of featureRows, which training reads (emissions.test.ts checks it).
 */
import type { Gazetteer } from '../gazetteer.js';
import { FIXED, fnv } from './feature-hash.js';
import { NER_TAGS, type NerToken } from './features.js';
import { isPlacePair, pairIndex } from './place-pairs.js';
import { hashesOf } from './word-hashes.js';
import type { WordInfo } from './word-info.js';
import type { NerModel } from './tagger.js';

const T = NER_TAGS.length;

/** Role sums per word: own, as previous, next, two before, two after, then 4 own variants. */
const ROLES = 9;
const OWN = 0;
/** Roles 5..8: the own features that read (lower-case text, starts a sentence). */
const VARIANT = 5;

/**
 * What one scan keeps between its rounds (tagged-names.ts): a round re-tags a segment because a
 * placeholder appeared in it, and every token more than two words from it has the same words
 * around it as before. `words` gives a spelling the same WordInfo in every round (so its sums
 * are kept), `tokens` a token's sums by its five words and the text's case.
 */
export interface EmissionCache {
  readonly words: Map<string, WordInfo>;
  readonly tokens: Map<WordInfo, TokenSums[]>;
  /** The cached emissions, T per token, in one growing array (no allocation per token). */
  readonly pool: number[];
}
interface TokenSums {
  readonly p2: WordInfo;
  readonly prev: WordInfo;
  readonly next: WordInfo;
  readonly n2: WordInfo;
  readonly lower: boolean;
  /** Where its T emissions start in `pool`. */
  readonly at: number;
}
export const emissionCache = (): EmissionCache => ({
  words: new Map(),
  tokens: new Map(),
  pool: [],
});

export interface WordSums {
  readonly model: NerModel;
  /** Per role, the weight sums of its features (ROLES × tags). */
  readonly sums: number[];
  /** Bit r: role r's sums are filled. */
  filled: number;
  /** Whether the tagger reads the word (windows.ts): -1 not decided yet. */
  reads: number;
}

/** The word's sums for `model`, kept on the word (word-info.ts: as long as the word is). */
export function wordSums(word: WordInfo, model: NerModel): WordSums {
  const slot = word as { scratch?: unknown };
  let ws = slot.scratch as WordSums | undefined;
  if (ws?.model !== model) {
    ws = { model, sums: new Array<number>(ROLES * T).fill(0), filled: 0, reads: -1 };
    slot.scratch = ws;
  }
  return ws;
}

function addRow(w: Int16Array, h: number, mask: number, into: Int32Array | number[], at: number) {
  const base = (h & mask) * T;
  for (let t = 0; t < T; t++) into[at + t] = (into[at + t] as number) + (w[base + t] as number);
}

/** The feature hashes of role r of a word (features.ts slots, before reduction). */
function roleHashes(word: WordInfo, r: number, clusters: boolean): readonly number[] {
  const h = hashesOf(word);
  switch (r) {
    case OWN:
      return [...h.own.subarray(0, clusters ? 12 : 8)];
    case 1:
      return clusters ? [h.asPrev, h.clPrev] : [h.asPrev];
    case 2:
      return clusters ? [h.asNext, h.clNext] : [h.asNext];
    case 3:
      return [h.asPrev2];
    case 4:
      return [h.asNext2];
    default: {
      const lower = ((r - VARIANT) & 2) !== 0;
      const first = ((r - VARIANT) & 1) !== 0;
      return [
        fnv(lower ? h.pShL : h.pShU, first ? '1' : '0'),
        lower ? h.gL : h.gU,
        first ? h.f1 : h.f0,
      ];
    }
  }
}

/** Role r's sums of a word, at r × T of the returned array. */
function roleSums(word: WordInfo, r: number, model: NerModel): readonly number[] {
  const ws = wordSums(word, model);
  if ((ws.filled & (1 << r)) === 0) {
    for (const h of roleHashes(word, r, model.clusters !== undefined))
      addRow(model.weights, h, model.buckets - 1, ws.sums, r * T);
    ws.filled |= 1 << r;
  }
  return ws.sums;
}

/** bias + bias per case + pl2, per (lower-case text, place pair): 4 × T, per model. */
const CONSTANTS = new WeakMap<NerModel, Int32Array>();
function constants(model: NerModel): Int32Array {
  let c = CONSTANTS.get(model);
  if (c === undefined) {
    c = new Int32Array(4 * T);
    for (let v = 0; v < 4; v++) {
      const lc = (v & 2) !== 0 ? 'L' : 'U';
      for (const f of ['b', `b${lc}`, `pl2=${v & 1}|${lc}`])
        addRow(model.weights, FIXED(f), model.buckets - 1, c, v * T);
    }
    CONSTANTS.set(model, c);
  }
  return c;
}

/** One token's integer sums, reused: emissions are written straight from it. */
const ROW = new Int32Array(T);

/**
 * Emission scores, n × tags, of a text's tokens where `read` is 1 (0 elsewhere); `words` are
 * textWords(tokens) (two edge markers either side), `lowerText` isLowerText(text).
 */
export function textEmissions(
  tokens: readonly NerToken[],
  lowerText: boolean,
  model: NerModel,
  g: Gazetteer,
  words: readonly WordInfo[],
  read: Uint8Array,
  cache?: EmissionCache,
): Float32Array {
  const n = tokens.length;
  const e = new Float32Array(n * T);
  const sums = ROW;
  const scale = model.scale;
  const w = model.weights;
  const mask = model.buckets - 1;
  const pairs = pairIndex(g);
  const consts = constants(model);
  for (let i = 0; i < n; i++) {
    if (read[i] === 0) continue;
    const row = i * T;
    const p2 = words[i] as WordInfo;
    const prev = words[i + 1] as WordInfo;
    const word = words[i + 2] as WordInfo;
    const next = words[i + 3] as WordInfo;
    const n2 = words[i + 4] as WordInfo;
    const seen = cache?.tokens.get(word);
    const hit = seen?.find(
      (s) =>
        s.p2 === p2 && s.prev === prev && s.next === next && s.n2 === n2 && s.lower === lowerText,
    );
    if (hit !== undefined && cache !== undefined) {
      for (let t = 0; t < T; t++) e[row + t] = cache.pool[hit.at + t] as number;
      continue;
    }
    // as featureRows: "<s>" and "</s>" are in no place pair; the word before the first is "<s>"
    const place2 =
      isPlacePair(prev.lower, word.lower, g, pairs) ||
      isPlacePair(word.lower, next.lower, g, pairs);
    const first = i === 0 || (prev.lower.length === 1 && '.!?:"'.includes(prev.lower));
    const c = ((lowerText ? 2 : 0) + (place2 ? 1 : 0)) * T;
    const variant = VARIANT + (lowerText ? 2 : 0) + (first ? 1 : 0);
    const own = roleSums(word, OWN, model);
    const ownV = roleSums(word, variant, model);
    const asPrev = roleSums(prev, 1, model);
    const asNext = roleSums(next, 2, model);
    const asPrev2 = roleSums(p2, 3, model);
    const asNext2 = roleSums(n2, 4, model);
    for (let t = 0; t < T; t++)
      sums[t] =
        (consts[c + t] as number) +
        (own[OWN * T + t] as number) +
        (ownV[variant * T + t] as number) +
        (asPrev[T + t] as number) +
        (asNext[2 * T + t] as number) +
        (asPrev2[3 * T + t] as number) +
        (asNext2[4 * T + t] as number);
    // the features that pair two words
    const h = hashesOf(word);
    const hp = hashesOf(prev);
    addRow(w, fnv(hp.pGP, word.gaz), mask, sums, 0);
    addRow(w, fnv(h.pGN, next.gaz), mask, sums, 0);
    addRow(w, fnv(hp.pW_1W, word.lower), mask, sums, 0);
    addRow(w, fnv(h.pWW1, next.lower), mask, sums, 0);
    addRow(w, fnv(hashesOf(p2).pW_2W_1, prev.lower), mask, sums, 0);
    addRow(w, fnv(hp.pSH_1, word.shape), mask, sums, 0);
    addRow(w, fnv(h.pSH1, next.shape), mask, sums, 0);
    for (let t = 0; t < T; t++) e[row + t] = (sums[t] as number) * scale;
    if (cache !== undefined) {
      const entry = { p2, prev, next, n2, lower: lowerText, at: cache.pool.length };
      for (let t = 0; t < T; t++) cache.pool.push(e[row + t] as number);
      if (seen === undefined) cache.tokens.set(word, [entry]);
      else seen.push(entry);
    }
  }
  return e;
}

/**
 * How sure the tagger is from a word's own features alone (its spelling, shape, affixes, lists,
 * clusters; no neighbours) that it is not part of a name: the O sum minus the best other, in
 * margin units. Kept on the word with the role sums textEmissions uses.
 */
export function ownOutside(word: WordInfo, model: NerModel): number {
  const s = roleSums(word, OWN, model);
  let other = -Infinity;
  for (let t = 1; t < T; t++) other = Math.max(other, s[OWN * T + t] as number);
  return ((s[OWN * T] as number) - other) * model.scale;
}
