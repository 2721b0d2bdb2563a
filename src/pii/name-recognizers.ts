/**
 * PERSON and LOCATION from gazetteers (models/gazetteers/) plus capitalization, titles,
 * prepositions and context words: no model, one pass over the words. Scores follow the regex
 * recognizers' scale (0.5 is the default report threshold): a known first name mid-sentence is
 * enough, a word that is also common English ("Will", "Rose", "May") needs a title, a context
 * word or a known name beside it.
 */
import { detectAddresses } from './address-recognizer.js';
import type { CompiledRecognizer } from './analyze.js';
import { COMMON_WORDS, isCommonWord, NOT_PERSON_WORDS } from './common-words.js';
import type { Gazetteer } from './gazetteer.js';
import { detectLocations, LOCATION_CONTEXT, PLACE_PREPOSITIONS } from './location-recognizer.js';
import { tokenize, wordsBefore, type Token } from './name-tokens.js';
import {
  AFTER_PERSON,
  LEAD_INS,
  NAMING,
  PERSON_CONTEXT,
  STRONG_CONTEXT,
  TITLES,
} from './person-context.js';
import { detectOrganizations } from './organization-recognizer.js';
import { listedNames } from './person-lists.js';
import type { LeaningOf } from './place-or-name.js';
import type { Detection } from './types.js';

const MAX_NAME_WORDS = 4;
const CONTEXT_BOOST = 0.35;
const TITLE_BOOST = 0.45;

const endsWithAny = (window: string, phrases: readonly string[]) =>
  phrases.some((p) => window.endsWith(` ${p} `));

type NameKind = 'first' | 'last' | 'ambiguous' | 'initial' | 'unknown';

function nameKind(t: Token, g: Gazetteer): NameKind {
  if (t.lower.length === 1) return 'initial';
  const known = g.firstNames.has(t.lower) || g.surnames.has(t.lower);
  if (!known) return 'unknown';
  if (isCommonWord(t.lower)) return 'ambiguous';
  return g.firstNames.has(t.lower) ? 'first' : 'last';
}

/** Capital letter alone: how likely a run of capitalized words is a name, before context. */
function baseScore(run: readonly Token[], kinds: readonly NameKind[]): number {
  const strong = kinds.filter((k) => k === 'first' || k === 'last').length;
  const first = run[0];
  if (first === undefined) return 0;
  if (run.length >= 2) {
    if (kinds[0] === 'first' && strong >= 1) return 0.85;
    if (strong >= 1) return first.sentenceStart ? 0.55 : 0.7;
    if (kinds.includes('ambiguous')) return 0.3;
    // shouting ("WORST DRIVERS") capitalizes everything, so only known names count there
    if (run.some((t) => t.shout)) return 0.2;
    // two or three unknown capitalized words: mostly names the lists lack (foreign names)
    return first.sentenceStart ? 0.45 : 0.5;
  }
  switch (kinds[0] ?? 'unknown') {
    case 'first':
      return first.sentenceStart ? 0.55 : 0.65;
    case 'last':
      return first.sentenceStart ? 0.3 : 0.5;
    case 'ambiguous':
      return 0.2;
    case 'initial':
    case 'unknown':
      return first.sentenceStart ? 0 : 0.2;
  }
}

