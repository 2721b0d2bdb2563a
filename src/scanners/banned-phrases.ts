/**
 * Detects a policy's banned phrases as whole words, ignoring case, accents and runs of
 * whitespace. Pattern-based; no model. False positives: quoted or negated mentions
 * ("never say 'ignore previous instructions'") match too — a phrase list cannot read intent.
 */
import { z } from 'zod';
import { defineScanner } from '../contract/define-scanner.js';
import type { Finding } from '../contract/types.js';
import { CASE_FOLDED, escapeRegExp, foldText, toOriginalSpan } from '../text/fold.js';

const Params = z
  .object({
    phrases: z
      .array(z.string().trim().min(1))
      .min(1)
      .max(5000)
      .describe('Phrases to detect, matched as whole words, case- and accent-insensitively.'),
  })
  .strict();

function phrasePattern(phrases: readonly string[]): RegExp {
  const alternatives = phrases
    .map((phrase) => foldText(phrase).text)
    .sort((a, b) => b.length - a.length) // longest first, so a longer phrase wins over its prefix
    .map((phrase) => phrase.split(/\s+/u).map(escapeRegExp).join('\\s+'));
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'gu');
}

export const bannedPhrases = defineScanner({
  id: 'banned-phrases',
  version: '1',
  stages: ['input', 'output'],
  localizes: true,
  offloadable: true,
  params: Params,
  description: 'Whole-word, case- and accent-insensitive phrase list.',
  create({ phrases }) {
    const pattern = phrasePattern(phrases);
    return async ({ views, signal }) => {
      signal.throwIfAborted();
      const folded = views.memo(CASE_FOLDED, foldText);
      const findings: Finding[] = [];
      for (const match of folded.text.matchAll(pattern)) {
        const span = toOriginalSpan(folded, match.index, match.index + match[0].length);
        findings.push({ kind: 'banned-phrase', score: 1, span });
      }
      return { score: findings.length > 0 ? 1 : 0, findings };
    };
  },
});
