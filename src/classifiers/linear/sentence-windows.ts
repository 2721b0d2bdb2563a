/**
 * Where a linear model looks: every sentence (a longer one is cut at `maxChars`), plus the whole
 * text when it fits in one window of `maxChars`. A linear model scores the L2-normalized bag of
 * a window, so one abusive sentence after a paragraph of friendly text would be diluted in a
 * single bag; sentences scored separately, maximum kept, mean benign padding cannot hide it.
 * Measured on dev (toxicity-v2, scanner score): openai_moderation AUPRC 0.705 with sentences,
 * 0.672 with runs of sentences up to 200 characters, 0.664 with the whole text as one bag.
 * The sentences together cost about one more pass over the text.
 */

const SENTENCE_END = /[.!?…。！？\n]+["')\]]*\s+|\n+/gu;

export interface TextWindow {
  readonly start: number;
  readonly end: number;
}

/** Sentence spans of `text`, each cut into pieces of at most `maxChars` on whitespace. */
export function sentenceSpans(text: string, maxChars: number): TextWindow[] {
  const spans: TextWindow[] = [];
  let start = 0;
  const push = (from: number, to: number) => {
    let s = from;
    while (to - s > maxChars) {
      const cut = text.lastIndexOf(' ', s + maxChars);
      const end = cut > s + maxChars / 2 ? cut : s + maxChars;
      spans.push({ start: s, end });
      s = end;
    }
    if (text.slice(s, to).trim() !== '') spans.push({ start: s, end: to });
  };
  for (const m of text.matchAll(SENTENCE_END)) {
    const end = m.index + m[0].length;
    push(start, end);
    start = end;
  }
  push(start, text.length);
  return spans;
}

export function textWindows(text: string, maxChars: number): TextWindow[] {
  const sentences = sentenceSpans(text, maxChars);
  if (sentences.length <= 1) return sentences.length === 0 ? [{ start: 0, end: 0 }] : sentences;
  return text.length <= maxChars ? [{ start: 0, end: text.length }, ...sentences] : sentences;
}
