/**
 * Cheap literal gates in front of costly rule patterns. A pattern that can only match where
 * the text holds one of a few words ("forget|ignore|disregard ...") is not run over texts
 * without any of them: one `includes` over the lowercased text costs far less than the regex
 * engine trying the pattern at every offset of a 1 KB support message. A gate must be a
 * necessary condition of a match, so it never changes what a rule finds
 * (heuristics-gates.test.ts runs every rule with and without gates over attacks and everyday
 * texts). Words are lowercase ASCII: an `i` pattern (without `u`) matches an ASCII letter only
 * with an ASCII letter of either case, which toLowerCase maps to the word's own letters.
 */

/** Every group must have one of its words in the lowercased text. */
export type Gate = readonly (readonly string[])[];

const GATES = new WeakMap<RegExp, Gate>();
// Printable ASCII without capitals: toLowerCase leaves it as it is.
const ASCII_LOWER = /^[\x20-\x40\x5b-\x7e]+$/;

/** `pattern`, remembered as matching only where each group has a word in the text. */
export function gated(groups: Gate, pattern: RegExp): RegExp {
  for (const word of groups.flat())
    if (!ASCII_LOWER.test(word)) throw new Error(`gate word must be lowercase ASCII: ${word}`);
  // Under `u` or `v`, `i` folds some non-ASCII letters to ASCII ones (K, ſ): no gate there.
  if (pattern.unicode || pattern.flags.includes('v'))
    throw new Error('no gate on a unicode pattern');
  GATES.set(pattern, groups);
  return pattern;
}

export function gateOf(pattern: RegExp): Gate | undefined {
  return GATES.get(pattern);
}

export function passes(gate: Gate, lowered: string): boolean {
  return gate.every((group) => group.some((word) => lowered.includes(word)));
}
