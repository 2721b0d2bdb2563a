/**
 * The policy's `unsupported_language` (issue 6): a scanner that declares the languages it was
 * trained for (`Scanner.languages`) still runs on other text and its score counts, but its
 * silence there approves little, so the rule also contributes the policy's action (flag or
 * block) and records the detected language. The language comes from the text's views, the
 * same franc-min guess the `language` scanner reads: computed once per text and stage.
 */
import { strongest } from '../contract/decide.js';
import type { LanguageGuess, TextViews } from '../contract/text-views.js';
import type { Rule, UnsupportedLanguage } from '../policy/types.js';
import { foreignness } from '../text/language.js';
import type { RuleResult } from './stage-result.js';

/**
 * Shorter texts are undetermined (`und`) and count as supported: trigram statistics of a few
 * words are noise (a German sentence ranks as French), and a short greeting must not be flagged.
 * The `language` scanner's default `min_chars`.
 */
export const GATE_MIN_CHARS = 40;

/**
 * A text is in another language only when franc ranks every declared one at most 0.75 of the
 * best (the default policy's former `language` rule threshold, 0.25). On the English dev data
 * (2,215 texts over 40 characters, deepset excluded: it holds real German) 12 (0.5 %) stay
 * above it, against 229 (10.3 %) by franc's bare top guess
 * (`node --import tsx scripts/eval-language-gate.ts`).
 */
export const GATE_MARGIN = 0.25;

/** Each text's language guess by index; empty when no rule declares languages (no work). */
export function detectLanguages(
  rules: readonly Rule[],
  texts: readonly { readonly index: number; readonly views: TextViews }[],
): ReadonlyMap<number, LanguageGuess> {
  if (!rules.some((r) => r.languages)) return new Map();
  return new Map(texts.map((t) => [t.index, t.views.language(GATE_MIN_CHARS)]));
}

/** The detected language of the first text the rule scanned that is clearly not a declared one. */
export function unsupportedLanguageOf(
  rule: Rule,
  scanned: readonly number[],
  guesses: ReadonlyMap<number, LanguageGuess>,
): string | undefined {
  const declared = rule.languages;
  if (!declared) return undefined;
  return scanned
    .map((index) => guesses.get(index))
    .find((g) => g !== undefined && foreignness(g, declared) >= GATE_MARGIN)?.language;
}

/** The rule's result with the policy's action added (never weakened) and the language recorded. */
export function gateLanguage(
  result: RuleResult,
  scanned: readonly number[],
  guesses: ReadonlyMap<number, LanguageGuess>,
  setting: UnsupportedLanguage,
): RuleResult {
  const language = unsupportedLanguageOf(result.rule, scanned, guesses);
  if (language === undefined) return result;
  return {
    ...result,
    fired: result.fired || setting !== 'allow',
    action: strongest([result.action, setting]),
    unsupportedLanguage: language,
  };
}
