/**
 * The normalization every content scanner reads through: what a keyword or a classifier should
 * see, whatever the attacker typed. Per code point: invisible characters dropped, NFKC
 * (fullwidth, mathematical, circled letters → plain), stacked diacritics ("zalgo") dropped,
 * and look-alike letters from other scripts folded to Latin — inside a word that is already
 * partly Latin, or made only of look-alikes, so genuine Russian or Greek words stay as they are.
 * Each unit of the result maps back to the original offset it came from (see fold.ts), so a
 * span found in the normalized text redacts the right original characters.
 */
import { confusableOf } from './confusables.js';
import type { FoldedText } from './fold.js';
import { codePoints, invisibleKinds, type CodePoint } from './invisible.js';

export type NormalizedText = FoldedText;

// Combining Diacritical Marks (+ Extended, Supplement, for Symbols, Half Marks): the blocks
// "zalgo" text stacks. Script-specific marks (Indic vowel signs, Hebrew points) are not here.
// eslint-disable-next-line no-misleading-character-class -- ranges of lone combining marks, on purpose
const STACKED_MARK = /[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]/gu;
const WORD_CHAR = /[\p{L}\p{M}\p{N}]/u;
const LATIN_LETTER = /[A-Za-z]/;
const LETTER = /\p{L}/u;

/** NFKC of one code point, with stacked diacritics removed (é → e, 𝐚 → a, ﬁ → fi). */
function compatibilityForm(ch: string): string {
  if (ch.charCodeAt(0) < 0x80) return ch;
  return ch.normalize('NFKD').replace(STACKED_MARK, '').normalize('NFC');
}

/**
 * Whether look-alikes in this word should be folded: it is partly Latin, or, in a mostly Latin
 * text, made only of look-alikes ("рор" spelled in Cyrillic). A Russian "как" stays Russian.
 */
function foldsConfusables(forms: readonly string[], latinText: boolean): boolean {
  const letters = forms.join('');
  if (LATIN_LETTER.test(letters)) return true;
  if (!latinText) return false;
  const chars = Array.from(letters).filter((c) => LETTER.test(c));
  return chars.length > 0 && chars.every((c) => confusableOf(c) !== undefined);
}

/** More basic Latin letters than other letters. */
function mostlyLatin(forms: readonly string[]): boolean {
  let latin = 0;
  let other = 0;
  for (const form of forms) {
    if (LATIN_LETTER.test(form)) latin++;
    else if (LETTER.test(form)) other++;
  }
  return latin > other;
}

/** Applies confusable folding word by word; invisible characters (empty forms) join words. */
function foldWords(points: readonly CodePoint[], forms: string[]): void {
  const latinText = mostlyLatin(forms);
  let start = 0;
  const flush = (end: number) => {
    const word = forms.slice(start, end);
    if (word.some((f) => f.length > 0) && foldsConfusables(word, latinText)) {
      for (let i = start; i < end; i++)
        forms[i] = Array.from(forms[i] ?? '')
          .map((c) => confusableOf(c) ?? c)
          .join('');
    }
  };
  points.forEach((p, i) => {
    const form = forms[i] ?? '';
    if (form === '' || WORD_CHAR.test(form)) return;
    flush(i);
    start = i + 1;
  });
  flush(points.length);
}

// eslint-disable-next-line no-control-regex -- every ASCII unit, controls included, is in the range
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * ASCII text is its own normal form: no ASCII character is invisible, NFKC leaves it as it is,
 * and the confusables table folds only non-ASCII letters. So an all-ASCII text (most traffic)
 * skips the per-code-point pass (about 0.2 ms per 1 KB, `npm run bench:scan-cpu`) and maps
 * every unit to itself; normalize.test.ts checks both paths agree on every ASCII character.
 */
export function normalizeText(original: string): NormalizedText {
  if (NON_ASCII.test(original)) return normalizeCodePoints(original);
  const origin = new Array<number>(original.length);
  for (let i = 0; i < original.length; i++) origin[i] = i;
  return { text: original, origin, originalLength: original.length };
}

/** The full pass, code point by code point (exported for the fast path's test). */
export function normalizeCodePoints(original: string): NormalizedText {
  const points = codePoints(original);
  const kinds = invisibleKinds(points);
  const forms = points.map((p, i) => (kinds[i] ? '' : compatibilityForm(p.ch)));
  foldWords(points, forms);
  let text = '';
  const origin: number[] = [];
  points.forEach((p, i) => {
    const form = forms[i] ?? '';
    for (let u = 0; u < form.length; u++) origin.push(p.at);
    text += form;
  });
  return { text, origin, originalLength: original.length };
}
