/**
 * Reports characters a reader cannot see but a model reads: Unicode tag characters (they spell
 * hidden ASCII instructions), bidi overrides and isolates (Trojan Source: the shown order is not
 * the read order), zero-width and other format characters (split keywords past filters).
 * Pattern-based. Emoji sequences (ZWJ, VS16, subdivision flags) are not reported. Known false
 * positives: text pasted from word processors or web pages carries the odd zero-width space or
 * soft hyphen (scored low unless many sit inside words); bidi marks in Arabic or Hebrew text
 * are legitimate (scored 0.1).
 */
import { z } from 'zod';
import { defineScanner } from '../contract/define-scanner.js';
import type { Finding } from '../contract/types.js';
import { invisibleRuns, type InvisibleKind, type InvisibleRun } from '../text/invisible.js';

const KINDS = ['tag', 'bidi-control', 'zero-width', 'format', 'bidi-mark'] as const;

const Params = z
  .object({
    kinds: z
      .array(z.enum(KINDS))
      .min(1)
      .default([...KINDS])
      .describe('Kinds of invisible character to report.'),
  })
  .strict();

// Several invisible runs inside words are deliberate obfuscation, not a paste accident.
const OBFUSCATION_RUNS = 3;

// Notes name code points rather than words, so they can never echo the customer's text.
const NOTES: Readonly<Record<InvisibleKind, string>> = {
  tag: 'Unicode tag characters (U+E0000 block): hidden from readers, read by models',
  'bidi-control': 'bidi override or isolate (U+202A-202E, U+2066-2069)',
  'zero-width': 'ZW space, joiner or BOM (U+200B-200D, U+FEFF, U+180E)',
  format: 'word joiner, soft hyphen, variant selector or filler',
  'bidi-mark': 'LRM, RLM or ALM (normal in right-to-left scripts)',
};

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function insideWord(text: string, run: InvisibleRun): boolean {
  const before = text.slice(Math.max(0, run.span.start - 2), run.span.start);
  const after = text.slice(run.span.end, run.span.end + 2);
  return LETTER_OR_DIGIT.test(before.slice(-1)) && LETTER_OR_DIGIT.test(after.slice(0, 1));
}

function scoreOf(kind: InvisibleKind, inWord: boolean, obfuscated: boolean): number {
  if (kind === 'tag') return 1;
  if (kind === 'bidi-control') return 0.9;
  if (kind === 'bidi-mark') return 0.1;
  if (obfuscated && inWord) return 0.9;
  return inWord ? 0.5 : 0.2;
}

export const invisibleText = defineScanner({
  id: 'invisible-text',
  version: '1',
  stages: ['input', 'output'],
  localizes: true,
  // Pattern-based, from the text alone: on a worker it reads the views the other rules share.
  offloadable: true,
  params: Params,
  description: 'Tag characters, bidi controls and zero-width characters a reader cannot see.',
  create({ kinds }) {
    const wanted = new Set<InvisibleKind>(kinds);
    return async ({ text, signal }) => {
      signal.throwIfAborted();
      const runs = invisibleRuns(text).filter((r) => wanted.has(r.kind));
      const inWord = runs.map((r) => insideWord(text, r));
      const hidden = runs.filter((r, i) => inWord[i] && r.kind !== 'bidi-mark').length;
      const obfuscated = hidden >= OBFUSCATION_RUNS;
      const findings: Finding[] = runs.map((run, i) => ({
        kind: run.kind,
        score: scoreOf(run.kind, inWord[i] ?? false, obfuscated),
        span: run.span,
        note: `${NOTES[run.kind]} (${run.count})`,
      }));
      return { score: findings.reduce((max, f) => Math.max(max, f.score), 0), findings };
    };
  },
});
