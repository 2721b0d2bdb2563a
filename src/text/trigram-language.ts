/**
 * franc-min's `francAll`, computed faster with franc-min's own data and identical results (same
 * languages, same order, same scores: `trigram-language.test.ts` checks this on every dev-set
 * text). franc looks every trigram of the text up in every language's dictionary object (about
 * 60 Latin-script languages), which made it the gateway's costliest step per request (issue 14,
 * `npm run bench:profile`). Here each script's dictionaries are inverted once into one map from
 * trigram to the (language, rank) pairs that contain it: a text trigram costs one lookup, and
 * every language it is missing from keeps the default distance. The script is found by one pass
 * over the text's UTF-16 units through a table built from franc's expressions (instead of
 * franc's twenty `match` calls, each allocating an array of its matches), and a trigram of
 * small units is one packed integer, counted and looked up in flat typed-array hash tables
 * (about 2x faster again on ~1 KB support messages, ~2.5x with the processor's caches cold as
 * in the gateway; same results). Hand-written because no maintained package offers this; it
 * reuses franc-min's data files and its scoring rule.
 */
import { data } from 'franc-min/data.js';
import { expressions } from 'franc-min/expressions.js';

/** As in franc: longer text is cut, a missing trigram costs MAX_DIFFERENCE. */
const MAX_LENGTH = 2048;
const MAX_DIFFERENCE = 300;

interface ScriptModel {
  readonly languages: readonly string[];
  /** trigram → flat [languageIndex, rank, languageIndex, rank, ...] */
  readonly postings: ReadonlyMap<string, Int32Array>;
}

const models = new Map<string, ScriptModel>();

function modelOf(script: string, languages: Readonly<Record<string, string>>): ScriptModel {
  let model = models.get(script);
  if (model) return model;
  const names = Object.keys(languages);
  const lists = new Map<string, number[]>();
  names.forEach((name, languageIndex) => {
    // franc's dictionary keeps a trigram listed twice at its first (lowest) rank.
    const ranks = new Map<string, number>();
    const list = (languages[name] ?? '').split('|');
    for (let rank = list.length - 1; rank >= 0; rank--) ranks.set(list[rank] ?? '', rank);
    for (const [trigram, rank] of ranks) {
      let postings = lists.get(trigram);
      if (!postings) lists.set(trigram, (postings = []));
      postings.push(languageIndex, rank);
    }
  });
  const postings = new Map([...lists].map(([t, p]) => [t, Int32Array.from(p)]));
  model = { languages: names, postings };
  models.set(script, model);
  return model;
}

/** The script whose characters occur most in `value` (franc's getTopScript), and its share. */
function topScript(value: string): [string | undefined, number] {
  const counts = scriptCounts(value);
  let topCount = -1;
  let top: string | undefined;
  SCRIPTS.forEach(([script, expression], i) => {
    const matched = counts ? (counts[i] as number) : (value.match(expression)?.length ?? 0);
    const count = matched / value.length || 0;
    if (count > topCount) {
      topCount = count;
      top = script;
    }
  });
  return [top, topCount];
}

const SCRIPTS = Object.entries(expressions);
if (SCRIPTS.length > 31) throw new Error('franc-min has more scripts than a 32-bit mask holds');

/**
 * Per UTF-16 unit, the scripts whose expression matches that unit alone (bit i: SCRIPTS[i]);
 * -1 until first seen. Every expression is a class of single units or a pair starting with a
 * surrogate, so in a text without surrogates each match is one unit that matches alone, and
 * counting units through this table gives franc's match counts without allocating its arrays.
 */
const unitScripts = new Int32Array(0x10000).fill(-1);
const SINGLE = SCRIPTS.map(([, e]) => new RegExp(`^(?:${e.source})$`));

function scriptsOfUnit(unit: number): number {
  let mask = unitScripts[unit] as number;
  if (mask !== -1) return mask;
  const char = String.fromCharCode(unit);
  mask = 0;
  SINGLE.forEach((single, i) => {
    if (single.test(char)) mask |= 1 << i;
  });
  unitScripts[unit] = mask;
  return mask;
}

