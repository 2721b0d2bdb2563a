/**
 * LOCATION from the gazetteer: the longest run of capitalized words (up to the longest entry)
 * that names a country, region or city; a preposition before it ("in", "from", "to") raises the
 * score, and after "lives in", "moved to", "from" an unknown capitalized word counts as a town.
 * A one-word city that is also a first name ("Austin", "Florence") needs the preposition.
 */
import { isCommonWord, NOT_PERSON_WORDS } from './common-words.js';
import type { Gazetteer } from './gazetteer.js';
import { wordsBefore, type Token } from './name-tokens.js';
import type { LeaningOf } from './place-or-name.js';
import type { Detection } from './types.js';

const CONTEXT_BOOST = 0.35;
export const LOCATION_CONTEXT = [
  'in',
  'from',
  'at',
  'to',
  'near',
  'into',
  'via',
  'visit',
  'visiting',
  'visited',
  'towards',
  'around',
  'outside',
] as const;
const PREPOSITIONS: ReadonlySet<string> = new Set(LOCATION_CONTEXT);
/** The prepositions that almost never precede a person ("to", "at" do: "said to Linda"). */
export const PLACE_PREPOSITIONS: ReadonlySet<string> = new Set(['in', 'from', 'near', 'into']);

export function detectLocations(
  text: string,
  tokens: readonly Token[],
  g: Gazetteer,
  lean: LeaningOf = () => undefined,
): Detection[] {
  const found: Detection[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t?.cap !== true) continue;
    let last = i;
    while (last + 1 < tokens.length && last - i + 1 < g.maxPlaceWords && tokens[last + 1]?.joined)
      last++;
    const hit = matchPlace(text, tokens, i, last, g, lean);
    if (hit !== undefined) {
      found.push(hit.detection);
      i = hit.last;
      continue;
    }
    const unknown = placeAfterMove(text, tokens, i, last, g) ?? namedFeature(tokens, i, last);
    if (unknown !== undefined) {
      found.push(unknown.detection);
      i = unknown.last;
    }
  }
  return found;
}

/** Words that name a river, lake, mountain or cape before its name ("Port" also says "Port Authority"). */
const FEATURES: ReadonlySet<string> = new Set(['river', 'lake', 'mount', 'mt', 'cape']);

/**
 * "River Rom", "Lake Bled", "Mount Kenya": a feature word, then one or two capitalized words that
 * are not common ones. Only this order: after the name ("Ricki Lake") it is often a surname.
 */
function namedFeature(
  tokens: readonly Token[],
  i: number,
  last: number,
): { detection: Detection; last: number } | undefined {
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
  return {
    detection: {
      entity: 'LOCATION',
      start: t.start,
      end: tokens[j]?.end ?? t.end,
      score: 0.8,
      note: 'LOCATION feature word and name',
    },
    last: j,
  };
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
  'here from',
  'year in',
]);

const CONNECTORS: ReadonlySet<string> = new Set(
  'de del da do dos das di du la le van von der den am an sur upon'.split(' '),
);
const connector = (x: Token | undefined) => x !== undefined && !x.cap && CONNECTORS.has(x.lower);

/** Towns the lists lack: unknown capitalized words right after "lives in", "moved to", "from". */
function placeAfterMove(
  text: string,
  tokens: readonly Token[],
  i: number,
  last: number,
  g: Gazetteer,
): { detection: Detection; last: number } | undefined {
  const t = tokens[i];
  if (t === undefined || !t.joined) return undefined;
  const before = wordsBefore(tokens, i, 2).trim();
  const moved = MOVES.has(before) || before.endsWith(' from') || before === 'from';
  // "a year at Sigfig in Camuns": plain "in"/"near" say less than "lives in", so they score lower
  const inside = / (?:in|near)$/.test(` ${before}`);
  if (!moved && !inside) return undefined;
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
  const end = tokens[j]?.end ?? t.end;
  return {
    detection: {
      entity: 'LOCATION',
      start: t.start,
      end,
      score: moved ? 0.55 : 0.5,
      note: 'LOCATION capitalized words after a place phrase; context word nearby',
    },
    last: j,
  };
}

