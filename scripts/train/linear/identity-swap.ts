/**
 * Counterfactual identity augmentation of real training rows: a row that names an identity
 * group is added again with the group swapped for another of its kind (every mention of one term to the
 * same new term), label unchanged. In the corpora some groups appear mostly in hateful posts
 * and others mostly in benign ones, so the group word itself predicted the label; with the
 * swapped copies the same sentence carries the same label whichever group it names. Benign and
 * toxic rows are swapped alike. Terms that are ordinary words too ("white", "old", "straight")
 * are swapped out only before a person noun ("Black women", "old people"), so "an old car" is
 * not made into nonsense.
 */
import { join } from 'node:path';
import { seededRandom, shuffle, type JsonRow } from '../dataset.js';
import { IDENTITY_KINDS, type Term } from '../identity-balance.js';
import { readJsonl } from './linear-trainer.js';

const AMBIGUOUS = new Set([
  'white',
  'black',
  'old',
  'older',
  'young',
  'straight',
  'blind',
  'male',
  'female',
  'senior',
  'orthodox',
  'indigenous',
  'american',
  'british',
  'french',
  'polish',
  'turkish',
]);

const adjectives = (kind: readonly Term[]) => kind.map((t) => t.adj);
const plurals = (kind: readonly Term[]) => kind.flatMap((t) => (t.plural ? [t.plural] : []));
/** Lower-cased term → the terms of its kind and form it may become. */
const POOL = new Map<string, readonly string[]>();
for (const kind of IDENTITY_KINDS)
  for (const pool of [adjectives(kind), plurals(kind)])
    for (const w of pool) POOL.set(w.toLowerCase(), pool);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternation = (words: readonly string[]) =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map(escape)
    .join('|');
// An ordinary word is a group only when a person noun follows: "Black women", "old people".
const PERSON =
  'people|person|man|men|woman|women|guy|guys|girl|girls|folks|family|families|kids|children|community|communities|voters|students|workers|neighbours|neighbors';
const MENTION = new RegExp(
  `\\b(?:${alternation([...POOL.keys()].filter((w) => !AMBIGUOUS.has(w)))})\\b|\\b(?:${alternation([...AMBIGUOUS])})(?=\\s+(?:${PERSON})\\b)`,
  'giu',
);

/** `text` with every swappable identity mention replaced, or undefined when it names none. */
export function swapIdentities(text: string, random: () => number): string | undefined {
  const chosen = new Map<string, string>();
  let swapped = false;
  const out = text.replace(MENTION, (m) => {
    const key = m.toLowerCase();
    let next = chosen.get(key);
    if (next === undefined) {
      const pool = POOL.get(key) ?? [m];
      do next = pool[Math.floor(random() * pool.length)]!;
      while (next.toLowerCase() === key && pool.length > 1);
      chosen.set(key, next);
    }
    swapped = true;
    return next;
  });
  return swapped ? out : undefined;
}

/**
 * Up to `count` swapped copies of the rows of `files` (under `dir`) that name a group, the
 * rows picked by a seeded shuffle. Only `label` is kept: the category annotations differ by
 * source and the copies are one source.
 */
export function identitySwapRows(
  dir: string,
  files: readonly string[],
  seed: number,
  count: number,
): JsonRow[] {
  const random = seededRandom(seed);
  const rows = files.flatMap((f) => readJsonl(join(dir, `${f}.jsonl`)));
  const out: JsonRow[] = [];
  for (const row of shuffle(rows, random)) {
    if (out.length >= count) break;
    const text = swapIdentities(row.text, random);
    if (text !== undefined) out.push({ text, label: row.label });
  }
  return out;
}
