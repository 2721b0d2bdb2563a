/**
 * Text → hashed feature ids, shared by the runtime and the training script so both see exactly
 * the same features. Normalization: NFKC, format characters (zero-width etc.) removed, lower
 * case, URLs and @mentions replaced by placeholders (training sources differ in how they masked
 * them), whitespace collapsed. Features: word n-grams and character n-grams over the whole
 * normalized text (across word boundaries, so "f u c k"-style spacing still yields n-grams),
 * hashed with FNV-1a into `buckets` ids (the hashing trick: no vocabulary to ship).
 */

export interface FeaturizerConfig {
  /** Number of hash buckets; a power of two. */
  readonly buckets: number;
  /** Word n-gram orders, e.g. [1, 2]. */
  readonly wordNgrams: readonly number[];
  /** Character n-gram orders, e.g. [3, 4, 5]. */
  readonly charNgrams: readonly number[];
}

/** Every text gets this feature, so no text is featureless (the mean needs one id per text). */
const ALWAYS = '\u0001bias';
const URL = /\b(?:https?:\/\/|www\.)\S+/g;
const MENTION = /@\w+/g;
const FORMAT_CHARS = /\p{Cf}/gu;
const SPACE = /\s+/g;
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

export function normalizeText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(FORMAT_CHARS, '')
    .toLowerCase()
    .replace(URL, ' url ')
    .replace(MENTION, ' @user ')
    .replace(SPACE, ' ')
    .trim();
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a state after the one-character namespace, so word and char n-grams differ. */
function seed(namespace: string): number {
  return Math.imul(FNV_OFFSET ^ namespace.charCodeAt(0), FNV_PRIME);
}

/** FNV-1a over the UTF-16 units of `text[from, to)`, continuing from `h`. */
function hashRange(h: number, text: string, from: number, to: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h;
}

const BIAS_HASH = hashRange(seed('b'), ALWAYS, 0, ALWAYS.length) >>> 0;
const WORD_SEED = seed('w');
const CHAR_SEED = seed('c');
const SPACE_CODE = 32;

/**
 * Hashed feature ids of one text (duplicates kept: the mean then weighs repeated n-grams), in
 * one typed array of the exact size. Each n-gram is hashed in place rather than sliced or joined
 * into a string first (the same FNV-1a over the same units, so the same ids): featurizing was
 * the second costliest step per request, and its garbage the largest (issue 14, bench:profile).
 */
export function featureIdArray(text: string, config: FeaturizerConfig): Int32Array {
  const mask = config.buckets - 1;
  const normalized = normalizeText(text);
  const words = normalized.match(WORD) ?? [];
  const padded = ` ${normalized} `;
  const ids = new Int32Array(
    1 + ngramCount(words.length, config.wordNgrams) + ngramCount(padded.length, config.charNgrams),
  );
  ids[0] = BIAS_HASH & mask;
  let at = 1;
  for (const n of config.wordNgrams)
    for (let i = 0; i + n <= words.length; i++) {
      let h = WORD_SEED;
      for (let k = i; k < i + n; k++) {
        if (k > i) h = Math.imul(h ^ SPACE_CODE, FNV_PRIME);
        const word = words[k] as string;
        h = hashRange(h, word, 0, word.length);
      }
      ids[at++] = (h >>> 0) & mask;
    }
  writeCharNgrams(ids, at, padded, config.charNgrams, mask);
  return ids;
}

/** featureIdArray as a plain array (the trainer's form). */
export function featureIds(text: string, config: FeaturizerConfig): number[] {
  return Array.from(featureIdArray(text, config));
}

const ngramCount = (length: number, orders: readonly number[]) =>
  orders.reduce((sum, n) => sum + Math.max(0, length - n + 1), 0);

/**
 * Char n-grams of every order from `base` on, in config order (all 3-grams, then all 4-grams,
 * ...). One pass per start position: the FNV-1a state after n units is the prefix of the state
 * after n + 1, so each order's hash is read off on the way (the ids of hashing each alone).
 */
function writeCharNgrams(
  ids: Int32Array,
  base: number,
  padded: string,
  orders: readonly number[],
  mask: number,
) {
  const longest = Math.max(0, ...orders);
  const offsets: number[] = [];
  let total = 0;
  for (const n of orders) {
    offsets.push(base + total);
    total += Math.max(0, padded.length - n + 1);
  }
  for (let i = 0; i < padded.length; i++) {
    let h = CHAR_SEED;
    const end = Math.min(padded.length, i + longest);
    for (let k = i; k < end; k++) {
      h = Math.imul(h ^ padded.charCodeAt(k), FNV_PRIME);
      const n = k - i + 1;
      for (let o = 0; o < orders.length; o++)
        if (orders[o] === n) ids[(offsets[o] as number) + i] = (h >>> 0) & mask;
    }
  }
}

/** A batch in the layout the embedding bag takes: ids concatenated, segment = row index. */
export interface FeatureBatch {
  readonly ids: Int32Array;
  readonly segments: Int32Array;
  readonly rows: number;
}

export function featurizeBatch(texts: readonly string[], config: FeaturizerConfig): FeatureBatch {
  return packBatch(texts.map((t) => featureIdArray(t, config)));
}

export function packBatch(perRow: readonly ArrayLike<number>[]): FeatureBatch {
  const total = perRow.reduce((n, row) => n + row.length, 0);
  const ids = new Int32Array(total);
  const segments = new Int32Array(total);
  let at = 0;
  perRow.forEach((row, r) => {
    ids.set(row, at);
    segments.fill(r, at, at + row.length);
    at += row.length;
  });
  return { ids, segments, rows: perRow.length };
}

export function isFeaturizerConfig(value: unknown): value is FeaturizerConfig {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const orders = (x: unknown) =>
    Array.isArray(x) && x.every((n) => Number.isInteger(n) && (n as number) > 0);
  return (
    typeof v.buckets === 'number' &&
    Number.isInteger(Math.log2(v.buckets)) &&
    orders(v.wordNgrams) &&
    orders(v.charNgrams)
  );
}
