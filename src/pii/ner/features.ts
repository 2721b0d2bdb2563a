/**
 * Tokens and features of the name tagger (models/ner-v1/), shared by its training script and
 * the scanner so both see the same thing. Features are strings hashed into a fixed table
 * (FNV-1a), so the artifact is one weight matrix with no vocabulary to ship: word identity and
 * neighbours, word shape and casing, affixes, and gazetteer membership (the lists of
 * models/gazetteers/), each also conjoined with "the whole text is lower case", so chat
 * written without capitals learns its own weights instead of borrowing the capitalized ones.
 */
import { isCommonWord } from '../common-words.js';
import type { Gazetteer } from '../gazetteer.js';

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

/** "Xxxx" → "Xx", "McDonald" → "XxXx", "2024" → "d", "@jane" → "@x": repeats collapsed. */
function shape(word: string): string {
  let out = '';
  let last = '';
  for (const ch of word) {
    const c = /\p{Lu}/u.test(ch) ? 'X' : /\p{L}/u.test(ch) ? 'x' : /\p{N}/u.test(ch) ? 'd' : ch;
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

/** 32-bit FNV-1a of a feature string, reduced to `buckets` (a power of two). */
export function featureHash(feature: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < feature.length; i++) {
    h ^= feature.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & (buckets - 1);
}

interface WordInfo {
  readonly lower: string;
  readonly shape: string;
  readonly gaz: string;
}

const STANDS_IN = /^\[[A-Z]|^[^@\s]+@[^@\s]+\.|:\/\/|^www\./u;

/** Whether a text has no upper-case letter at all (chat): a conjunction for every feature. */
export const isLowerText = (text: string): boolean =>
  !/\p{Lu}/u.test(text.replace(/\[[A-Z][A-Z0-9_]*_\d+\]|\S+@\S+|\S+:\/\/\S+|www\.\S+/gu, ''));

/** Hashed feature indices per token (rows of the weight matrix), for one text. */
export function tokenFeatures(
  tokens: readonly NerToken[],
  lowerText: boolean,
  g: Gazetteer,
  buckets: number,
): Int32Array[] {
  const info: WordInfo[] = tokens.map((t) => {
    // an e-mail address, URL or one of our placeholders reads the same before and after
    // redaction, so a second pass tags nothing new beside it
    if (STANDS_IN.test(t.text)) return { lower: '<ent>', shape: '<ent>', gaz: '-' };
    const lower = t.text.toLowerCase().replace(/’/gu, "'");
    const bare = lower.replace(/^[@#]/u, '');
    return { lower, shape: shape(t.text), gaz: gazetteerTags(bare, g) };
  });
  const at = (i: number): WordInfo =>
    info[i] ?? { lower: i < 0 ? '<s>' : '</s>', shape: '<>', gaz: '<>' };
  const lc = lowerText ? 'L' : 'U';
  return tokens.map((_token, i) => {
    const w = at(i);
    const prev = at(i - 1);
    const next = at(i + 1);
    const bare = w.lower.replace(/^[@#]/u, '');
    const place2 =
      (i > 0 && g.cities.has(`${prev.lower} ${w.lower}`)) ||
      g.cities.has(`${w.lower} ${next.lower}`) ||
      g.regions.has(`${w.lower} ${next.lower}`) ||
      (i > 0 && g.regions.has(`${prev.lower} ${w.lower}`));
    const first = i === 0 || /^[.!?:"]$/u.test(prev.lower);
    const feats = [
      'b',
      `b${lc}`,
      `w=${w.lower}`,
      `sh=${w.shape}`,
      `sh${lc}=${w.shape}|${first ? 1 : 0}`,
      `p3=${bare.slice(0, 3)}`,
      `s2=${bare.slice(-2)}`,
      `s3=${bare.slice(-3)}`,
      `s4=${bare.slice(-4)}`,
      `len=${Math.min(bare.length, 8)}`,
      `g=${w.gaz}`,
      `g${lc}=${w.gaz}|${w.shape.slice(0, 2)}`,
      `gp=${prev.gaz}|${w.gaz}`,
      `gn=${w.gaz}|${next.gaz}`,
      `pl2=${place2 ? 1 : 0}|${lc}`,
      `w-1=${prev.lower}`,
      `w+1=${next.lower}`,
      `w-2=${at(i - 2).lower}`,
      `w+2=${at(i + 2).lower}`,
      `w-1w=${prev.lower}|${w.lower}`,
      `ww+1=${w.lower}|${next.lower}`,
      `w-2w-1=${at(i - 2).lower}|${prev.lower}`,
      `sh-1=${prev.shape}|${w.shape}`,
      `sh+1=${w.shape}|${next.shape}`,
      `first=${first ? 1 : 0}|${w.shape.slice(0, 2)}`,
    ];
    const idx = new Int32Array(feats.length);
    for (let k = 0; k < feats.length; k++) idx[k] = featureHash(feats[k] ?? '', buckets);
    return idx;
  });
}