/** Each script's match count in `value`; undefined when it has surrogates (franc's own path). */
function scriptCounts(value: string): Int32Array | undefined {
  const counts = new Int32Array(SCRIPTS.length);
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdfff) return undefined;
    let mask = scriptsOfUnit(unit);
    for (let s = 0; mask !== 0; s++, mask >>>= 1)
      if (mask & 1) counts[s] = (counts[s] as number) + 1;
  }
  return counts;
}

/** franc's cleaned, space-padded text, whose trigrams it counts. */
function paddedText(value: string): string {
  const cleaned = value
    .replace(/[\u0021-\u0040]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  return ` ${cleaned} `;
}

/** Occurrences of each trigram of `padded`. */
function trigramCounts(padded: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + 3 <= padded.length; i++) {
    const trigram = padded.slice(i, i + 3);
    counts.set(trigram, (counts.get(trigram) ?? 0) + 1);
  }
  return counts;
}

/**
 * Below this every unit of a trigram fits 10 bits, so the trigram is one small integer instead
 * of a 3-character string per position.
 */
const PACKED_UNIT_LIMIT = 1 << 10;

const pack = (a: number, b: number, c: number) => (a << 20) | (b << 10) | c;

/**
 * Open addressing over packed trigrams in typed arrays, looked up by multiplicative hashing:
 * a model's postings sit in one flat array next to their keys, and a text's counts in tables
 * reused from text to text. Next to the classifiers' weights a Map of thousands of small typed
 * arrays missed the processor's caches on nearly every lookup (the ranking cost ~4x more per
 * text inside the gateway than in a loop of its own).
 */
const EMPTY = -1;
const hashSlot = (key: number, shift: number) => Math.imul(key, 0x9e3779b1) >>> shift;

interface PackedIndex {
  readonly shift: number;
  readonly keys: Int32Array;
  /** Per slot, where its postings start and end in `postings`. */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  /** languageIndex << 16 | rank, per posting. */
  readonly postings: Int32Array;
}

/** Power-of-two table bits for at least twice `entries` slots. */
const tableBits = (entries: number) => Math.max(4, Math.ceil(Math.log2(entries * 2)));

function findSlot(keys: Int32Array, shift: number, key: number): number {
  const mask = keys.length - 1;
  let slot = hashSlot(key, shift);
  while (keys[slot] !== EMPTY && keys[slot] !== key) slot = (slot + 1) & mask;
  return slot;
}

const packedIndexes = new Map<ScriptModel, PackedIndex>();

/** The model's postings of every trigram that packs (the others never match a packed text). */
function packedIndexOf(model: ScriptModel): PackedIndex {
  let index = packedIndexes.get(model);
  if (index) return index;
  const entries: [number, Int32Array][] = [];
  for (const [trigram, postings] of model.postings) {
    const units = [...Array(trigram.length).keys()].map((i) => trigram.charCodeAt(i));
    if (units.length === 3 && units.every((u) => u < PACKED_UNIT_LIMIT))
      entries.push([pack(units[0] as number, units[1] as number, units[2] as number), postings]);
  }
  const bits = tableBits(entries.length);
  const keys = new Int32Array(1 << bits).fill(EMPTY);
  const starts = new Int32Array(keys.length);
  const ends = new Int32Array(keys.length);
  const flat = new Int32Array(entries.reduce((n, [, p]) => n + p.length / 2, 0));
  let at = 0;
  for (const [key, postings] of entries) {
    const slot = findSlot(keys, 32 - bits, key);
    keys[slot] = key;
    starts[slot] = at;
    for (let i = 0; i < postings.length; i += 2) {
      const [language, rank] = [postings[i] as number, postings[i + 1] as number];
      if (language > 0x7fff || rank > 0xffff) throw new Error('franc-min data outgrew 16 bits');
      flat[at++] = (language << 16) | rank;
    }
    ends[slot] = at;
  }
  index = { shift: 32 - bits, keys, starts, ends, postings: flat };
  packedIndexes.set(model, index);
  return index;
}

