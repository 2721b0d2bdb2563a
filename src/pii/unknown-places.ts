/**
 * Towns the lists lack, from the words around them: unknown capitalized words after "lives in",
 * "moved to", "from"; a shouted run after "originally from" or "University of"; a feature word
 * and its name ("River Wey"). Used by location-recognizer.ts after the gazetteer found nothing.
 */
import { isCommonWord, NOT_PERSON_WORDS } from './common-words.js';
import type { Gazetteer } from './gazetteer.js';
import { wordsBefore, type Token } from './name-tokens.js';
import type { Detection } from './types.js';

type Found = { detection: Detection; last: number } | undefined;

/** Tokens i..j as a LOCATION, and where the caller goes on reading. */
function placeRun(
  tokens: readonly Token[],
  i: number,
  j: number,
  score: number,
  note: string,
): Found {
  const start = tokens[i]?.start ?? 0;
  return {
    detection: { entity: 'LOCATION', start, end: tokens[j]?.end ?? start, score, note },
    last: j,
  };
}

/** Words that name a river, lake, mountain or cape before its name ("Port" also says "Port Authority"). */
const FEATURES: ReadonlySet<string> = new Set(['river', 'lake', 'mount', 'mt', 'cape']);

/**
 * "River Rom", "Lake Bled", "Mount Kenya": a feature word, then one or two capitalized words that
 * are not common ones. Only this order: after the name ("Ricki Lake") it is often a surname.
 */
export function namedFeature(tokens: readonly Token[], i: number, last: number): Found {
  const t = tokens[i];
  if (t === undefined || !FEATURES.has(t.lower) || t.shout) return undefined;
  const plain = (x: Token | undefined) =>
    x !== undefined &&
    x.cap &&
    !x.shout &&
    !isCommonWord(x.lower) &&
    !NOT_PERSON_WORDS.has(x.lower);
  let j = i;
  while (j < last && j - i < 2 && plain(tokens[j + 1])) j++;
  if (j === i) return undefined;
  return placeRun(tokens, i, j, 0.8, 'LOCATION feature word and name');
}

const MOVES: ReadonlySet<string> = new Set([
  'moved to',
  'move to',
  'flew to',
  'fly to',
  'travel to',
  'travelling to',
  'traveling to',
  'trip to',
  'welcome to',
  'relocated to',
  'drive to',
  'drove to',
  'lives in',
  'live in',
  'living in',
  'based in',
  'located in',
  'born in',
  'originally from',
  'university of',
  'here from',
  'year in',
]);

const CONNECTORS: ReadonlySet<string> = new Set(
  'de del da do dos das di du la le van von der den am an sur upon'.split(' '),
);
const connector = (x: Token | undefined) => x !== undefined && !x.cap && CONNECTORS.has(x.lower);

/** Towns the lists lack: unknown capitalized words right after "lives in", "moved to", "from". */
export function placeAfterMove(
  text: string,
  tokens: readonly Token[],
  i: number,
  last: number,
  g: Gazetteer,
): Found {
  const t = tokens[i];
  if (t === undefined || !t.joined) return undefined;
  const before = wordsBefore(tokens, i, 2).trim();
  const moved = MOVES.has(before) || before.endsWith(' from') || before === 'from';
  // "a year at Sigfig in Camuns": plain "in"/"near" say less than "lives in", so they score lower
  const inside = / (?:in|near)$/.test(` ${before}`);
  if (!moved && !inside) return undefined;
  if (t.shout && MOVES.has(before)) return shoutedPlace(text, tokens, i);
  let j = i;
  const plain = (x: Token | undefined) =>
    x !== undefined &&
    !isCommonWord(x.lower) &&
    !NOT_PERSON_WORDS.has(x.lower) &&
    !g.firstNames.has(x.lower);
  if (!plain(t)) return undefined;
  while (j < last && j - i < 2) {
    if (plain(tokens[j + 1])) j++;
    // "Reguengos de Monsaraz": a lower-case particle between two capitalized words ("de" is a
    // first name on the lists, so `plain` alone stops there)
    else if (
      j + 2 <= last &&
      connector(tokens[j + 1]) &&
      tokens[j + 2]?.cap === true &&
      plain(tokens[j + 2])
    )
      j += 2;
    else break;
  }
  const note = 'LOCATION capitalized words after a place phrase; context word nearby';
  return placeRun(tokens, i, j, moved ? 0.55 : 0.5, note);
}

// words that end a shouted run rather than continue a place name ("FROM LEEDS AND YORK")
const SHOUT_BREAKS: ReadonlySet<string> = new Set(
  'and or but is was to for with in at on by i'.split(' '),
);

/**
 * "originally from PORT O' KEEFE", "University of HOLMWICK VALE": in capitals, a place's words are
 * often common words or first names too, so after a strong place phrase the whole shouted run
 * (up to four words) is the place, scored as a known place after a preposition would be, above
 * the first name inside it. An "O'" before the next word joins it as a blank would.
 */
function shoutedPlace(text: string, tokens: readonly Token[], i: number): Found {
  const t = tokens[i];
  if (t === undefined || SHOUT_BREAKS.has(t.lower)) return undefined;
  let j = i;
  while (j - i < 3) {
    const prev = tokens[j];
    const next = tokens[j + 1];
    const irish =
      next?.cap === true && next.end - next.start === 1 && /['’]/u.test(text[next.end] ?? '');
    if (
      prev === undefined ||
      next === undefined ||
      !(next.shout || irish) ||
      SHOUT_BREAKS.has(next.lower)
    )
      break;
    const gap = text.slice(prev.end, next.start);
    if (!next.joined && !(prev.end - prev.start === 1 && /^['’] ?$/u.test(gap))) break;
    j++;
  }
  return placeRun(tokens, i, j, 0.8, 'LOCATION capitals after a place phrase; context word nearby');
}
