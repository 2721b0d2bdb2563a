/**
 * How heuristics.ts matched a rule before its literal gates, lazy `requires` and exec loop:
 * `requires` tested first, every pattern run with matchAll, no gate. Kept as the reference the
 * gated runner is checked against (src/classifiers/heuristic-gates.test.ts) and timed against
 * (scripts/bench-injection-rules.ts).
 */
import type { CompiledHeuristic } from '../../src/classifiers/heuristics.js';
import type { DecodedView } from '../../src/contract/text-views.js';
import type { Finding } from '../../src/contract/types.js';
import { viewNote } from '../../src/text/decoded-views.js';

export function ungatedView(rule: CompiledHeuristic, view: DecodedView): Finding[] {
  const required = rule.requires ? rule.requires.test(view.text) : true;
  const score = required ? rule.score : rule.alone;
  if (score === undefined) return [];
  const findings: Finding[] = [];
  for (const pattern of rule.compiled) {
    for (const match of view.text.matchAll(pattern)) {
      if (match[0].length === 0) continue;
      const span = view.toOriginal({ start: match.index, end: match.index + match[0].length });
      findings.push({ kind: rule.id, score, span, note: `${rule.note}${viewNote(view.source)}` });
      if (findings.length >= 20) return findings;
    }
  }
  return findings;
}
