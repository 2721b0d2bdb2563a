/**
 * The policy's `unsupported_language` (issue 6): a scanner that declares the languages it was
 * trained for (`Scanner.languages`) still runs on other text and its score counts, but its
 * silence there approves little, so the rule also contributes the policy's action (flag or
 * block) and records the detected language. The language comes from the text's views, the
 * same franc-min guess the `language` scanner reads: computed once per text and stage, only for
 * a text such a rule scanned, and kept in the scan cache for the chat's next turns.
 */
import { strongest } from '../contract/decide.js';
import type { LanguageGuess, TextViews } from '../contract/text-views.js';
import type { Rule, UnsupportedLanguage } from '../policy/types.js';
import type { ScanCache } from './scan-cache.js';
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

/** A text's language guess by its index in the stage (undefined: no such text). */
export type LanguageOf = (index: number) => LanguageGuess | undefined;

/**
 * Each text's language guess, computed when a rule that declares languages first asks for it
 * (a text only redact rules read, like `stop`, is never ranked) and served by the scan cache
 * when the text was seen before (a chat resends its history on every turn).
 */
export function languagesOf(
  texts: readonly { readonly index: number; readonly views: TextViews }[],
  cache: ScanCache,
): LanguageOf {
  const byIndex = new Map(texts.map((t) => [t.index, t.views]));
  // Asked once per languages-declaring rule per text: looked up in the cache once per text.
  const asked = new Map<number, LanguageGuess | undefined>();
  return (index) => {
    if (asked.has(index)) return asked.get(index);
    const views = byIndex.get(index);
    const guess = views && cache.language(views, GATE_MIN_CHARS);
    asked.set(index, guess);
    return guess;
  };
}

/**
 * `languagesOf`, with every text a languages-declaring rule may scan already ranked: started
 * when the stage starts, off the request thread while the rules scan (the cache's ranker, the
 * scan pool), and awaited once they are done. Without a ranker, `languagesOf` as it is (ranked
 * lazily in process, only for texts a rule did scan). A rule gated by `when` may end up not
 * scanning a text ranked here: the gate only reads texts a rule scanned, so the answer is the
 * same, at the cost of one spare ranking.
 */
export async function rankedLanguagesOf(
  texts: readonly {
    readonly index: number;
    readonly views: TextViews;
    readonly redactOnly?: true;
  }[],
  rules: readonly Rule[],
  cache: ScanCache,
  signal: AbortSignal,
): Promise<LanguageOf> {
  if (!cache.ranksElsewhere) return languagesOf(texts, cache);
  const declaring = rules.filter((r) => r.languages);
  const ranked = new Map<number, LanguageGuess>();
  await Promise.all(
    texts
      // runStage skips a redact-only text for every rule but a redact rule.
      .filter((t) => declaring.some((r) => !t.redactOnly || r.action === 'redact'))
      .map(async (t) => {
        ranked.set(t.index, await cache.rankedLanguage(t.views, GATE_MIN_CHARS, signal));
      }),
  );
  const lazily = languagesOf(texts, cache);
  return (index) => ranked.get(index) ?? lazily(index);
}

/** The detected language of the first text the rule scanned that is clearly not a declared one. */
export function unsupportedLanguageOf(
  rule: Rule,
  scanned: readonly number[],
  languageOf: LanguageOf,
): string | undefined {
  const declared = rule.languages;
  if (!declared) return undefined;
  for (const index of scanned) {
    const guess = languageOf(index);
    if (guess !== undefined && foreignness(guess, declared) >= GATE_MARGIN) return guess.language;
  }
  return undefined;
}

/** The rule's result with the policy's action added (never weakened) and the language recorded. */
export function gateLanguage(
  result: RuleResult,
  scanned: readonly number[],
  languageOf: LanguageOf,
  setting: UnsupportedLanguage,
): RuleResult {
  const language = unsupportedLanguageOf(result.rule, scanned, languageOf);
  if (language === undefined) return result;
  return {
    ...result,
    fired: result.fired || setting !== 'allow',
    action: strongest([result.action, setting]),
    unsupportedLanguage: language,
  };
}
