/**
 * Leetspeak folding for keyword matching and classification: "1gn0r3 4ll" → "ignore all".
 * One unit in, one unit out, so offsets are unchanged. Only inside words that contain a
 * letter: numbers ("2024", "3 cats") and punctuation at a word's edge ("hello!") stay.
 */

const LEET: Readonly<Record<string, string>> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '9': 'g',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'l',
  '+': 't',
};

// A word: letters, digits and the leet symbols, where symbols count only before a word
// character ("h@ck", "$ecret" yes, "hi!" no). Digits may start or end a word ("4ll", "d0").
const WORD = /(?:[@$](?=\p{L}))?[\p{L}\p{N}](?:[\p{L}\p{N}]|[@$!|+](?=[\p{L}\p{N}]))*/gu;
const HAS_LETTER = /\p{L}/u;

/**
 * A maximal run of the characters WORD is made of, holding at least one leet character. A word
 * never crosses a character outside the run's class, and at a run's end WORD's look-aheads see
 * such a character (or the end) either way, so folding run by run is folding the whole text;
 * runs without a leet character (most of a text) are left as they are without a callback each.
 */
const RUN_WITH_LEET = /(?<![\p{L}\p{N}@$!|+])[\p{L}\p{N}@$!|+]*[0-9@$!|+][\p{L}\p{N}@$!|+]*/gu;

const foldWord = (word: string) =>
  HAS_LETTER.test(word) ? word.replace(/[0-9@$!|+]/g, (c) => LEET[c] ?? c) : word;

export function foldLeet(text: string): string {
  return text.replace(RUN_WITH_LEET, (run) => run.replace(WORD, foldWord));
}
