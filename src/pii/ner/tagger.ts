/**
 * The learned name tagger (models/ner-v1/, trained by `npm run train:ner`): an averaged
 * structured perceptron over hashed features (features.ts), decoded with Viterbi
 * (viterbi.ts). `tagNames` is a pure function of the text, the model and the gazetteer; the
 * artifact is read once per process, on first use, like the gazetteer.
 */
import { readFileSync } from 'node:fs';
import type { Gazetteer } from '../gazetteer.js';
import {
  featureRows,
  featuresPerToken,
  NEXT2_SLOT,
  NEXT_CLUSTER_SLOT,
  NEXT_SLOTS,
  OWN_CLUSTER_SLOTS,
  OWN_SLOTS,
  PREV2_SLOT,
  PREV_CLUSTER_SLOT,
  PREV_SLOTS,
  isLowerText,
  NER_TAGS,
  nerTokens,
  type NerToken,
} from './features.js';
import { bioSpans, viterbi } from './viterbi.js';
import { defaultWordClusters, type WordClusters } from './word-clusters.js';

export interface NerModel {
  readonly buckets: number;
  /**
   * buckets × tags, row-major, as quantized in weights.bin: half the memory of floats, and the
   * tagger's time is mostly cache misses into this table.
   */
  readonly weights: Int16Array;
  /** Multiplies a sum of `weights` into perceptron units. */
  readonly scale: number;
  /** (tags + 1) × tags: row 0 the start. */
  readonly transitions: Float32Array;
  /** Platt scaling per entity type of a span's mean margin over "O": p = sigmoid(a·z + c). */
  readonly platt: Readonly<Record<string, { readonly a: number; readonly c: number }>>;
  /** GloVe word clusters, when the model was trained with them (models/word-clusters/). */
  readonly clusters?: WordClusters;
}

export interface NameSpan {
  readonly type: string;
  readonly start: number;
  readonly end: number;
  /** Calibrated: the held-out share of spans with this margin that were exactly right. */
  readonly score: number;
}

const T = NER_TAGS.length;
export const NER_MODEL_DIR = new URL('../../../models/ner-v1/', import.meta.url);

interface ModelMeta {
  readonly buckets: number;
  readonly scale: number;
  readonly transitions: readonly number[];
  readonly platt: NerModel['platt'];
  /** Whether the model reads models/word-clusters/ (the one shared copy). */
  readonly word_clusters?: boolean;
}

export function loadNerModel(dir: URL = NER_MODEL_DIR): NerModel {
  const meta = JSON.parse(readFileSync(new URL('model.json', dir), 'utf8')) as ModelMeta;
  const raw = readFileSync(new URL('weights.bin', dir));
  const q = new Int16Array(raw.buffer, raw.byteOffset, raw.byteLength / 2);
  if (q.length !== meta.buckets * T)
    throw new Error('ner-v1: weights.bin does not match model.json');
  return {
    buckets: meta.buckets,
    weights: q,
    scale: meta.scale,
    transitions: Float32Array.from(meta.transitions),
    platt: meta.platt,
    ...(meta.word_clusters === true ? { clusters: defaultWordClusters() } : {}),
  };
}

let memo: NerModel | undefined;

/** The shipped artifact, loaded on first call and shared by every scanner in the process. */
export function defaultNerModel(): NerModel {
  memo ??= loadNerModel();
  return memo;
}

/** Emission scores, n × tags, of hashed feature rows. */
export function emissionsOf(features: readonly Int32Array[], weights: Float32Array): Float32Array {
  const e = new Float32Array(features.length * T);
  features.forEach((row, i) => {
    for (const f of row) {
      const base = f * T;
      for (let t = 0; t < T; t++) e[i * T + t] = (e[i * T + t] ?? 0) + (weights[base + t] ?? 0);
    }
  });
  return e;
}

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

interface WordSums {
  readonly model: NerModel;
  /** Per role, the weight sums of its slots (roles × tags). */
  readonly sums: Int32Array;
  /** Bit r: role r's sums are filled. */
  filled: number;
}

/**
 * Emission scores, n × tags, of a text's tokens. Most of a token's features depend on one word
 * alone (its own, or one neighbour's), and their weight rows are summed once per word and role
 * (the weight table is the tagger's cost: a cache miss per feature); only the features that pair
 * words are read per token.
 */