const QUALIFIER = /^ \(\p{Lu}[\p{L}\p{M}'’-]*(?: \p{Lu}[\p{L}\p{M}'’-]*)?\)/u;
const FACILITIES: ReadonlySet<string> = new Set(
  'club hotel restaurant cafe pub school college hospital church stadium arena mall'.split(' '),
);
/** Tokens i..j: common words, then a facility word. */
function facility(tokens: readonly Token[], i: number, j: number): boolean {
  if (!FACILITIES.has(tokens[j]?.lower ?? '')) return false;
  for (let k = i; k < j; k++) if (!isCommonWord(tokens[k]?.lower ?? '')) return false;
  return true;
}

/** "Country Club", "High School": common words, then a facility word (the tagger's spans too). */
export function namesAFacility(span: string): boolean {
  const words = span
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .filter((w) => w !== '');
  const lastWord = words.pop();
  return (
    lastWord !== undefined &&
    words.length > 0 &&
    FACILITIES.has(lastWord) &&
    words.every((w) => isCommonWord(w))
  );
}

function matchPlace(
  text: string,
  tokens: readonly Token[],
  i: number,
  last: number,
  g: Gazetteer,
  lean: LeaningOf,
): { detection: Detection; last: number } | undefined {
  const t = tokens[i];
  if (t === undefined) return undefined;
  for (let j = last; j >= i; j--) {
    const end = tokens[j]?.end ?? t.end;
    const key = text.slice(t.start, end).toLowerCase().replace(/\s+/gu, ' ');
    const region = g.regions.has(key);
    if (!region && !g.cities.has(key)) continue;
    // "Country Club" is a town on the lists, but common words before a facility word name a
    // building ("Novo mesto Country Club"): a place only after a preposition
    if (j > i && facility(tokens, i, j) && !PREPOSITIONS.has(tokens[i - 1]?.lower ?? ''))
      return undefined;
    let score = j > i ? (region ? 0.85 : 0.75) : region ? 0.7 : 0.5;
    if (j === i) {
      if (isCommonWord(t.lower)) score = 0.2;
      // "Syria", "Tunisia" are on the baby-name lists too, but their word cluster is countries'
      else if (lean(t.lower) === 'place' && !afterFirstName(tokens, i, g)) score += 0;
      else if (g.firstNames.has(t.lower)) score -= 0.3;
      else if (g.surnames.has(t.lower)) score -= 0.2;
      if (t.sentenceStart && !region) score -= 0.15;
    }
    const prev = tokens[i - 1];
    const near = prev !== undefined && t.joined && PREPOSITIONS.has(prev.lower);
    if (near) score += CONTEXT_BOOST;
    const note = `LOCATION gazetteer ${region ? 'region' : 'city'}${near ? '; context word nearby' : ''}`;
    const score100 = Math.round(Math.min(1, score) * 100) / 100;
    // "Cyprus (Greek)", "Frankfurt (Oder)": a qualifier in brackets belongs to the place
    const qualifier = QUALIFIER.exec(text.slice(end, end + 40))?.[0] ?? '';
    return {
      detection: {
        entity: 'LOCATION',
        start: t.start,
        end: end + qualifier.length,
        score: score100,
        note,
        ...(qualifier === '' ? {} : { core: end }),
      },
      last: j,
    };
  }
  return undefined;
}

/** "Marta Palermo": a place word right after a capitalized first name is the surname. */
function afterFirstName(tokens: readonly Token[], i: number, g: Gazetteer): boolean {
  const prev = tokens[i - 1];
  return (
    prev !== undefined &&
    prev.cap &&
    tokens[i]?.joined === true &&
    g.firstNames.has(prev.lower) &&
    !isCommonWord(prev.lower)
  );
}
