/**
 * Texts written so that a reader must undo a trick to read them: letters spaced apart
 * ("i g n o r e  a l l"), the whole text backwards, or ROT13. Each transform is applied only
 * when its result reads more like language than the text does (a share of very common words),
 * so ordinary text gets no extra view and costs nothing more to scan. Measured on dev with
 * `npm run eval:evasion` and `npm run eval:dev` (docs/evasion.md).
 */
import type { Transform } from '../contract/text-views.js';

// The most frequent words of English, then German, French and Spanish (the languages the
// injection model reads): a text in one of them has many, gibberish almost none.
const COMMON = new Set(
  `the be to of and a in that have i it for not on with he as you do at this but his by from
  they we say her she or an will my one all would there their what so up out if about who get
  which go me when make can like time no just him know take people into year your good some
  could them see other than then now look only come its over think also back after use two how
  our work first well way even new want because any these give day most us is are was were
  been has had did does am tell write show ignore instructions previous prompt system why
  please
  der die das und ist nicht ich du sie es ein eine zu mit auf für von den dem alle alles was
  wie sind bitte schreibe vergiss
  le la les et est je tu vous une des pas pour que qui dans ce il elle au avec sur
  el los las y yo que de en un una no por para con se lo como dices digo`.split(/\s+/),
);

/** Share of the text's words (letters only, lower case) that are very common words. */
function englishness(text: string): number {
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  if (words.length === 0) return 0;
  return words.filter((w) => COMMON.has(w)).length / words.length;
}

// A spaced word: at least four single characters one space apart; once a text is known to
// be spaced, shorter runs ("a l l", "t o") are its words too.
const SPACED_RUN = /(?<!\S)(?:\S ){3,}\S(?!\S)/gu;
const SHORT_RUN = /(?<!\S)(?:\S ){1,}\S(?!\S)/gu;

/** "i g n o r e  a l l" → "ignore all": runs of spaced single characters joined up. */
export function despaced(text: string): string | undefined {
  let joined = 0;
  for (const m of text.matchAll(SPACED_RUN)) joined += m[0].length;
  // A stray "a b c d" in a list is not worth a view; a spaced sentence is.
  if (joined < 12) return undefined;
  return text.replace(SHORT_RUN, (run) => run.replaceAll(' ', '')).replace(/ {2,}/g, ' ');
}

export function reversed(text: string): string {
  return Array.from(text).reverse().join('');
}

export function rot13(text: string): string {
  return text.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });
}

// The transform must read clearly better than the text, and like language in its own right.
const MARGIN = 0.1;
const FLOOR = 0.15;

/** The transforms of `text` that read as language where the text does not. */
export function transformedTexts(text: string): { transform: Transform; text: string }[] {
  const base = englishness(text);
  const out: { transform: Transform; text: string }[] = [];
  const spaced = despaced(text);
  // Spacing is unambiguous on its own: joined letters are always the better reading.
  if (spaced !== undefined) out.push({ transform: 'spaced', text: spaced });
  if (base >= 0.5) return out; // plain language already: nothing else to undo
  for (const [transform, result] of [
    ['reversed', reversed(text)],
    ['rot13', rot13(text)],
  ] as const) {
    const score = englishness(result);
    if (score >= FLOOR && score >= base + MARGIN) out.push({ transform, text: result });
  }
  return out;
}
