/** The one place where "what did we decide" is computed: the strongest action wins. */
import type { Action } from './types.js';

const STRENGTH: Readonly<Record<Action, number>> = { allow: 0, flag: 1, redact: 2, block: 3 };

export function strongest(actions: Iterable<Action>): Action {
  let result: Action = 'allow';
  for (const action of actions) if (STRENGTH[action] > STRENGTH[result]) result = action;
  return result;
}

export function decide(outcomes: readonly { readonly action: Action }[]): Action {
  return strongest(outcomes.map((o) => o.action));
}