/** A text's trigram counts: reused by every ranking (synchronous, one per thread). */
const MAX_TRIGRAMS = MAX_LENGTH + 2;
const TEXT_BITS = tableBits(MAX_TRIGRAMS);
const textKeys = new Int32Array(1 << TEXT_BITS).fill(EMPTY);
const textCounts = new Int32Array(1 << TEXT_BITS);
const textSlots = new Int32Array(MAX_TRIGRAMS);

/** Distances as `distancesOf`, for a text whose units all pack; undefined when one does not. */
function packedDistances(model: ScriptModel, padded: string): Float64Array | undefined {
  if (padded.length - 2 > MAX_TRIGRAMS) return undefined;
  for (let i = 0; i < padded.length; i++)
    if (padded.charCodeAt(i) >= PACKED_UNIT_LIMIT) return undefined;
  let distinct = 0;
  let b = padded.charCodeAt(0);
  let c = padded.charCodeAt(1);
  for (let i = 2; i < padded.length; i++) {
    const a = b;
    b = c;
    c = padded.charCodeAt(i);
    const key = pack(a, b, c);
    const slot = findSlot(textKeys, 32 - TEXT_BITS, key);
    if (textKeys[slot] === EMPTY) {
      textKeys[slot] = key;
      textCounts[slot] = 0;
      textSlots[distinct++] = slot;
    }
    textCounts[slot] = (textCounts[slot] as number) + 1;
  }
  const index = packedIndexOf(model);
  const distances = new Float64Array(model.languages.length).fill(distinct * MAX_DIFFERENCE);
  for (let t = 0; t < distinct; t++) {
    const slot = textSlots[t] as number;
    const count = textCounts[slot] as number;
    const at = findSlot(index.keys, index.shift, textKeys[slot] as number);
    textKeys[slot] = EMPTY; // the table is empty again for the next text
    if (index.keys[at] === EMPTY) continue;
    const end = index.ends[at] as number;
    for (let i = index.starts[at] as number; i < end; i++) {
      const posting = index.postings[i] as number;
      const language = posting >>> 16;
      distances[language] =
        (distances[language] as number) + Math.abs(count - (posting & 0xffff) - 1) - MAX_DIFFERENCE;
    }
  }
  return distances;
}

/**
 * Each language's franc distance to the text: every language starts at the cost of missing
 * every trigram; a trigram it lists replaces that cost with the distance between its count and
 * its rank (both as franc computes them). Integer sums, so the order of trigrams is immaterial.
 */
function distancesOf(model: ScriptModel, padded: string): Float64Array {
  const packed = packedDistances(model, padded);
  if (packed) return packed;
  const counts = trigramCounts(padded);
  const distances = new Float64Array(model.languages.length).fill(counts.size * MAX_DIFFERENCE);
  for (const [trigram, count] of counts) {
    const postings = model.postings.get(trigram);
    if (!postings) continue;
    for (let i = 0; i < postings.length; i += 2) {
      const language = postings[i] as number;
      distances[language] =
        (distances[language] as number) +
        Math.abs(count - (postings[i + 1] as number) - 1) -
        MAX_DIFFERENCE;
    }
  }
  return distances;
}

/**
 * Languages ranked best first with franc's normalized scores (the best at 1), exactly as
 * `francAll(text, { minLength })` answers; `[['und', 1]]` when undetermined.
 */
export function rankLanguages(text: string, minLength: number): [string, number][] {
  if (!text || text.length < minLength) return [['und', 1]];
  const value = text.slice(0, MAX_LENGTH);
  const [script, share] = topScript(value);
  const languages = script === undefined ? undefined : data[script];
  if (script === undefined || languages === undefined) {
    return !script || share === 0 ? [['und', 1]] : [[script, 1]];
  }
  const model = modelOf(script, languages);
  const distances = distancesOf(model, paddedText(value));
  // A stable sort by distance keeps franc's order among ties (the data's language order).
  const ranked: [string, number][] = model.languages.map((l, i) => [l, distances[i] as number]);
  ranked.sort((a, b) => a[1] - b[1]);
  const min = ranked[0]?.[1] ?? 0;
  const max = value.length * MAX_DIFFERENCE - min;
  for (const entry of ranked) entry[1] = 1 - (entry[1] - min) / max || 0;
  return ranked;
}
