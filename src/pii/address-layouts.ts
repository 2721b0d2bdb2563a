/**
 * The street cores an ADDRESS starts from, one pattern per layout: house number first (US),
 * number, name and number (European), street word first or last without a leading number,
 * P.O. boxes and US military mail. address-recognizer.ts scores them.
 */

const cased = (words: readonly string[]) =>
  words
    .flatMap((w) => [w, (w[0]?.toUpperCase() ?? '') + w.slice(1), w.toUpperCase()])
    .map((w) => w.replace('.', '\\.'))
    .join('|');
const SUFFIXES = cased(
  'street st road rd avenue ave av drive dr lane ln boulevard blvd way court ct place pl square sq terrace crescent close highway hwy parkway pkwy circle cir loop trail trl row walk alley plaza summit forks island islands point points park heights hill hills gardens grove mews wharf quay expressway freeway turnpike pike'.split(
    ' ',
  ),
);
// street words written before the name, in any case ("rue du centre", "Via Franscini")
const STREET_PREFIXES = cased([
  'rue',
  'via',
  'rua',
  'calle',
  'avenida',
  'av.',
  'paseo',
  'strada',
  'ul.',
  'ulica',
  'piazza',
  'viale',
  'chemin',
  'route',
  'plac',
  'aleja',
  'avda.',
  'λεωφόρος',
  'οδός',
]);
const WORD = "[\\p{Lu}\\p{Ll}][\\p{L}\\p{M}'’.-]*";
const CAP_WORD = "\\p{Lu}[\\p{L}\\p{M}'’.-]*";
/**
 * "Λεωφόρος Συγγρού 119", "Calle Mayor 5", "Avda. Rio Nalon 58": a street word, its name and a
 * number, with no house number before it. English reads "via" and "route" too ("via Email 2"),
 * so those two need more (a context word or a telling tail).
 */
export const PREFIX_FIRST_CORE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${STREET_PREFIXES}) (?:${CAP_WORD})(?: (?:${WORD})){0,3}? \\d{1,5}[a-z]?(?![\\p{L}\\p{N}])`,
  'gu',
);
export const WEAK_PREFIX = /^(?:via|route|av\.|plac) /iu;
const HOUSE = '\\d{1,6}[A-Za-z]?';
// a house number is not the tail of another number: "2001:db8::1 Estonia Dr." is an IPv6
// address and a place, and a street taken out of its end would leave "2001:db8::" behind, which
// a second pass reads as an address of its own (found by test:fuzz)
const NOT_AFTER = '(?<![\\p{L}\\p{N}_]|::|\\d[.:]|[a-fA-F]:)';

/** "221 Baker Street", "2437 Main St", "615 Benedum Drive" (a second number: "3485 615 Benedum Drive"). */
export const US_CORE = new RegExp(
  `${NOT_AFTER}${HOUSE}(?: \\d{1,5})? (?:${CAP_WORD} ){1,3}(?:${SUFFIXES})(?![\\p{L}\\p{N}])\\.?`,
  'gu',
);
/**
 * The same, ending at the first suffix: "221B Baker Street Estonia Dr." also holds "221B Baker
 * Street", which must stand on its own when the longer reading loses "Dr." to "Dr. Smith", or a
 * second pass would find it (redaction must be idempotent; found by test:fuzz).
 */
export const US_CORE_SHORT = new RegExp(
  `${NOT_AFTER}${HOUSE}(?: \\d{1,5})? (?:${CAP_WORD} ){1,3}?(?:${SUFFIXES})(?![\\p{L}\\p{N}])\\.?`,
  'gu',
);
export const LOWER_LAST_WORD = /(?:^| )\p{Ll}+\.?$/u;
const UNIT_WORDS = cased(['apt', 'apartment', 'suite', 'ste', 'unit', 'flat']);
/** "27534 Þorsteinsgata 63", "5112 39 Rue Ibn El-Jazzar", "688 rue du centre 320". */
// the street name's words never swallow a unit ("143 31 rue de la Hulotais Apt. 087": the
// number after "Apt." is the flat's, and the unit belongs to the tail)
export const EU_CORE = new RegExp(
  `${NOT_AFTER}${HOUSE}(?: \\d{1,5})? (?:(?:${STREET_PREFIXES}) (?:${WORD})|${CAP_WORD})(?: (?!(?:${UNIT_WORDS})\\b)(?:${WORD})){0,3}?(?: \\d{1,5}[a-z]?\\b\\.?|(?= ?\\n)|(?= (?:${UNIT_WORDS})\\b))`,
  'gu',
);
// Street words that end a street's name in the street-first order ("Hauptstraße", "Keizersgracht");
// not "ring" or "kade" ("Spring 2024", "Arcade 3"), nor the "-gade" of "Brigade 2"
const STREET_ENDINGS = [
  'stra(?:ss|ß)e',
  'str\\.',
  'gasse',
  'weg',
  'laan',
  'straat',
  'gracht',
  'plein',
  'steeg',
  '(?<![Bb]ri|ene)gade',
  'vej',
  'vägen',
  'gatan',
  'gata',
  'veien',
  'vegen',
  'katu',
  'tie',
  'utca',
  'ulica',
  'allee',
  'platz',
  'damm',
]
  .flatMap((e) => [e, e.toUpperCase(), (e[0] ?? '').toUpperCase() + e.slice(1)])
  .join('|');
/**
 * "Hauptstraße 5", "Nieuwe Spiegelstraat 12a", "tawastintie 6": street first, with a number
 * before it taken in as the European core takes it ("2407 tawastintie 6").
 */
export const NAME_FIRST_CORE = new RegExp(
  `${NOT_AFTER}(?:${HOUSE} )?(?:(?:${CAP_WORD}) )?[\\p{L}\\p{M}'’-]{2,30}(?:${STREET_ENDINGS}) \\d{1,5}[a-z]?(?![\\p{L}\\p{N}])`,
  'gu',
);
/**
 * What every NAME_FIRST_CORE and PREFIX_FIRST_CORE match holds (a street ending and a number, a
 * street word and a capital): most texts hold neither, and these find that out at a fraction of
 * the cost of the full patterns, which try every position.
 */
export const NAME_FIRST_HINT = new RegExp(`(?:${STREET_ENDINGS}) \\d`, 'u');
export const PREFIX_FIRST_HINT = new RegExp(`(?:${STREET_PREFIXES}) \\p{Lu}`, 'u');

/** USPS military and diplomatic mail: "Unit 5477 Box 8244\nDPO AP 15730", "PSC 1234, Box 5678, APO AE 09012", "USS Nimitz FPO AP 96620". */
export const MILITARY = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:unit|psc|cmr) \\d{1,5},? box \\d{1,5}|(?:usns|usnv|uss|uscgc) (?:${CAP_WORD})(?: ${CAP_WORD})?),?[ \\t]?\\n?[ \\t]*[adf]po a[aep] \\d{5}(?![\\p{L}\\p{N}])`,
  'giu',
);
export const PO_BOX = /(?<![\p{L}\p{N}])(?:\d{1,6} )?P\.? ?O\.? ?Box \d{1,6}/giu;

/** A final dot belongs to an abbreviation ("St."), not after a number or a whole word. */
export function coreLength(core: string): number {
  if (!core.endsWith('.')) return core.length;
  const last = /[\p{L}\p{N}]+\.$/u.exec(core)?.[0] ?? '';
  return /^\p{L}{1,4}\.$/u.test(last) ? core.length : core.length - 1;
}
