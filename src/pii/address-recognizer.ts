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
import {
  coreLength,
  EU_CORE,
  LOWER_LAST_WORD,
  MILITARY,
  NAME_FIRST_CORE,
  NAME_FIRST_HINT,
  PO_BOX,
  PREFIX_FIRST_CORE,
  PREFIX_FIRST_HINT,
  US_CORE,
  US_CORE_SHORT,
  WEAK_PREFIX,
} from './address-layouts.js';
import { tail } from './address-tail.js';
import type { Gazetteer } from './gazetteer.js';
import type { Detection } from './types.js';

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

const blockLines = (text: string, start: number, end: number) =>
  text.slice(start, end).split('\n').length;

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
  for (const m of NAME_FIRST_HINT.test(text) ? text.matchAll(NAME_FIRST_CORE) : [])
    cores.push({
      start: m.index,
      end: m.index + m[0].length,
      // a capitalized street word is as telling as "221 Baker Street"; one in lower case, or
      // ending in "-tie" / "-gata" ("Sweetie 2", "Agata 3"), needs more
      base: /\p{Lu}/u.test(m[0]) && !/(?:tie|gata) \d/iu.test(m[0]) ? 0.6 : 0.35,
      name: 'street-first',
    });
  for (const m of PREFIX_FIRST_HINT.test(text) ? text.matchAll(PREFIX_FIRST_CORE) : [])
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
