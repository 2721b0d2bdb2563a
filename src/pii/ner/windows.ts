/**
 * Which tokens the name tagger reads (issue 17, speed): most of a text is ordinary lower-case
 * words, punctuation and numbers that the tagger tags O, and its cost is per token read (a
 * cache miss into the weight table per feature). So it reads only windows around the tokens
 * that could be part of a name, and every token outside a window is O:
 *
 * - a word with a capital letter, an @handle or #tag;
 * - a word on a name or place list (lower-case "london", "john");
 * - a word outside the shipped vocabulary (the 100,000 most frequent GloVe words): rare names,
 *   misspellings and chat spellings;
 * - any word right after a cue that precedes names or places in chat ("met", "to", "with").
 *
 * A window is a run of such tokens with one token either side (the tagger may begin a name on
 * "de" or "van" before one); windows are decoded on their own with the tokens around them O
 * (viterbi.ts), so a window's tags are those of the whole text whenever the whole text's
 * decode tags the skipped tokens O. Measured against reading every token: `npm run eval:names`
 * (docs/scanners.md#name-tagger-name_tagger).
 */
import { NER_TAGS } from './features.js';
import { isStandIn, type WordInfo } from './word-info.js';
import { ownOutside, wordSums } from './emissions.js';
import type { NerModel } from './tagger.js';
import { viterbi } from './viterbi.js';

const T = NER_TAGS.length;

/** Words after which a lower-case known word may still be a name or place in chat text. */
const CUES: ReadonlySet<string> = new Set(
  `in at from to near into via visit visiting visited with and by for of me is am im i'm
  dear hi hey hello yo thanks thank meet met meeting call called named name miss love
  loves loved see saw watch watching like likes follow followed ft feat vs or mr mrs ms
  dr prof uncle aunt auntie brother sister cousin mom mum dad son daughter wife husband
  boyfriend girlfriend friend bro babe coach president senator governor king queen prince
  lives live living moved move moving went go going back home around across outside inside
  downtown`.split(/\s+/u),
);

const GAZETTEER_NAME = /[FSRC]/u;

const startsWithLetter = (w: WordInfo) => /^\p{L}/u.test(w.bare);

/** A word's own answer, kept on it: 1 read, 0 never (punctuation, numbers), 2 after a cue. */
function reads(w: WordInfo, model: NerModel): number {
  const ws = wordSums(w, model);
  if (ws.reads >= 0) return ws.reads;
  let r: number;
  if (isStandIn(w)) r = 0;
  else if (w.shape.includes('X') || w.lower !== w.bare)
    r = 1; // "Paris", "6PR", "@jo", "#nyc"
  // no letter to start with: punctuation, numbers ("3", "2024"), emoji
  else if (!startsWithLetter(w)) r = 0;
  // on a name or place list, or without a GloVe vector (cl[0] "-": features.ts), or its own
  // spelling, affixes and clusters do not already say "not a name"
  else if (GAZETTEER_NAME.test(w.gaz) || w.cl[0] === '-' || ownOutside(w, model) < 0) r = 1;
  else r = 2;
  ws.reads = r;
  return r;
}

function candidate(w: WordInfo, prev: WordInfo, model: NerModel): boolean {
  const r = reads(w, model);
  return r === 1 || (r === 2 && (CUES.has(prev.lower) || prev.lower === '<s>'));
}

/**
 * 1 for the tokens the tagger reads, 0 for those it tags O unread; `words` are
 * textWords(tokens) (two edge markers either side).
 */
export function tagWindows(words: readonly WordInfo[], n: number, model: NerModel): Uint8Array {
  const cand = new Uint8Array(n);
  for (let i = 0; i < n; i++)
    if (candidate(words[i + 2] as WordInfo, words[i + 1] as WordInfo, model)) cand[i] = 1;
  const read = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (cand[i] === 1) {
      read[i] = 1;
      // punctuation beside a name: "Dr . Cox", "# Napa", "Casey ."
      if (i > 0 && !startsWithLetter(words[i + 1] as WordInfo)) read[i - 1] = 1;
      if (i + 1 < n && !startsWithLetter(words[i + 3] as WordInfo)) read[i + 1] = 1;
    } else if (i > 0 && i + 1 < n && cand[i - 1] === 1 && cand[i + 1] === 1) {
      read[i] = 1; // a word between two: "University of Leeds", "Ludwig van Beethoven"
    }
  }
  return read;
}

/** Viterbi over each run of read tokens, the tokens around it O (windows.ts). */
export function decodeWindows(
  e: Float32Array,
  read: Uint8Array,
  transitions: Float32Array,
): Uint8Array {
  const n = read.length;
  const tags = new Uint8Array(n);
  for (let a = 0; a < n;) {
    if (read[a] === 0) {
      a++;
      continue;
    }
    let b = a;
    while (b < n && read[b] === 1) b++;
    const inside = { afterO: a > 0, beforeO: b < n };
    tags.set(viterbi(e.subarray(a * T, b * T), b - a, transitions, inside), a);
    a = b;
  }
  return tags;
}
