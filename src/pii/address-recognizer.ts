/**
 * ADDRESS: street addresses as one span, from the street to the postcode. A street core is a
 * house number and a street name with a suffix ("221 Baker Street", "2437 Main St"), a number,
 * a street name and a number in the European order ("27534 Þorsteinsgata 63", "3482 Via
 * Franscini 71"), or a P.O. box. The span then grows over what follows on the same line or the
 * next lines of an address block: a unit ("Apt. 237", "Suite 442"), a town, a state or country
 * (capitalized words, a known place, a two-letter code) and a postcode.
 *
 * The European core is weak on its own ("3 Big Macs 2"): it needs a context word ("address",
 * "lives at", "ship to") or a tail that only addresses have (a unit, a postcode, a known place).
 * So is the street-first order without a leading house number ("Hauptstraße 5, 10115 Berlin"),
 * which also needs a street word ("-straße", "-gracht", "-vej", "-katu"…) in the name. US
 * military addresses ("Unit 5477 Box 8244, DPO AP 15730", "USCGC Hamilton, FPO AA 34090") are
 * their own layout.
 */
import { afterLastPlaceholder } from './analyze.js';
import type { Gazetteer } from './gazetteer.js';
import type { Detection } from './types.js';

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
const PREFIX_FIRST_CORE = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${STREET_PREFIXES}) (?:${CAP_WORD})(?: (?:${WORD})){0,3}? \\d{1,5}[a-z]?(?![\\p{L}\\p{N}])`,
  'gu',
);
const WEAK_PREFIX = /^(?:via|route|av\.|plac) /iu;
const HOUSE = '\\d{1,6}[A-Za-z]?';
// a house number is not the tail of another number: "2001:db8::1 Estonia Dr." is an IPv6
// address and a place, and a street taken out of its end would leave "2001:db8::" behind, which
// a second pass reads as an address of its own (found by test:fuzz)
const NOT_AFTER = '(?<![\\p{L}\\p{N}_]|::|\\d[.:]|[a-fA-F]:)';

/** "221 Baker Street", "2437 Main St", "615 Benedum Drive" (a second number: "3485 615 Benedum Drive"). */
const US_CORE = new RegExp(
  `${NOT_AFTER}${HOUSE}(?: \\d{1,5})? (?:${CAP_WORD} ){1,3}(?:${SUFFIXES})(?![\\p{L}\\p{N}])\\.?`,
  'gu',
);
/**
 * The same, ending at the first suffix: "221B Baker Street Estonia Dr." also holds "221B Baker
 * Street", which must stand on its own when the longer reading loses "Dr." to "Dr. Smith", or a
 * second pass would find it (redaction must be idempotent; found by test:fuzz).
 */
const US_CORE_SHORT = new RegExp(
  `${NOT_AFTER}${HOUSE}(?: \\d{1,5})? (?:${CAP_WORD} ){1,3}?(?:${SUFFIXES})(?![\\p{L}\\p{N}])\\.?`,
  'gu',
);
const LOWER_LAST_WORD = /(?:^| )\p{Ll}+\.?$/u;
const UNIT_WORDS = cased(['apt', 'apartment', 'suite', 'ste', 'unit', 'flat']);
/** "27534 Þorsteinsgata 63", "5112 39 Rue Ibn El-Jazzar", "688 rue du centre 320". */
// the street name's words never swallow a unit ("143 31 rue de la Hulotais Apt. 087": the
// number after "Apt." is the flat's, and the unit belongs to the tail)
const EU_CORE = new RegExp(
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
const NAME_FIRST_CORE = new RegExp(
  `${NOT_AFTER}(?:${HOUSE} )?(?:(?:${CAP_WORD}) )?[\\p{L}\\p{M}'’-]{2,30}(?:${STREET_ENDINGS}) \\d{1,5}[a-z]?(?![\\p{L}\\p{N}])`,
  'gu',
);
/** USPS military and diplomatic mail: "Unit 5477 Box 8244\nDPO AP 15730", "PSC 1234, Box 5678, APO AE 09012", "USS Nimitz FPO AP 96620". */
const MILITARY = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:(?:unit|psc|cmr) \\d{1,5},? box \\d{1,5}|(?:usns|usnv|uss|uscgc) (?:${CAP_WORD})(?: ${CAP_WORD})?),?[ \\t]?\\n?[ \\t]*[adf]po a[aep] \\d{5}(?![\\p{L}\\p{N}])`,
  'giu',
);
const PO_BOX = /(?<![\p{L}\p{N}])(?:\d{1,6} )?P\.? ?O\.? ?Box \d{1,6}/giu;

const UNIT =
  /^(?:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm|#)\.?[ \t]?[\p{L}\p{N}-]{1,6}\b/iu;
/** A block separator: comma, or a line break with the indentation and quote marks of a block. */
const SEPARATOR = /^(?:[ \t]*,[ \t]*|[ \t]*\n[ \t>?]*(?:,[ \t]*)?|[ \t]+)?/u;
// A postcode is not the first group of a longer number ("4111.1111.1111.1111", a card with
// dots or no-break spaces): growing over it would hide the number from the card recognizer.
const POSTCODE =
  /^(?:\d{4,6}(?:-\d{4})?(?![ \u00a0./_]?\d)|[A-Z]\d[A-Z] ?\d[A-Z]\d|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})(?![\p{L}\p{N}])/u;
// A dot inside a place word stays ("St.Gallen"); a final one ends the sentence ("… Cáceres."),
// except in "St. Louis", "Mt. Pleasant", "Ft. Worth".
// "∆" (U+2206, the increment sign) stands in for the Greek capital delta in some Cypriot place
// lists ("ΑΓΙΟΣ ∆ΟΜΕΤΙΟΣ"): a letter here
const PLACE_WORD = `(?:St|Ste|Mt|Ft)\\.|[\\p{Lu}\u2206](?:[\\p{L}\\p{M}'’\u2206-]|\\.(?=\\p{L}))*(?![\\p{L}\\p{M}\\p{N}'’\u2206-]|\\.\\p{L})`;
/** "Frankfurt (Oder)", "Cyprus (Greek)": a qualifier in brackets belongs to the place. */
const QUALIFIER = `(?: \\((?:\\p{Lu}[\\p{L}\\p{M}'’-]*)(?: \\p{Lu}[\\p{L}\\p{M}'’-]*)?\\))?`;
const PLACE_WORDS = new RegExp(
  `^(?:${PLACE_WORD})(?:[ -](?:${PLACE_WORD}|de|del|la|le|am|an|upon|on))*${QUALIFIER}`,
  'u',
);
/**
 * A town or region written in lower case ("mohács, hungary 24743") or a state written as a word
 * that is not a place name: taken only when it is a known place or a postcode follows it.
 */
const LOWER_WORDS = /^\p{Ll}[\p{L}\p{M}'’-]*(?: \p{Ll}[\p{L}\p{M}'’-]*){0,2}(?![\p{L}\p{M}\p{N}])/u;
const STATE_CODE = /^[A-Z]{2}(?![\p{L}\p{N}])/u;
/** The least score of an address with a unit, a known place and a postcode (detectAddresses). */
const COMPLETE_SCORE = 0.95;

const CONTEXT = [
  'address',
  'adresse',
  'anschrift',
  'adres',
  'dirección',
  'direccion',
  'indirizzo',
  'endereço',
  'lives at',
  'live at',
  'lived in',
  'live in',
  'living at',
  'located at',
  'meet me at',
  'meet at',
  'send',
  'ship',
  'deliver',
  'mail',
  'billing',
  'mailing',
  'office is at',
  'offices are',
  'moved to',
  'stop at',
  'arrived at',
  'is at',
] as const;

interface Tail {
  readonly end: number;
  /** The tail holds something only addresses have: a unit, a postcode or a known place. */
  readonly telling: boolean;
  /** Kinds of telling piece (unit, postcode, known place or state code) up to `end`. */
  readonly kinds: number;
  /** Where the address could have ended before `end`, each with `telling` up to there. */
  readonly stops: readonly { readonly end: number; readonly telling: boolean }[];
}

function isPlace(words: string, g: Gazetteer): boolean {
  const key = words.toLowerCase();
  return g.regions.has(key) || g.cities.has(key);
}

const BLANK_LINE = /^[ \t]*\n[ \t]*\n[ \t>?]*/u;

/**
 * "Suwałki\n\n Poland 11248": a block with one blank line before its last line, when that line
 * is a known place and a postcode; its length (blank line included), or undefined. Left out, the
 * postcode stayed in the text beside a redacted address.
 */
function lastLine(rest: string, g: Gazetteer): number | undefined {
  const blank = BLANK_LINE.exec(rest);
  if (blank === null) return undefined;
  const line = rest.slice(blank[0].length);
  const place = PLACE_WORDS.exec(line);
  if (place === null || !isPlace(place[0].replace(/ \(.*$/u, ''), g)) return undefined;
  const gap = /^[ \t]+/u.exec(line.slice(place[0].length))?.[0] ?? '';
  if (gap === '') return undefined;
  const code = POSTCODE.exec(line.slice(place[0].length + gap.length));
  return code === null
    ? undefined
    : blank[0].length + place[0].length + gap.length + code[0].length;
}

/** Grows an address over a unit, town, state, country and postcode (a few pieces at most). */
function tail(text: string, from: number, g: Gazetteer, context: boolean): Tail {
  let end = from;
  let telling = false;
  // words that say nothing by themselves ("New York A") only count before a telling piece,
  // so a plain address never reaches over a stronger entity beside it
  let tellingEnd = from;
  const kinds = new Set<string>();
  let kindsAtEnd = 0;
  const stops: { end: number; telling: boolean }[] = [];
  const stop = () => {
    if (tellingEnd > from && stops.at(-1)?.end !== tellingEnd)
      stops.push({ end: tellingEnd, telling });
  };
  // "Wesselényi u. 94.\n Suite 741": a house number written with a dot (Hungarian, Czech…)
  // goes on to the next line or a unit; a full stop before anything else ends the address
  if (/\d$/.test(text.slice(Math.max(0, from - 1), from))) {
    const dot = /^\.(?=[ \t]*\n|[ \t]+(?:apt|apartment|suite|ste|unit|flat)\b)/iu.exec(
      text.slice(from, from + 20),
    );
    if (dot) end += 1;
  }
  for (let step = 0; step < 8; step++) {
    const rest = text.slice(end, end + 120);
    const sep = SEPARATOR.exec(rest)?.[0] ?? '';
    const after = rest.slice(sep.length);
    const unit = UNIT.exec(after);
    if (unit) {
      end += sep.length + unit[0].length;
      telling = true;
      tellingEnd = end;
      kinds.add('unit');
      kindsAtEnd = kinds.size;
      stop();
      continue;
    }
    const last = telling ? lastLine(rest, g) : undefined;
    if (last !== undefined) {
      end += last;
      tellingEnd = end;
      kinds.add('place').add('postcode');
      kindsAtEnd = kinds.size;
      stop();
      continue;
    }
    if (sep === '') break;
    const code = POSTCODE.exec(after);
    if (code) {
      end += sep.length + code[0].length;
      telling = true;
      tellingEnd = end;
      kinds.add('postcode');
      kindsAtEnd = kinds.size;
      stop();
      continue;
    }
    const state = STATE_CODE.exec(after);
    let place = PLACE_WORDS.exec(after);
    if (!place && !/^[ \t]+$/.test(sep)) {
      // lower case on its own line or after a comma: a known place, or what a postcode follows
      const lower = LOWER_WORDS.exec(after);
      const next = lower && after.slice(lower[0].length);
      const beforeCode =
        next !== null && POSTCODE.test(next.slice(SEPARATOR.exec(next)?.[0].length ?? 0));
      if (lower && (isPlace(lower[0], g) || (beforeCode && /^[ \t,\n]/.test(next)))) place = lower;
    }
    const known = place !== null && isPlace(place[0].replace(/ \(.*$/u, ''), g);
    // after a plain space, words continue the address only once it is clearly one
    const spaceOnly = !/[,\n]/.test(sep);
    const word = state && (!place || state[0].length >= place[0].length) ? state : place;
    if (!word || (spaceOnly && !known && !state && !telling)) break;
    // a label ends the block: "Mobile: 0490 39 07 81" (Mobile is also a town)
    if (after.charAt(word[0].length) === ':') break;
    end += sep.length + word[0].length;
    // after a unit or postcode, or (on its own line or after a comma) in a block the context
    // calls an address, a town belongs to the address
    if (known || state) kinds.add('place');
    if (known || state || telling || (!spaceOnly && context)) {
      tellingEnd = end;
      kindsAtEnd = kinds.size;
    }
    if (known || state) telling = true;
    stop();
  }
  return {
    end: tellingEnd,
    telling,
    kinds: kindsAtEnd,
    stops: stops.filter((s) => s.end < tellingEnd),
  };
}

const blockLines = (text: string, start: number, end: number) =>
  text.slice(start, end).split('\n').length;

/** A final dot belongs to an abbreviation ("St."), not after a number or a whole word. */
function coreLength(core: string): number {
  if (!core.endsWith('.')) return core.length;
  const last = /[\p{L}\p{N}]+\.$/u.exec(core)?.[0] ?? '';
  return /^\p{L}{1,4}\.$/u.test(last) ? core.length : core.length - 1;
}

function hasContext(text: string, start: number): boolean {
  // our own placeholders ("[ADDRESS_1]") are not context: they end the window
  const window = afterLastPlaceholder(text.slice(Math.max(0, start - 60), start));
  const before = ` ${window.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `;
  return CONTEXT.some((c) => before.includes(` ${c} `));
}

export function detectAddresses(text: string, g: Gazetteer): Detection[] {
  const found: Detection[] = [];
  const cores: { start: number; end: number; base: number; name: string }[] = [];
  const shortEnds = new Map<number, number>();
  for (const m of text.matchAll(US_CORE_SHORT)) shortEnds.set(m.index, m.index + m[0].length);
  for (const m of text.matchAll(US_CORE)) {
    // "22 Pollen Crescent street in Fitzroy": a lower-case street word after the street's own
    // suffix is the sentence's word for it, not part of the name (US_CORE_SHORT has the name)
    const short = shortEnds.get(m.index);
    if (short !== undefined && short < m.index + m[0].length && LOWER_LAST_WORD.test(m[0]))
      continue;
    cores.push({
      start: m.index,
      end: m.index + coreLength(m[0]),
      base: 0.6,
      name: 'street-suffix',
    });
  }
  for (const m of text.matchAll(US_CORE_SHORT)) {
    const end = m.index + coreLength(m[0]);
    if (!cores.some((c) => c.start === m.index && c.end === end))
      cores.push({ start: m.index, end, base: 0.6, name: 'street-suffix' });
  }
  for (const m of text.matchAll(EU_CORE))
    cores.push({
      start: m.index,
      end: m.index + coreLength(m[0].trimEnd()),
      base: 0.35,
      name: 'street-number',
    });
  for (const m of text.matchAll(PO_BOX))
    cores.push({ start: m.index, end: m.index + m[0].length, base: 0.6, name: 'po-box' });
  for (const m of text.matchAll(NAME_FIRST_CORE))
    cores.push({
      start: m.index,
      end: m.index + m[0].length,
      // a capitalized street word is as telling as "221 Baker Street"; one in lower case, or
      // ending in "-tie" / "-gata" ("Sweetie 2", "Agata 3"), needs more
      base: /\p{Lu}/u.test(m[0]) && !/(?:tie|gata) \d/iu.test(m[0]) ? 0.6 : 0.35,
      name: 'street-first',
    });
  for (const m of text.matchAll(PREFIX_FIRST_CORE))
    cores.push({
      start: m.index,
      end: m.index + m[0].length,
      base: /^\p{Lu}/u.test(m[0]) && !WEAK_PREFIX.test(m[0]) ? 0.6 : 0.35,
      name: 'street-word-first',
    });
  for (const m of text.matchAll(MILITARY))
    cores.push({ start: m.index, end: m.index + m[0].length, base: 0.85, name: 'military' });
  // Each street core alone, beside the addresses grown and merged past it: when a grown span
  // loses an overlap ("221B Baker Street Dr. Smith" against PERSON "Smith"), its core is still
  // redacted, instead of surfacing only on a second pass (redaction must be idempotent). Where
  // nothing competes, the longer address wins the overlap and the cores go.
  const fallbacks: Detection[] = [];
  for (const core of cores) {
    const context = hasContext(text, core.start);
    const t = tail(text, core.end, g, context);
    fallbacks.push({
      entity: 'ADDRESS',
      start: core.start,
      end: core.end,
      score: Math.round(Math.min(1, core.base + (context ? 0.3 : 0)) * 100) / 100,
      note: [`ADDRESS ${core.name}`, ...(context ? ['context word nearby'] : [])].join('; '),
    });
    // and the address cut where it could have ended: when the whole loses an overlap to a place
    // on its last line, a second pass (the place now a placeholder) reads exactly this prefix
    for (const s of t.stops)
      fallbacks.push({
        entity: 'ADDRESS',
        start: core.start,
        end: s.end,
        score:
          Math.round(Math.min(1, core.base + (s.telling ? 0.25 : 0) + (context ? 0.3 : 0)) * 100) /
          100,
        note: [
          `ADDRESS ${core.name}`,
          ...(s.telling ? ['unit, postcode or known place'] : []),
          ...(context ? ['context word nearby'] : []),
        ].join('; '),
      });
    // a unit, a known place and a postcode together (or two of them on a block of three lines or
    // more: "5850 Jana Nerudy 894\nΑΓΛΑΝΤΖΙΑ\n, NI\n Cyprus 78891", whose street reads as a
    // person): only an address has all three, and a
    // country on its last line must not take the span from it, which would leave the postcode
    // after the country unredacted ("… Almussafes\n Spain 97197")
    const score = Math.max(
      core.base + (t.telling ? 0.25 : 0) + (context ? 0.3 : 0),
      t.kinds >= 3 || (t.kinds >= 2 && blockLines(text, core.start, t.end) >= 3)
        ? COMPLETE_SCORE
        : 0,
    );
    const note = [
      `ADDRESS ${core.name}`,
      ...(t.telling ? ['unit, postcode or known place'] : []),
      ...(context ? ['context word nearby'] : []),
    ];
    found.push({
      entity: 'ADDRESS',
      start: core.start,
      end: t.end,
      score: Math.round(Math.min(1, score) * 100) / 100,
      note: note.join('; '),
    });
  }
  const merged = mergeOverlapping(found);
  const whole = (f: Detection) => merged.some((m) => m.start === f.start && m.end === f.end);
  return [...merged, ...fallbacks.filter((f) => !whole(f))];
}

/**
 * Overlapping candidates that both reach the report threshold are one address ("P.O. Box 211"
 * and "211 Medvedev Islands"); a weaker candidate never stretches a stronger one.
 */
function mergeOverlapping(found: readonly Detection[]): Detection[] {
  const kept: Detection[] = [];
  for (const d of [...found].sort((a, b) => b.score - a.score)) {
    const at = kept.findIndex((k) => d.start < k.end && k.start < d.end);
    const other = kept[at];
    if (other === undefined) kept.push(d);
    else if (d.score >= 0.5)
      kept[at] = {
        ...other,
        start: Math.min(other.start, d.start),
        end: Math.max(other.end, d.end),
      };
  }
  return kept.sort((a, b) => a.start - b.start);
}
