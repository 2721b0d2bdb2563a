/**
 * What follows a street core in an address block: a unit, a town, a state or country and a
 * postcode, on the same line or the next lines (address-recognizer.ts scores what it finds).
 */
import type { Gazetteer } from './gazetteer.js';

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

export interface Tail {
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
export function tail(text: string, from: number, g: Gazetteer, context: boolean): Tail {
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
