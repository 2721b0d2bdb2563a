/**
 * Word clusters from GloVe word vectors (models/word-clusters/, built by
 * `npm run build:word-vectors`): the 100,000 most frequent GloVe words, each with the id of its
 * cluster at a few granularities. The name tagger reads them as features (features.ts): a name it
 * never saw in training shares a cluster with names it did. One copy for every model that uses
 * it, read once per process on first use.
 */
import { readFileSync } from 'node:fs';

/** Lower-case word → its cluster id per granularity (coarse to fine), as strings for hashing. */
export type WordClusters = ReadonlyMap<string, readonly string[]>;

export const WORD_CLUSTERS_DIR = new URL('../../../models/word-clusters/', import.meta.url);

export function loadWordClusters(dir: URL = WORD_CLUSTERS_DIR): WordClusters {
  const map = new Map<string, readonly string[]>();
  // the clusters are nested, so the finest id decides the others: one shared tuple per fine
  // cluster keeps the table to its 100,000 keys (a few MB in each scanning worker)
  const tuples = new Map<string, readonly string[]>();
  const text = readFileSync(new URL('clusters.tsv', dir), 'utf8');
  let from = 0;
  while (from < text.length) {
    let end = text.indexOf('\n', from);
    if (end < 0) end = text.length;
    const tab = text.indexOf('\t', from);
    if (tab > from && tab < end) {
      const ids = text.slice(tab + 1, end);
      let tuple = tuples.get(ids);
      if (tuple === undefined) {
        tuple = Object.freeze(ids.split('\t'));
        tuples.set(ids, tuple);
      }
      map.set(text.slice(from, tab), tuple);
    }
    from = end + 1;
  }
  if (map.size === 0) throw new Error('word-clusters: clusters.tsv is empty');
  return map;
}

let memo: WordClusters | undefined;

/** The shipped clusters, loaded on first call and shared by every model in the process. */
export function defaultWordClusters(): WordClusters {
  memo ??= loadWordClusters();
  return memo;
}
