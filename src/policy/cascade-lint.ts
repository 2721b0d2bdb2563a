/**
 * Checks a resolved stage's `when` gates: each names a rule of the same stage, and no chain of
 * gates comes back to where it started (such a rule could never run). Checked after `extends`
 * is resolved, since a child may gate its rule on one its parent wrote.
 */
import type { Stage } from '../contract/types.js';
import type { Rule } from './types.js';

export interface CascadeProblem {
  readonly rule: Rule;
  readonly message: string;
}

/** The gate chain from `start`, ending where a rule has no gate, names an unknown one, or loops. */
function chainFrom(start: Rule, byId: ReadonlyMap<string, Rule>): string[] {
  const chain = [start.id];
  for (let rule = byId.get(start.when?.rule ?? ''); rule; rule = byId.get(rule.when?.rule ?? '')) {
    chain.push(rule.id);
    if (rule.id === start.id || chain.indexOf(rule.id) < chain.length - 1) break;
  }
  return chain;
}

export function cascadeProblems(stage: Stage, rules: readonly Rule[]): CascadeProblem[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const known = [...byId.keys()].sort().join(', ');
  return rules.flatMap((rule): CascadeProblem[] => {
    if (!rule.when) return [];
    if (!byId.has(rule.when.rule)) {
      const message = `Unknown rule "${rule.when.rule}" in ${stage} (known: ${known})`;
      return [{ rule, message }];
    }
    const chain = chainFrom(rule, byId);
    // Reported by each member of the loop; rules that merely lead into one stay quiet.
    if (chain.length > 1 && chain.at(-1) === rule.id) {
      return [{ rule, message: `when forms a cycle: ${chain.join(' -> ')}` }];
    }
    return [];
  });
}
