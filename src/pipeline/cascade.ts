/**
 * Cascades: a rule with `when` runs after the rule it names, and only on the texts whose score
 * there fell in its band — so a slow scanner (the LLM judge) runs only where a fast one is
 * unsure. Every other rule starts at once, in parallel, as before.
 */
import type { Rule, RuleGate } from '../policy/types.js';

/** The gate's band is inclusive at both ends. */
export function inBand(gate: RuleGate, score: number): boolean {
  return score >= gate.scoreBetween[0] && score <= gate.scoreBetween[1];
}

/**
 * Starts each rule as soon as the rule it depends on has finished, and hands it that rule's
 * outcome. `null` means the dependency cannot be had (unknown id or a cycle: the loader refuses
 * both, so only a hand-built rule list gets here); the caller must fail closed on it.
 */
export function runInDependencyOrder<T>(
  rules: readonly Rule[],
  start: (rule: Rule, dependency: T | null | undefined) => Promise<T>,
): Promise<T[]> {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const started = new Map<string, Promise<T>>();
  const waiting = new Set<string>();
  const launch = (rule: Rule): Promise<T> => {
    const known = started.get(rule.id);
    if (known) return known;
    let promise: Promise<T>;
    const dependency = rule.when ? byId.get(rule.when.rule) : undefined;
    if (!rule.when) {
      promise = start(rule, undefined);
    } else if (!dependency || dependency === rule || waiting.has(dependency.id)) {
      promise = start(rule, null);
    } else {
      waiting.add(rule.id);
      const before = launch(dependency);
      waiting.delete(rule.id);
      promise = before.then((outcome) => start(rule, outcome));
    }
    started.set(rule.id, promise);
    return promise;
  };
  return Promise.all(rules.map(launch));
}
