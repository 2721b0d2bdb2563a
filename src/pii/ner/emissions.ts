/**
 * The tagger's emission scores (tagger.ts): hashed feature rows (features.ts) summed over the
 * quantized weight table, with a word's own and neighbour-role sums kept on the word, so the
 * table (the tagger's cost: a cache miss per feature row) is read once per word and role.
 */
import type { Gazetteer } from '../gazetteer.js';
import {
  CLUSTER_FEATURES,
  FEATURES_PER_TOKEN,
  featureRows,
  featuresPerToken,
  isLowerText,
  NER_TAGS,
  type NerToken,
} from './features.js';
import {
  NEXT2_SLOT,
  NEXT_CLUSTER_SLOT,
  NEXT_SLOTS,
  OWN_CLUSTER_SLOTS,
  OWN_SLOTS,
  ownHashes,
  PREV2_SLOT,
  PREV_CLUSTER_SLOT,
  PREV_SLOTS,
} from './word-hashes.js';
import type { WordInfo } from './word-info.js';
import type { NerModel } from './tagger.js';

const T = NER_TAGS.length;

/**
 * A token's emission sums by its feature buckets, for the rounds of one scan: a round re-tags a
 * segment because a placeholder appeared in it, and every token more than two words from it has
 * the same features as before. The weight rows are the tagger's cost (cache misses), so a token
 * seen before is a Map lookup instead of 25 of them.
 */
export type EmissionCache = Map<number, { readonly key: Int32Array; readonly sums: Int32Array }>;

function sameKey(a: Int32Array, b: Int32Array): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return false;
  return true;
}

/**
 * The slots a word decides on its own, by its role for the token being scored: the token's own
 * word, then the word before, after, two before, two after (features.ts).
 */
function roleSlots(clusters: boolean): readonly (readonly number[])[] {
  return [
    [...OWN_SLOTS, ...(clusters ? OWN_CLUSTER_SLOTS : [])],
    [...PREV_SLOTS, ...(clusters ? [PREV_CLUSTER_SLOT] : [])],
    [...NEXT_SLOTS, ...(clusters ? [NEXT_CLUSTER_SLOT] : [])],
    [PREV2_SLOT],
    [NEXT2_SLOT],
  ];
}
/** Offset of a role's word from the token, in FeatureRows.words (token i is at i + 2). */
const ROLE_AT = [2, 1, 3, 0, 4];

/** roleSlots and the remaining (pair) slots, per feature layout: computed once, not per text. */
interface Layout {
  readonly roles: readonly (readonly number[])[];
  readonly context: readonly number[];
}
const LAYOUTS = [false, true].map((clusters): Layout => {
  const roles = roleSlots(clusters);
  const byWord = new Set(roles.flat());
  const F = FEATURES_PER_TOKEN + (clusters ? CLUSTER_FEATURES : 0);
  return { roles, context: Array.from({ length: F }, (_x, k) => k).filter((k) => !byWord.has(k)) };
});

export interface WordSums {
  readonly model: NerModel;
  /** Per role, the weight sums of its slots (roles × tags). */
  readonly sums: Int32Array;
  /** Bit r: role r's sums are filled. */
  filled: number;
  /** Whether the tagger reads the word (windows.ts): -1 not decided yet. */
  reads: number;
}

/** The word's sums for `model`, kept on the word (features.ts: as long as the word is). */
export function wordSums(word: WordInfo, model: NerModel): WordSums {
  const slot = word as { scratch?: unknown };
  let ws = slot.scratch as WordSums | undefined;
  if (ws?.model !== model) {
    ws = { model, sums: new Int32Array(ROLE_AT.length * T), filled: 0, reads: -1 };
    slot.scratch = ws;
  }
  return ws;
}

/**
 * Emission scores, n × tags, of a text's tokens where `read` is 1 (0 elsewhere). Most of a
 * token's features depend on one word alone (its own, or one neighbour's), and their weight
 * rows are summed once per word and role (the weight table is the tagger's cost: a cache miss
 * per feature); only the features that pair words are read per token.
 */
export function textEmissions(
  tokens: readonly NerToken[],
  text: string,
  model: NerModel,
  g: Gazetteer,
  words: readonly WordInfo[],
  read: Uint8Array,
  cache?: EmissionCache,
) {
  const { features } = featureRows(
    tokens,
    isLowerText(text),
    g,
    model.buckets,
    model.clusters,
    words,
    read,
  );
  const n = tokens.length;
  const sums = new Int32Array(n * T);
  const w = model.weights;
  const F = featuresPerToken(model.clusters);
  const { roles, context } = LAYOUTS[model.clusters === undefined ? 0 : 1] as Layout;
  const addRow = (f: number, into: Int32Array, at: number) => {
    const base = f * T;
    for (let t = 0; t < T; t++) into[at + t] = (into[at + t] ?? 0) + (w[base + t] ?? 0);
  };
  for (let i = 0; i < n; i++) {
    if (read[i] === 0) continue;
    const row = i * T;
    const key = features.subarray(i * F, (i + 1) * F);
    let h = 0;
    if (cache !== undefined) {
      for (let k = 0; k < F; k++) h = Math.imul(h ^ (key[k] ?? 0), 0x01000193);
      const hit = cache.get(h);
      if (hit !== undefined && sameKey(hit.key, key)) {
        sums.set(hit.sums, row);
        continue;
      }
    }
    for (let r = 0; r < roles.length; r++) {
      // kept on the word itself (features.ts), as long as the word is: for the shipped
      // vocabulary the process, for any other word this text
      const ws = wordSums(words[i + (ROLE_AT[r] ?? 0)] as WordInfo, model);
      if ((ws.filled & (1 << r)) === 0) {
        for (const k of roles[r] ?? []) addRow(key[k] ?? 0, ws.sums, r * T);
        ws.filled |= 1 << r;
      }
      for (let t = 0; t < T; t++) sums[row + t] = (sums[row + t] ?? 0) + (ws.sums[r * T + t] ?? 0);
    }
    for (const k of context) addRow(key[k] ?? 0, sums, row);
    cache?.set(h, { key, sums: sums.slice(row, row + T) });
  }
  const e = new Float32Array(n * T);
  for (let k = 0; k < e.length; k++) e[k] = (sums[k] ?? 0) * model.scale;
  return e;
}

/**
 * How sure the tagger is from a word's own features alone (its spelling, shape, affixes, lists,
 * clusters; no neighbours) that it is not part of a name: the O sum minus the best other, in
 * margin units. Kept on the word with the role sums textEmissions uses.
 */
export function ownOutside(word: WordInfo, model: NerModel): number {
  const role = LAYOUTS[model.clusters === undefined ? 0 : 1]?.roles[0] ?? [];
  const ws = wordSums(word, model);
  if ((ws.filled & 1) === 0) {
    const own = ownHashes(word);
    const mask = model.buckets - 1;
    for (let k = 0; k < role.length; k++) {
      const base = ((own[k] ?? 0) & mask) * T;
      for (let t = 0; t < T; t++) ws.sums[t] = (ws.sums[t] ?? 0) + (model.weights[base + t] ?? 0);
    }
    ws.filled |= 1;
  }
  let other = -Infinity;
  for (let t = 1; t < T; t++) other = Math.max(other, ws.sums[t] ?? 0);
  return ((ws.sums[0] ?? 0) - other) * model.scale;
}
