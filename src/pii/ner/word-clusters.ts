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
  for (const line of readFileSync(new URL('clusters.tsv', dir), 'utf8').split('\n')) {
    if (line === '') continue;
    const [word, ...ids] = line.split('\t');
    if (word !== undefined) map.set(word, ids);
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
