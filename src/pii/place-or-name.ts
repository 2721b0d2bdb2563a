/**
 * Words on both a place list and a name list ("Syria" and "Adelaide" are SSA baby names, "Jordan"
 * and "Florence" are places): which reading the word usually has, from its GloVe word cluster
 * (models/word-clusters/). A cluster whose listed words are mostly places (countries, cities)
 * says "place", one whose listed words are mostly names says "name"; a word without a vector,
 * or in a mixed cluster, says nothing. Built from the public lists and vectors only, once per
 * process.
 */
import type { Gazetteer } from './gazetteer.js';
import type { WordClusters } from './ner/word-clusters.js';

export type Leaning = 'place' | 'name' | undefined;
export type LeaningOf = (lowerWord: string) => Leaning;

/** One side must outnumber the other this many times over among the cluster's listed words. */
const MAJORITY = 2;
/** And have at least this many words there, so a tiny cluster decides nothing. */
const MIN_WORDS = 5;

const MEMO = new WeakMap<Gazetteer, WeakMap<WordClusters, LeaningOf>>();

export function placeOrName(g: Gazetteer, clusters: WordClusters): LeaningOf {
  let byClusters = MEMO.get(g);
  if (byClusters === undefined) {
    byClusters = new WeakMap();
    MEMO.set(g, byClusters);
  }
  const known = byClusters.get(clusters);
  if (known !== undefined) return known;
  // per finest cluster: listed words that are only places, only names
  const counts = new Map<string, { place: number; name: number }>();
  for (const [word, ids] of clusters) {
    const id = ids[ids.length - 1];
    if (id === undefined) continue;
    const place = g.regions.has(word) || g.cities.has(word);
    const name = g.firstNames.has(word) || g.surnames.has(word);
    if (place === name) continue;
    const c = counts.get(id) ?? { place: 0, name: 0 };
    if (place) c.place++;
    else c.name++;
    counts.set(id, c);
  }
  const leaning = new Map<string, Leaning>();
  for (const [id, c] of counts) {
    if (c.place >= MIN_WORDS && c.place >= MAJORITY * c.name) leaning.set(id, 'place');
    else if (c.name >= MIN_WORDS && c.name >= MAJORITY * c.place) leaning.set(id, 'name');
  }
  const of: LeaningOf = (word) => {
    const ids = clusters.get(word);
    const id = ids?.[ids.length - 1];
    return id === undefined ? undefined : leaning.get(id);
  };
  byClusters.set(clusters, of);
  return of;
}