// "@" after a space or at the start (not an e-mail's local part), then at most one space
const HANDLE = /(?:^|[\s(])@ ?$/u;

/** An "@" right before, or before one space: the only places HANDLE can match (it is cheaper). */
const afterAt = (text: string, start: number) =>
  text[start - 1] === '@' || (text[start - 1] === ' ' && text[start - 2] === '@');

const isShortCode = (text: string, t: Token) =>
  t.end - t.start >= 2 &&
  t.end - t.start <= 4 &&
  text.slice(t.start, t.end) === t.lower.toUpperCase();

const isPlace = (key: string, g: Gazetteer) => g.regions.has(key) || g.cities.has(key);

function detectPersons(
  text: string,
  tokens: readonly Token[],
  g: Gazetteer,
  places: readonly Detection[],
  lean: LeaningOf,
): Detection[] {
  const found: Detection[] = [];
  // a confident place ends a run of capitalized words ("Hope New York Maria Garcia"), so a
  // name's run is the same whether the place beside it was redacted already or not
  const placeStarts = new Set(places.filter((p) => p.score >= 0.5).map((p) => p.start));
  const placeEnds = new Set(places.filter((p) => p.score >= 0.5).map((p) => p.end));
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t === undefined || t.barrier === true) continue;
    if (afterAt(text, t.start) && HANDLE.test(text.slice(Math.max(0, t.start - 3), t.start))) {
      // a social-media handle ("@jane_doe", "RT @ jane") names a person's account
      found.push({
        entity: 'PERSON',
        start: t.start,
        end: t.end,
        score: 0.55,
        note: 'PERSON handle',
      });
      continue;
    }
    if (!t.cap) {
      // lower-case chat ("my name is hubert"): only right after a phrase that announces a name
      // (most words are neither, so the words before are read only for the others)
      const kind = nameKind(t, g);
      const announced =
        (kind === 'first' || kind === 'last') &&
        endsWithAny(wordsBefore(tokens, i, 3), STRONG_CONTEXT);
      // "my name is vitoria": after the plainest announcements any non-word is the name
      const named =
        kind === 'unknown' &&
        !isCommonWord(t.lower) &&
        endsWithAny(wordsBefore(tokens, i, 3), NAMING);
      if (announced || named) {
        const next = tokens[i + 1];
        const two = next?.joined === true && ['first', 'last'].includes(nameKind(next, g));
        found.push({
          entity: 'PERSON',
          start: t.start,
          end: two ? next.end : t.end,
          score: 0.6,
          note: 'PERSON gazetteer lower-case name; context word nearby',
        });
      }
      continue;
    }
    if (isShortCode(text, t) || placeStarts.has(t.start)) continue;
    let j = i;
    while (j - i + 1 < MAX_NAME_WORDS + 1) {
      const next = tokens[j + 1];
      // a title starts a new name ("... New York Dr. Smith"); a code ("USA", "NY") ends one
      if (next?.cap !== true || !next.joined || TITLES.has(next.lower)) break;
      if (isShortCode(text, next) || placeStarts.has(next.start)) break;
      if (placeEnds.has(tokens[j]?.end ?? -1)) break;
      // "Baker Street Maria Garcia": a street or company word ends its run; the next is new
      if (NOT_PERSON_WORDS.has(tokens[j]?.lower ?? '') && j > i) break;
      j++;
    }
    let run = tokens.slice(i, j + 1);
    let headIndex = i;
    i = j;
    // street and company words (short all-caps codes such as states end a run above)
    if (run.some((r) => NOT_PERSON_WORDS.has(r.lower))) continue;
    let titled = false;
    // a title, a capitalized ordinary word ("Dear") or a sentence's first word leads into names
    // "Yesterday John Smith": a known first name after the first word starts the name; before a
    // known surname alone the first word is the first name ("Hijacinta Godina")
    const knownAfterHead = (r: readonly Token[]) => nameKind(r[1] ?? r[0] ?? t, g) === 'first';
    while (run[0] !== undefined) {
      const head = run[0];
      if (TITLES.has(head.lower)) titled = true;
      const drop =
        TITLES.has(head.lower) ||
        (run.length > 1 && (COMMON_WORDS.has(head.lower) || LEAD_INS.has(head.lower))) ||
        (run.length > 1 &&
          head.sentenceStart &&
          nameKind(head, g) === 'unknown' &&
          knownAfterHead(run));
      if (!drop) break;
      run = run.slice(1);
      headIndex++;
    }
    while (run.length > 0 && COMMON_WORDS.has(run[run.length - 1]?.lower ?? '')) {
      run = run.slice(0, -1);
    }
    const head = run[0];
    const tail = run[run.length - 1];
    if (head === undefined || tail === undefined) continue;
    const kinds = run.map((r) => nameKind(r, g));
    let score = baseScore(run, kinds);
    // a line of its own made of two or three capitalized words: a signature or address header
    if (run.length >= 2 && run.length <= 3 && ownLine(text, head.start, tail.end)) score += 0.1;
    const key = text.slice(head.start, tail.end).toLowerCase();
    const afterPlaceWord =
      head.joined && PLACE_PREPOSITIONS.has(tokens[headIndex - 1]?.lower ?? '');
    // "Anna", "Linda" are towns too: a known first name stays a person unless "in"/"from" precede
    // a place whose word cluster is places' ("Adelaide", "Syria") is a person only with a title
    if ((g.regions.has(key) || (isPlace(key, g) && lean(key) === 'place')) && !titled) score -= 0.4;
    else if (isPlace(key, g) && !titled && (kinds[0] !== 'first' || afterPlaceWord)) score -= 0.25;
    const window = wordsBefore(tokens, headIndex, 4);
    const near =
      PERSON_CONTEXT.some((p) => window.includes(` ${p} `)) ||
      AFTER_PERSON.has(tokens[headIndex + run.length]?.lower ?? '');
    if (titled) score += TITLE_BOOST;
    if (near) score += CONTEXT_BOOST;
    if (score <= 0) continue;
    const note = [
      `PERSON gazetteer ${kinds.join('+')}`,
      ...(titled ? ['title'] : []),
      ...(near ? ['context word nearby'] : []),
    ];
    found.push({
      entity: 'PERSON',
      start: head.start,
      end: tail.end,
      score: Math.round(Math.min(1, score) * 100) / 100,
      note: note.join('; '),
    });
  }
  return found;
}