function textEmissions(
  tokens: readonly NerToken[],
  text: string,
  model: NerModel,
  g: Gazetteer,
  cache?: EmissionCache,
) {
  const { features, words } = featureRows(
    tokens,
    isLowerText(text),
    g,
    model.buckets,
    model.clusters,
  );
  const sums = new Int32Array(tokens.length * T);
  const w = model.weights;
  const F = featuresPerToken(model.clusters);
  const roles = roleSlots(model.clusters !== undefined);
  const byWord = new Set(roles.flat());
  const context = Array.from({ length: F }, (_x, k) => k).filter((k) => !byWord.has(k));
  const addRow = (f: number, into: Int32Array, at: number) => {
    const base = f * T;
    for (let t = 0; t < T; t++) into[at + t] = (into[at + t] ?? 0) + (w[base + t] ?? 0);
  };
  for (let i = 0; i < tokens.length; i++) {
    const row = i * T;
    const key = features.subarray(i * F, (i + 1) * F);
    let h = 0;
    if (cache !== undefined) {
      for (const f of key) h = Math.imul(h ^ f, 0x01000193);
      const hit = cache.get(h);
      if (hit !== undefined && sameKey(hit.key, key)) {
        sums.set(hit.sums, row);
        continue;
      }
    }
    for (let r = 0; r < roles.length; r++) {
      // kept on the word itself (features.ts), as long as the word is: for the shipped
      // vocabulary the process, for any other word this text
      const word = words[i + (ROLE_AT[r] ?? 0)] as { scratch?: unknown };
      let ws = word.scratch as WordSums | undefined;
      if (ws?.model !== model) {
        ws = { model, sums: new Int32Array(roles.length * T), filled: 0 };
        word.scratch = ws;
      }
      if ((ws.filled & (1 << r)) === 0) {
        for (const k of roles[r] ?? []) addRow(key[k] ?? 0, ws.sums, r * T);
        ws.filled |= 1 << r;
      }
      for (let t = 0; t < T; t++) sums[row + t] = (sums[row + t] ?? 0) + (ws.sums[r * T + t] ?? 0);
    }
    for (const k of context) addRow(key[k] ?? 0, sums, row);
    cache?.set(h, { key, sums: sums.slice(row, row + T) });
  }
  return Float32Array.from(sums, (x) => x * model.scale);
}

/** A span's evidence: the mean over its tokens of (its tag's emission − the O emission). */
export function spanMargin(e: Float32Array, tags: Uint8Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (e[i * T + (tags[i] ?? 0)] ?? 0) - (e[i * T] ?? 0);
  return sum / Math.max(1, to - from);
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

export interface NameTags {
  readonly spans: readonly NameSpan[];
  /**
   * Every token with how sure the tagger is that it is not part of a name: its O emission
   * minus the best other one, in the margin units of `platt`.
   */
  readonly tokens: readonly TokenMargin[];
}

export interface TokenMargin {
  readonly start: number;
  readonly end: number;
  readonly outside: number;
}

/** The mean `outside` margin of the tokens in [start, end); 0 when no token is there. */
export function outsideMargin(tags: NameTags, start: number, end: number): number {
  let sum = 0;
  let n = 0;
  for (const t of tags.tokens) {
    if (t.end <= start || t.start >= end) continue;
    sum += t.outside;
    n++;
  }
  return n === 0 ? 0 : sum / n;
}

/** PERSON / LOCATION / ORGANIZATION spans of a text with calibrated scores. */
export function tagNames(
  text: string,
  model: NerModel,
  g: Gazetteer,
  cache?: EmissionCache,
): NameTags {
  const tokens = nerTokens(text);
  if (tokens.length === 0) return { spans: [], tokens: [] };
  const e = textEmissions(tokens, text, model, g, cache);
  const tags = viterbi(e, tokens.length, model.transitions);
  const margins = tokens.map((t, i) => {
    let other = -Infinity;
    for (let k = 1; k < T; k++) other = Math.max(other, e[i * T + k] ?? 0);
    return { start: t.start, end: t.end, outside: (e[i * T] ?? 0) - other };
  });
  // redacting twice finds nothing new: a span never includes one of our placeholders
  const placeholder = (s: { from: number; to: number }) =>
    tokens.slice(s.from, s.to).some((t) => t.text.startsWith('[') && t.text.length > 1);
  const spans = bioSpans(tags)
    .filter((s) => !placeholder(s))
    .map((s) => {
      const p = model.platt[s.type] ?? { a: 1, c: 0 };
      const z = spanMargin(e, tags, s.from, s.to);
      return {
        type: s.type,
        start: tokens[s.from]?.start ?? 0,
        end: tokens[s.to - 1]?.end ?? 0,
        score: Math.round(sigmoid(p.a * z + p.c) * 100) / 100,
      };
    });
  return { spans, tokens: margins };
}
