/**
 * The learned name tagger (models/ner-v1/, trained by `npm run train:ner`): an averaged
 * structured perceptron over hashed features (features.ts), decoded with Viterbi
 * (viterbi.ts). `tagNames` is a pure function of the text, the model and the gazetteer; the
 * artifact is read once per process, on first use, like the gazetteer.
 */
import { readFileSync } from 'node:fs';
import type { Gazetteer } from '../gazetteer.js';
import { type EmissionCache, textEmissions } from './emissions.js';
import { isLowerText, NER_TAGS, nerTokens, type NerToken } from './features.js';
import { textWords } from './word-info.js';
import { bioSpans } from './viterbi.js';
import { decodeWindows, tagWindows } from './windows.js';
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

export { type EmissionCache, emissionCache } from './emissions.js';

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

/**
 * PERSON / LOCATION / ORGANIZATION spans of a text with calibrated scores. The tagger reads
 * only the windows of windows.ts (`readAll`: every token, as training does; for comparison).
 */
export function tagNames(
  text: string,
  model: NerModel,
  g: Gazetteer,
  cache?: EmissionCache,
  readAll = false,
): NameTags {
  const tokens = nerTokens(text);
  if (tokens.length === 0) return { spans: [], tokens: [] };
  const words = textWords(tokens, g, model.clusters, cache?.words);
  const read = readAll
    ? new Uint8Array(tokens.length).fill(1)
    : tagWindows(words, tokens.length, model);
  if (!read.includes(1)) return { spans: [], tokens: [] };
  const e = textEmissions(tokens, isLowerText(text), model, g, words, read, cache);
  const tags = decodeWindows(e, read, model.transitions);
  // tokens outside the windows are left out: outsideMargin averages over the tokens read
  const margins: TokenMargin[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (read[i] === 0) continue;
    let other = -Infinity;
    for (let k = 1; k < T; k++) other = Math.max(other, e[i * T + k] ?? 0);
    const t = tokens[i] as NerToken;
    margins.push({ start: t.start, end: t.end, outside: (e[i * T] ?? 0) - other });
  }
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
