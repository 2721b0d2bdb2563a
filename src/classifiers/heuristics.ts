/**
 * Transparent rules over normalized text (src/text/decoded-views.ts): each rule names what it
 * looks for, so a reviewer reads "prompt-leak" instead of a bare score. Rules are data
 * (injection-heuristics.ts); this file only runs them. Patterns see the normalized,
 * leet-folded view of the text and of every decoded payload; spans point at the original.
 */
import type { DecodedView } from '../contract/text-views.js';
import type { Finding, Span } from '../contract/types.js';
import { viewNote } from '../text/decoded-views.js';

export interface Heuristic {
  /** Finding kind, kebab-case. */
  readonly id: string;
  /** Score of a match; a rule with `alone` scores that when `requires` is absent. */
  readonly score: number;
  /** Any match is a finding; flags should include `g` (added when missing). */
  readonly patterns: readonly RegExp[];
  /** When set, a match scores `score` only if this also matches the same view ... */
  readonly requires?: RegExp;
  /** ... and `alone` otherwise (no finding when undefined). */
  readonly alone?: number;
  /** For reviewers; never quotes text. */
  readonly note: string;
}

const MAX_FINDINGS_PER_RULE = 20;

function global(pattern: RegExp): RegExp {
  return pattern.flags.includes('g') ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
}

export interface CompiledHeuristic extends Heuristic {
  readonly compiled: readonly RegExp[];
}

export function compileHeuristics(rules: readonly Heuristic[]): CompiledHeuristic[] {
  return rules.map((rule) => ({ ...rule, compiled: rule.patterns.map(global) }));
}

function matchView(rule: CompiledHeuristic, view: DecodedView): Finding[] {
  const required = rule.requires ? rule.requires.test(view.text) : true;
  const score = required ? rule.score : rule.alone;
  if (score === undefined) return [];
  const where = viewNote(view.source);
  const findings: Finding[] = [];
  for (const pattern of rule.compiled) {
    for (const match of view.text.matchAll(pattern)) {
      if (match[0].length === 0) continue;
      const span = view.toOriginal({ start: match.index, end: match.index + match[0].length });
      findings.push({ kind: rule.id, score, span, note: `${rule.note}${where}` });
      if (findings.length >= MAX_FINDINGS_PER_RULE) return findings;
    }
  }
  return findings;
}

const sameSpan = (a: Span, b: Span) => a.start === b.start && a.end === b.end;

/** Every rule on every view; one finding per (rule, original span), highest score kept; sorted. */
export function runHeuristics(
  rules: readonly CompiledHeuristic[],
  views: readonly DecodedView[],
): Finding[] {
  const all = rules.flatMap((rule) => views.flatMap((view) => matchView(rule, view)));
  const kept: Finding[] = [];
  for (const f of all.sort((a, b) => b.score - a.score)) {
    const twin = kept.find(
      (k) => k.kind === f.kind && k.span && f.span && sameSpan(k.span, f.span),
    );
    if (!twin) kept.push(f);
  }
  return kept.sort(
    (a, b) =>
      (a.span?.start ?? 0) - (b.span?.start ?? 0) || (a.span?.end ?? 0) - (b.span?.end ?? 0),
  );
}
