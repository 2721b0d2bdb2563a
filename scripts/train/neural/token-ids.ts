/**
 * Input of the neural injection experiment (train-injection-cnn.py; measured, not shipped): the
 * lower-cased text as a sequence of tokens (words, and each punctuation mark on its own, so
 * `SYSTEM:` and `</user>` keep their shape), each token given by hashed ids: the word itself and
 * the character trigrams of " word " (a misspelt, inflected or glued word still shares most of
 * its ids). The ids are computed here, in TypeScript, and written for torch by
 * export-injection-rows.ts, so a TypeScript runtime would read exactly what was trained on.
 */

export interface TokenIdConfig {
  /** A power of two: hashed ids fall in [0, buckets). */
  readonly buckets: number;
  /** Tokens read per window; a longer window is cut. */
  readonly maxTokens: number;
}

export interface TokenIds {
  /** Every token's ids, one token after the other. */
  readonly ids: Int32Array;
  /** Token t's ids are ids[starts[t]] .. ids[starts[t + 1] - 1]; length = tokens + 1. */
  readonly starts: Int32Array;
}

const TOKEN = /[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu;
const MAX_WORD = 24;
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 units of s[from, to), seeded so word ids and trigram ids differ. */
function fnv(seed: number, s: string, from: number, to: number): number {
  let h = Math.imul(FNV_OFFSET ^ seed, FNV_PRIME) >>> 0;
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME) >>> 0;
  return h;
}

export function tokenIds(text: string, config: TokenIdConfig): TokenIds {
  const mask = config.buckets - 1;
  const words = (text.toLowerCase().match(TOKEN) ?? []).slice(0, config.maxTokens);
  const ids: number[] = [];
  const starts = new Int32Array(words.length + 1);
  words.forEach((raw, t) => {
    starts[t] = ids.length;
    const word = raw.slice(0, MAX_WORD);
    ids.push(fnv(1, word, 0, word.length) & mask);
    if (word.length > 1) {
      const padded = ` ${word} `;
      for (let i = 0; i + 3 <= padded.length; i++) ids.push(fnv(3, padded, i, i + 3) & mask);
    }
  });
  starts[words.length] = ids.length;
  return { ids: Int32Array.from(ids), starts };
}