function ownLine(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 4), start);
  const after = text.slice(end, end + 2);
  return (
    (start === 0 || /\n[ \t>?]*$/.test(before)) && (end === text.length || /^[ \t]*\n/.test(after))
  );
}

/** PERSON, LOCATION, ORGANIZATION and ADDRESS as recognizers `analyze` runs beside the regex ones; words cached per text. */
export function gazetteerRecognizers(
  g: Gazetteer,
  entities: ReadonlySet<string>,
  /** Whether a word on both a place and a name list reads as one or the other (place-or-name.ts). */
  lean: LeaningOf = () => undefined,
): CompiledRecognizer[] {
  // PERSON needs the places too (they end name runs): one pass each per text
  let lastText: string | undefined;
  let lastTokens: Token[] = [];
  let lastPlaces: Detection[] | undefined;
  const words = (text: string) => {
    if (text !== lastText) {
      lastTokens = tokenize(text);
      lastPlaces = undefined;
      lastText = text;
    }
    return lastTokens;
  };
  const places = (text: string) => {
    const tokens = words(text);
    lastPlaces ??= detectLocations(text, tokens, g, lean);
    return lastPlaces;
  };
  const recognizers: CompiledRecognizer[] = [];
  if (entities.has('PERSON')) {
    recognizers.push({
      entity: 'PERSON',
      patterns: [],
      context: PERSON_CONTEXT,
      contextKeys: [],
      scan: (text) => {
        const persons = detectPersons(text, words(text), g, places(text), lean);
        return [...persons, ...listedNames(text, words(text), persons, g)];
      },
    });
  }
  if (entities.has('LOCATION')) {
    recognizers.push({
      entity: 'LOCATION',
      patterns: [],
      context: LOCATION_CONTEXT,
      contextKeys: [],
      scan: (text) => places(text).filter((d) => d.entity === 'LOCATION'),
    });
  }
  if (entities.has('ORGANIZATION')) {
    recognizers.push({
      entity: 'ORGANIZATION',
      patterns: [],
      context: [],
      contextKeys: [],
      // a place and a plural ("Leeds Rhinos") is a team the place rules find (location-recognizer.ts)
      scan: (text) => [
        ...detectOrganizations(text, words(text)),
        ...places(text).filter((d) => d.entity === 'ORGANIZATION'),
      ],
    });
  }
  if (entities.has('ADDRESS')) {
    recognizers.push({
      entity: 'ADDRESS',
      patterns: [],
      context: [],
      contextKeys: [],
      scan: (text) => detectAddresses(text, g),
    });
  }
  return recognizers;
}
