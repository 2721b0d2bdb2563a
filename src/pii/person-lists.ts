/**
 * Names in coordinated lists: "Kónya, Becker and Vasquez", "Dale and White". Once one member of
 * a list of single capitalized words is a name, the others are names too, even when the lists
 * lack them or they are also words ("White", "Will"). Streets, companies, places and shouting
 * never join a list this way.
 */
import { isCommonWord, NOT_PERSON_WORDS } from './common-words.js';
import type { Gazetteer } from './gazetteer.js';
import type { Token } from './name-tokens.js';
import type { Detection } from './types.js';

const LIST_SCORE = 0.6;
const JOINERS: ReadonlySet<string> = new Set(['and', 'or', '&']);

function canJoin(t: Token | undefined, g: Gazetteer): t is Token {
  if (t?.cap !== true || t.shout || NOT_PERSON_WORDS.has(t.lower)) return false;
  const ambiguousName =
    isCommonWord(t.lower) && (g.firstNames.has(t.lower) || g.surnames.has(t.lower));
  if (isCommonWord(t.lower) && !ambiguousName) return false;
  return !g.regions.has(t.lower);
}

/** The token index of the next list member after token `i`, or -1. */
function nextMember(text: string, tokens: readonly Token[], i: number, step: 1 | -1): number {
  const near = tokens[i + step];
  const gap = (a: Token | undefined, b: Token | undefined) =>
    a && b ? text.slice(Math.min(a.end, b.end), Math.max(a.start, b.start)) : '';
  if (near && /^,\s?$/.test(gap(tokens[i], near))) return i + step;
  if (near && JOINERS.has(near.lower)) {
    const far = tokens[i + 2 * step];
    const g1 = gap(tokens[i], near);
    const g2 = gap(near, far);
    if (/^,?\s$/.test(step === 1 ? g1 : g2) && /^\s$/.test(step === 1 ? g2 : g1))
      return i + 2 * step;
  }
  return -1;
}

export function listedNames(
  text: string,
  tokens: readonly Token[],
  persons: readonly Detection[],
  g: Gazetteer,
): Detection[] {
  const index = new Map(tokens.map((t, i) => [t.start, i]));
  const named = new Set<number>();
  for (const p of persons) {
    const i = index.get(p.start);
    // single-word names only: a list of full names is found name by name already
    if (i !== undefined && p.score >= 0.5 && tokens[i]?.end === p.end) named.add(i);
  }
  const added: Detection[] = [];
  const queue = [...named];
  while (queue.length > 0) {
    const i = queue.pop() ?? -1;
    for (const step of [1, -1] as const) {
      const j = nextMember(text, tokens, i, step);
      const t = tokens[j];
      if (j < 0 || named.has(j) || !canJoin(t, g)) continue;
      named.add(j);
      queue.push(j);
      added.push({
        entity: 'PERSON',
        start: t.start,
        end: t.end,
        score: LIST_SCORE,
        note: 'PERSON listed beside a name',
      });
    }
  }
  return added;
}
