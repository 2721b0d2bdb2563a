/**
 * For `npm run eval:names -- --address-parts` (issue 17): what the scores would be if an address
 * block were reported as its parts instead of one span, the street line as ADDRESS, each town,
 * state or country line as LOCATION and a unit or postcode as ADDRESS of its own, as
 * presidio_synth's fragment-labelled rows have it. `fragments` also splits a leading building
 * number off the street ("28030 Edeby 55" → "28030" | "Edeby 55"), which those rows do too.
 * A measurement only: the scanner reports the address whole (house number through postcode).
 */
export interface Finding {
  readonly kind: string;
  readonly score: number;
  readonly span?: { readonly start: number; readonly end: number };
}

const UNIT =
  /^(?:apt|apartment|suite|ste|unit|flat|floor|fl|room|rm|#)\.?[ \t]?[\p{L}\p{N}-]{1,6}$/iu;
const CODE = '\\d{4,6}(?:-\\d{4})?|[A-Z]\\d[A-Z] ?\\d[A-Z]\\d|[A-Z]{1,2}\\d[A-Z\\d]? ?\\d[A-Z]{2}';
const POSTCODE = new RegExp(`^(?:${CODE})$`, 'u');
const PLACE_AND_CODE = new RegExp(`^(.*?)[ \\t]+(${CODE})$`, 'u');

function parts(text: string, start: number, end: number, fragments: boolean): Finding[] {
  const out: Finding[] = [];
  const add = (kind: string, s: number, e: number) =>
    out.push({ kind, score: 1, span: { start: s, end: e } });
  for (const m of text.slice(start, end).matchAll(/[^\n,]+/gu)) {
    const lead = /^[ \t>?]*/u.exec(m[0])?.[0].length ?? 0;
    const piece = m[0].slice(lead).trimEnd();
    if (piece === '') continue;
    const s = start + m.index + lead;
    const e = s + piece.length;
    if (out.length === 0) {
      const building = fragments ? /^(\d{3,6}) (?=\S)/u.exec(piece) : null;
      if (building) {
        add('ADDRESS', s, s + building[1]!.length);
        add('ADDRESS', s + building[0].length, e);
      } else add('ADDRESS', s, e);
      continue;
    }
    if (UNIT.test(piece) || POSTCODE.test(piece)) {
      add('ADDRESS', s, e);
      continue;
    }
    const both = PLACE_AND_CODE.exec(piece);
    if (both) {
      add('LOCATION', s, s + both[1]!.length);
      add('ADDRESS', e - both[2]!.length, e);
    } else add('LOCATION', s, e);
  }
  return out;
}

/** The findings with every ADDRESS replaced by its parts. */
export function addressParts(
  text: string,
  found: readonly Finding[],
  fragments: boolean,
): Finding[] {
  return found.flatMap((f) =>
    f.kind === 'ADDRESS' && f.span ? parts(text, f.span.start, f.span.end, fragments) : [f],
  );
}
