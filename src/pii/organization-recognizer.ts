/**
 * ORGANIZATION, where a name says it is one: capitalized words ending in a legal form or a
 * company word ("Microbilt Corporation", "Usaa Group", "Hdscores Inc", "Nera Economic
 * Consulting"), with a leading "The". Company names without such a word ("Transunion") need the
 * lists or a model we do not have, so they are missed.
 */
import type { Token } from './name-tokens.js';
import type { Detection } from './types.js';

const SUFFIXES: ReadonlySet<string> = new Set(
  `inc incorporated corp corporation llc ltd limited plc gmbh group consulting holdings partners
  associates technologies solutions investments insights movers agency airlines labs`.split(/\s+/u),
);
const MAX_WORDS = 5;

export function detectOrganizations(text: string, tokens: readonly Token[]): Detection[] {
  const found: Detection[] = [];
  for (let i = 1; i < tokens.length; i++) {
    const suffix = tokens[i];
    if (suffix?.cap !== true || !suffix.joined || !SUFFIXES.has(suffix.lower)) continue;
    let first = i;
    while (first > 0 && i - first < MAX_WORDS - 1) {
      const prev = tokens[first - 1];
      const cur = tokens[first];
      if (prev?.cap !== true || prev.barrier === true || cur?.joined !== true) break;
      first--;
    }
    if (first === i) continue; // "Group" alone is a word
    // a sentence's first word is capitalized anyway: keep it only when it is "The"
    const head = tokens[first];
    if (head?.sentenceStart === true && head.lower !== 'the' && first < i - 1) first++;
    const start = tokens[first]?.start ?? suffix.start;
    // "Inc." and "Corp." keep their dot
    const end =
      /^(?:inc|corp|ltd|co)$/.test(suffix.lower) && text[suffix.end] === '.'
        ? suffix.end + 1
        : suffix.end;
    found.push({
      entity: 'ORGANIZATION',
      start,
      end,
      score: 0.6,
      note: 'ORGANIZATION capitalized words with a company word',
    });
  }
  return found;
}
