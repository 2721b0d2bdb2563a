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

/** FNV-1a over UTF-16 units, with a one-character namespace so word and char n-grams differ. */
function hash(namespace: string, text: string): number {
  let h = 0x811c9dc5 ^ namespace.charCodeAt(0);
  h = Math.imul(h, 0x01000193);
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Hashed feature ids of one text (duplicates kept: the mean then weighs repeated n-grams). */
export function featureIds(text: string, config: FeaturizerConfig): number[] {
  const mask = config.buckets - 1;
  const normalized = normalizeText(text);
  const ids = [hash('b', ALWAYS) & mask];
  const words = normalized.match(WORD) ?? [];
  for (const n of config.wordNgrams)
    for (let i = 0; i + n <= words.length; i++)
      ids.push(hash('w', words.slice(i, i + n).join(' ')) & mask);
  const padded = ` ${normalized} `;
  for (const n of config.charNgrams)
    for (let i = 0; i + n <= padded.length; i++) ids.push(hash('c', padded.slice(i, i + n)) & mask);
  return ids;
}

/** A batch in the layout the embedding bag takes: ids concatenated, segment = row index. */
export interface FeatureBatch {
  readonly ids: Int32Array;
  readonly segments: Int32Array;
  readonly rows: number;
}

export function featurizeBatch(texts: readonly string[], config: FeaturizerConfig): FeatureBatch {
  return packBatch(texts.map((t) => featureIds(t, config)));
}

export function packBatch(perRow: readonly (readonly number[])[]): FeatureBatch {
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
