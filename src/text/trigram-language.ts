/**
 * franc-min's `francAll`, computed faster with franc-min's own data and identical results (same
 * languages, same order, same scores: `trigram-language.test.ts` checks this on every dev-set
 * text). franc looks every trigram of the text up in every language's dictionary object (about
 * 60 Latin-script languages), which made it the gateway's costliest step per request (issue 14,
 * `npm run bench:profile`). Here each script's dictionaries are inverted once into one map from
 * trigram to the (language, rank) pairs that contain it: a text trigram costs one lookup, and
 * every language it is missing from keeps the default distance. Hand-written because no
 * maintained package offers this; it reuses franc-min's data files and its scoring rule.
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
  let topCount = -1;
  let top: string | undefined;
  for (const [script, expression] of Object.entries(expressions)) {
    const count = (value.match(expression)?.length ?? 0) / value.length || 0;
    if (count > topCount) {
      topCount = count;
      top = script;
    }
  }
  return [top, topCount];
}

/** Occurrences of each trigram of franc's cleaned, space-padded text. */
function trigramCounts(value: string): Map<string, number> {
  const cleaned = value
    .replace(/[\u0021-\u0040]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  const padded = ` ${cleaned} `;
  const counts = new Map<string, number>();
  for (let i = 0; i + 3 <= padded.length; i++) {
    const trigram = padded.slice(i, i + 3);
    counts.set(trigram, (counts.get(trigram) ?? 0) + 1);
  }
  return counts;
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
  const counts = trigramCounts(value);
  // Every language starts at the cost of missing every trigram; a trigram it lists replaces
  // that cost with the distance between its count and its rank (both as franc computes them).
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
  // A stable sort by distance keeps franc's order among ties (the data's language order).
  const ranked: [string, number][] = model.languages.map((l, i) => [l, distances[i] as number]);
  ranked.sort((a, b) => a[1] - b[1]);
  const min = ranked[0]?.[1] ?? 0;
  const max = value.length * MAX_DIFFERENCE - min;
  for (const entry of ranked) entry[1] = 1 - (entry[1] - min) / max || 0;
  return ranked;
}
