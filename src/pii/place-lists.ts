/**
 * "We visited Rome, Florence and Venice": a word on both a place list and a first-name list
 * reads as a person alone ("Florence called"), but an item of a list whose neighbour is a
 * place is a place too (issue 17). Runs after overlaps are resolved, on the findings of a scan
 * that reports both PERSON and LOCATION, so redaction covers the same text either way; spans
 * never change, only the entity, so redaction stays idempotent.
 */
import type { Gazetteer } from './gazetteer.js';
import type { Detection } from './types.js';

/** What separates two list items: a comma (and an "and" / "or" after it), "and", "or", "&", "/". */
const LIST_GAP =
  /^(?:[ \t]*,[ \t]*(?:(?:and|or|&)[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+|[ \t]*\/[ \t]*)$/iu;
/** One word in capitals or title case ("Florence", "AUSTIN", "Baden-Baden"). */
const ONE_WORD = /^\p{Lu}[\p{L}\p{M}'’-]*$/u;
/** A title before the word keeps the person ("Dr. Florence, Rome and Venice"). */
const TITLE_BEFORE = /(?:^|[^\p{L}])(?:mr|mrs|ms|miss|dr|prof|sir|lady|dame)\.?[ \t]*$/iu;

const listed = (text: string, a: Detection, b: Detection) =>
  a.end <= b.start && LIST_GAP.test(text.slice(a.end, b.start));

/** `found` (sorted by start, disjoint) with one-word listed persons beside a place as places. */
export function placesInLists(
  text: string,
  found: readonly Detection[],
  g: Gazetteer,
): Detection[] {
  const out = [...found];
  // A place turns its neighbour, which may turn the next: "Paris, Austin, Florence and Madrid".
  // Any place counts, one on the first-name lists too ("Rome" is on them, as are most
  // capitals), so a place the scan got wrong spreads ("I met Florence and Jordan in Paris" with
  // Jordan read as the country makes Florence a place as well).
  let changed = true;
  while (changed) {
    changed = false;
    for (let i = 0; i < out.length; i++) {
      const d = out[i] as Detection;
      if (d.entity !== 'PERSON') continue;
      const word = text.slice(d.start, d.end);
      const key = word.toLowerCase();
      if (!ONE_WORD.test(word) || !(g.cities.has(key) || g.regions.has(key))) continue;
      if (TITLE_BEFORE.test(text.slice(Math.max(0, d.start - 8), d.start))) continue;
      const prev = out[i - 1];
      const next = out[i + 1];
      const beside =
        (prev?.entity === 'LOCATION' && listed(text, prev, d)) ||
        (next?.entity === 'LOCATION' && listed(text, d, next));
      if (!beside) continue;
      out[i] = { ...d, entity: 'LOCATION', note: `${d.note}; a place in a list of places` };
      changed = true;
    }
  }
  return out;
}
