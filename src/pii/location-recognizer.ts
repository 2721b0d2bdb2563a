/**
 * LOCATION from the gazetteer: the longest run of capitalized words (up to the longest entry)
 * that names a country, region or city; a preposition before it ("in", "from", "to") raises the
 * score, and after "lives in", "moved to", "from" an unknown capitalized word counts as a town.
 * A one-word city that is also a first name ("Austin", "Florence") needs the preposition.
 */
import { isCommonWord } from './common-words.js';
import type { Gazetteer } from './gazetteer.js';
import type { Token } from './name-tokens.js';
import type { LeaningOf } from './place-or-name.js';
import type { Detection } from './types.js';
import { namedFeature, placeAfterMove } from './unknown-places.js';

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
    if (hit !== undefined && hit.detection.entity === 'ORGANIZATION') {
      found.push(hit.detection);
      i = hit.last;
      continue;
    }
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

const firstWords = new WeakMap<Gazetteer, ReadonlySet<string>>();

/** The first words of the listed places with a blank in them ("new" of "new york"), per list. */
function firstWordsOf(g: Gazetteer): ReadonlySet<string> {
  let words = firstWords.get(g);
  if (words === undefined) {
    const found = new Set<string>();
    for (const set of [g.regions, g.cities])
      for (const entry of set)
        if (entry.includes(' ')) found.add(entry.slice(0, entry.indexOf(' ')));
    words = found;
    firstWords.set(g, words);
  }
  return words;
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
  // a key with a blank in it can only be a listed place when its first word starts one
  const blank = text.slice(t.start, tokens[last]?.end ?? t.end).search(/\s/u);
  const longer =
    blank < 0 || firstWordsOf(g).has(text.slice(t.start, t.start + blank).toLowerCase());
  for (let j = last; j >= i; j--) {
    const end = tokens[j]?.end ?? t.end;
    if (!longer && end > t.start + blank) continue;
    const key = text.slice(t.start, end).toLowerCase().replace(/\s+/gu, ' ');
    const region = g.regions.has(key);
    if (!region && !g.cities.has(key)) continue;
    // "Arpin Van Lines": a capitalized word before the place makes it part of a longer name
    const before = tokens[i - 1];
    const inName = before?.cap === true && t.joined && !isCommonWord(before.lower);
    if (j < last && !inName && namesATeam(tokens[j + 1], g)) {
      const team = tokens[j + 1];
      return {
        detection: {
          entity: 'ORGANIZATION',
          start: t.start,
          end: team?.end ?? end,
          score: 0.6,
          note: 'ORGANIZATION place and a capitalized plural',
        },
        last: j + 1,
      };
    }
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

// plural words that end a place's own name ("Beverly Hills", "Niagara Falls")
const PLACE_PLURALS: ReadonlySet<string> = new Set(
  'hills heights springs falls gardens woods sands lakes meadows oaks pines rapids shores banks fields plains isles islands mills acres keys'.split(
    ' ',
  ),
);

/**
 * "Leeds Rhinos", "Chicago Bulls": a place, then a capitalized plural that is neither a place
 * nor part of one, names a team (or "Texas Instruments" a company): the place is not where
 * anyone is, and the pair is reported as an organization.
 */
function namesATeam(next: Token | undefined, g: Gazetteer): boolean {
  if (next === undefined || !next.joined || !next.cap || next.shout) return false;
  const w = next.lower;
  return (
    w.length >= 4 &&
    w.endsWith('s') &&
    !w.endsWith('ss') &&
    !PLACE_PLURALS.has(w) &&
    !g.cities.has(w) &&
    !g.regions.has(w)
  );
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
