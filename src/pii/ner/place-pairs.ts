/** Two-word places of the gazetteer ("new york"), a feature of both words. */
import type { Gazetteer } from '../gazetteer.js';

/** The words that begin and end two-word places ("new york"), so most pairs need no lookup. */
interface PairIndex {
  readonly firsts: ReadonlySet<string>;
  readonly seconds: ReadonlySet<string>;
}

const PAIRS = new WeakMap<Gazetteer, PairIndex>();

export function pairIndex(g: Gazetteer): PairIndex {
  let index = PAIRS.get(g);
  if (index === undefined) {
    const firsts = new Set<string>();
    const seconds = new Set<string>();
    for (const list of [g.cities, g.regions])
      for (const entry of list) {
        const [one, two, ...more] = entry.split(' ');
        if (one === undefined || two === undefined || more.length > 0) continue;
        firsts.add(one);
        seconds.add(two);
      }
    index = { firsts, seconds };
    PAIRS.set(g, index);
  }
  return index;
}

/** Whether "a b" is a two-word city or region. */
export function isPlacePair(a: string, b: string, g: Gazetteer, pairs: PairIndex): boolean {
  if (!pairs.firsts.has(a) || !pairs.seconds.has(b)) return false;
  const key = `${a} ${b}`;
  return g.cities.has(key) || g.regions.has(key);
}
