/**
 * First-order Viterbi over BIO tags with the BIO rule built in: an `I-X` follows only `B-X` or
 * `I-X`, so every decoded span is well formed. Shared by training (the structured perceptron
 * decodes with it) and the scanner.
 */
import { NER_TAGS } from './features.js';

const T = NER_TAGS.length;

/** Whether tag `to` may follow tag `from` (-1: the text's start). */
export function allowed(from: number, to: number): boolean {
  const tag = NER_TAGS[to] ?? 'O';
  if (!tag.startsWith('I-')) return true;
  if (from < 0) return false;
  const prev = NER_TAGS[from] ?? 'O';
  return prev !== 'O' && prev.slice(2) === tag.slice(2);
}

// allowed(from, to) for every pair, row 0 the start: the decoder asks it n × T × T times
const NOT_INSIDE = { afterO: false, beforeO: false };

const ALLOWED = Uint8Array.from({ length: (T + 1) * T }, (_, k) =>
  allowed(Math.floor(k / T) - 1, k % T) ? 1 : 0,
);

// the decoder's tables, grown as needed: a scan decodes many short windows
let scoreBuffer = new Float64Array(64 * T);
let backBuffer = new Int8Array(64 * T);

/**
 * Best tag sequence. `emissions` is n×T (token-major); `transitions` is (T+1)×T, row 0 the
 * start, row f+1 the previous tag f. `inside`: the emissions are a window of a longer text
 * whose tokens either side are O (windows.ts), so the first token follows an O instead of the
 * start, and the last one's tag is scored with the O after it.
 */
export function viterbi(
  emissions: Float32Array,
  n: number,
  transitions: Float32Array,
  inside: { readonly afterO: boolean; readonly beforeO: boolean } = NOT_INSIDE,
): Uint8Array {
  const tags = new Uint8Array(n);
  if (n === 0) return tags;
  // every cell is written before it is read, so the buffers are reused, never cleared
  if (scoreBuffer.length < n * T) {
    scoreBuffer = new Float64Array(n * T * 2);
    backBuffer = new Int8Array(n * T * 2);
  }
  const score = scoreBuffer;
  const back = backBuffer;
  const from = inside.afterO ? 1 : 0; // the O row (tag 0 is row 1), or the start row
  for (let t = 0; t < T; t++) {
    score[t] =
      ALLOWED[from * T + t] === 1
        ? (transitions[from * T + t] ?? 0) + (emissions[t] ?? 0)
        : -Infinity;
  }
  for (let i = 1; i < n; i++) {
    for (let t = 0; t < T; t++) {
      let best = -Infinity;
      let arg = 0;
      for (let f = 0; f < T; f++) {
        if (ALLOWED[(f + 1) * T + t] !== 1) continue;
        const s = (score[(i - 1) * T + f] ?? -Infinity) + (transitions[(f + 1) * T + t] ?? 0);
        if (s > best) {
          best = s;
          arg = f;
        }
      }
      score[i * T + t] = best + (emissions[i * T + t] ?? 0);
      back[i * T + t] = arg;
    }
  }
  // the O that follows: every tag may precede it (an O ends any span)
  const end = (t: number) =>
    (score[(n - 1) * T + t] ?? -Infinity) + (inside.beforeO ? (transitions[(t + 1) * T] ?? 0) : 0);
  let last = 0;
  for (let t = 1; t < T; t++) if (end(t) > end(last)) last = t;
  tags[n - 1] = last;
  for (let i = n - 1; i > 0; i--) tags[i - 1] = back[i * T + (tags[i] ?? 0)] ?? 0;
  return tags;
}

export interface TagSpan {
  readonly type: string;
  /** Token indices, end exclusive. */
  readonly from: number;
  readonly to: number;
}

/** Spans of a BIO sequence. */
export function bioSpans(tags: ArrayLike<number>): TagSpan[] {
  const spans: TagSpan[] = [];
  let open: { type: string; from: number } | undefined;
  for (let i = 0; i <= tags.length; i++) {
    const tag = i < tags.length ? (NER_TAGS[tags[i] ?? 0] ?? 'O') : 'O';
    if (open !== undefined && !(tag.startsWith('I-') && tag.slice(2) === open.type)) {
      spans.push({ type: open.type, from: open.from, to: i });
      open = undefined;
    }
    if (tag.startsWith('B-')) open = { type: tag.slice(2), from: i };
  }
  return spans;
}
