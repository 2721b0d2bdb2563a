/**
 * One pass over a text's words for the gazetteer recognizers (PERSON, LOCATION): offsets in
 * UTF-16 code units, capitalization, sentence starts, and whether a word follows the previous
 * one with nothing but a space (names and multi-word places never straddle punctuation).
 */

export interface Token {
  readonly start: number;
  readonly end: number;
  /** Lower case, curly apostrophe straightened: the gazetteer's key. */
  readonly lower: string;
  /** Starts with an upper-case letter (all-caps words too). */
  readonly cap: boolean;
  /** All upper case and longer than an initial: shouting or an acronym. */
  readonly shout: boolean;
  /** First word of the text or of a sentence: its capital letter says nothing. */
  readonly sentenceStart: boolean;
  /** Only blanks (or the dot of an initial or title) since the previous word. */
  readonly joined: boolean;
  /** One of our placeholders (`[PERSON_1]`): not a word, and context never reaches past it. */
  readonly barrier?: true;
}

// A letter, then letters, digits, apostrophes and hyphens: one flat class, no nested quantifiers.
// "∆" (U+2206, the increment sign) stands in for the Greek capital delta in some Cypriot place
// lists ("∆ΟΜΕΤΙΟΣ"): an upper-case letter here, or the word falls apart in two
const WORD = /[\p{L}\p{M}\u2206][\p{L}\p{M}\p{N}_'’\u2206-]*/gu;
const UPPER = /^[\p{Lu}\u2206]/u;
const DIGIT = /\p{N}/u;
const BLANKS = /^[ \t\u00a0]{1,3}$/u;
// a dot inside a number or address (`192.168.1.4`, `v1.2`) ends no sentence
const SENTENCE_END = /[.!?](?:\s|$)|\n/u;
const POSSESSIVE = /['’]s$/u;
const TRAILING = /['’-]+$/u;
const ADDRESS_CHUNK = /[^\s@]+@[^\s@]+\.[^\s@]+|\S+:\/\/\S+/gu;
const PLACEHOLDER_WORD = /^[A-Z][A-Z0-9_]*_\d+$/;
const ABBREVIATIONS: ReadonlySet<string> = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'st', 'mt']);

/** Where e-mail addresses and URLs are: their words are not words of the sentence. */
function addressRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  // The pattern tries every position of every word; it matches no blank, so matching only the
  // runs of non-blanks around an "@" or "://" finds what matching the whole text would.
  let from = 0;
  for (;;) {
    const at = nextMarker(text, from);
    if (at < 0) return ranges;
    let start = at;
    while (start > 0 && !BLANK.test(text[start - 1] ?? ' ')) start--;
    let end = at;
    while (end < text.length && !BLANK.test(text[end] ?? ' ')) end++;
    for (const m of text.slice(start, end).matchAll(ADDRESS_CHUNK))
      ranges.push([start + m.index, start + m.index + m[0].length]);
    from = end;
  }
}
const BLANK = /\s/u;

function nextMarker(text: string, from: number): number {
  const at = text.indexOf('@', from);
  const url = text.indexOf('://', from);
  return at < 0 ? url : url < 0 ? at : Math.min(at, url);
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const ranges = addressRanges(text);
  let r = 0;
  let words = 0;
  let prevEnd = 0;
  let prevAbbrev = false;
  for (const m of text.matchAll(WORD)) {
    const start = m.index;
    while (ranges[r] !== undefined && (ranges[r]?.[1] ?? 0) <= start) r++;
    // "name jane.doe@x.io B": the address's words are not sentence words
    if ((ranges[r]?.[0] ?? Infinity) <= start) continue;
    // our own placeholders (`[PERSON_1]`) are not words but barriers: redacting must not change
    // the words around them (sentence starts, context), or a second pass would find new names
    if (
      text[start - 1] === '[' &&
      PLACEHOLDER_WORD.test(m[0]) &&
      text[start + m[0].length] === ']'
    ) {
      const end = start + m[0].length;
      tokens.push({
        start,
        end,
        lower: '',
        cap: false,
        shout: false,
        sentenceStart: false,
        joined: false,
        barrier: true,
      });
      continue;
    }
    // "Anna's" is Anna; a trailing hyphen or quote is punctuation, not part of the word
    const word = bare(m[0]);
    if (word === '') continue;
    const end = start + word.length;
    const gap = text.slice(prevEnd, start);
    const dotted = prevAbbrev && (gap === '. ' || gap === '.');
    const lower = word.includes('’') ? word.toLowerCase().replaceAll('’', "'") : word.toLowerCase();
    tokens.push({
      start,
      end,
      lower,
      // "GB83", "A4" are codes, never names or places
      cap: UPPER.test(word) && !DIGIT.test(word),
      shout: word.length > 1 && word === word.toUpperCase() && word !== word.toLowerCase(),
      sentenceStart: words === 0 || (!dotted && SENTENCE_END.test(gap)),
      joined: tokens.length > 0 && (BLANKS.test(gap) || dotted),
    });
    prevEnd = end;
    words++;
    prevAbbrev = word.length === 1 || ABBREVIATIONS.has(lower);
  }
  return tokens;
}

/** A word without a possessive "'s" or trailing hyphens and quotes; most words have neither. */
function bare(word: string): string {
  const last = word[word.length - 1];
  if (last !== 's' && last !== 'S' && last !== "'" && last !== '’' && last !== '-') return word;
  return word.replace(POSSESSIVE, '').replace(TRAILING, '');
}

/** The lower-case words just before token `i`, joined by spaces and padded: ` my name is `. */
export function wordsBefore(tokens: readonly Token[], i: number, count: number): string {
  const words: string[] = [];
  for (let k = i - 1; k >= Math.max(0, i - count); k--) {
    const t = tokens[k];
    if (t === undefined || t.barrier === true) break;
    words.unshift(t.lower);
  }
  return ` ${words.join(' ')} `;
}
