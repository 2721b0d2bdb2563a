/**
 * Checks a resolved stage's `supersedes.rules`: each names another rule of the same stage.
 * Checked after `extends` is resolved, since a child's response may answer for its parent's
 * rules. A named rule whose action is not block is fine: a child may turn a parent's block into
 * a flag, and then there is nothing to supersede.
 */
import type { Stage } from '../contract/types.js';
import type { CascadeProblem } from './cascade-lint.js';
import type { Rule } from './types.js';

export function supersedeProblems(stage: Stage, rules: readonly Rule[]): CascadeProblem[] {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const known = [...byId.keys()].sort().join(', ');
  return rules.flatMap((rule): CascadeProblem[] =>
    (rule.supersedes?.rules ?? []).flatMap((id): CascadeProblem[] => {
      const named = byId.get(id);
      if (!named) return [{ rule, message: `Unknown rule "${id}" in ${stage} (known: ${known})` }];
      if (named === rule) return [{ rule, message: `A rule cannot supersede itself ("${id}")` }];
      return [];
    }),
  );
}
