/**
 * Transparent rules over normalized text (src/text/decoded-views.ts): each rule names what it
 * looks for, so a reviewer reads "prompt-leak" instead of a bare score. Rules are data
 * (injection-heuristics.ts); this file only runs them. Patterns see the normalized,
 * leet-folded view of the text and of every decoded payload; spans point at the original.
 */
import type { DecodedView } from '../contract/text-views.js';
import type { Finding, Span } from '../contract/types.js';
import { viewNote } from '../text/decoded-views.js';
import { gateOf, passes, type Gate } from './heuristic-gates.js';

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
  /** Per compiled pattern: words one of which must be in the text (heuristic-gates.ts). */
  readonly gates: readonly (Gate | undefined)[];
}

export function compileHeuristics(rules: readonly Heuristic[]): CompiledHeuristic[] {
  return rules.map((rule) => ({
    ...rule,
    compiled: rule.patterns.map(global),
    gates: rule.patterns.map(gateOf),
  }));
}

/** One view's text, lowercased on first use by a gate. */
interface GateText {
  readonly text: string;
  lowered?: string;
}

function matchView(rule: CompiledHeuristic, view: DecodedView, gateText: GateText): Finding[] {
  // `requires` is read only once a pattern matches: on most texts none does, and a rule's
  // requirement (a document's shape, a restriction) can cost more than its patterns.
  let score: number | undefined | null = null;
  let where = '';
  const findings: Finding[] = [];
  for (const [i, pattern] of rule.compiled.entries()) {
    const gate = rule.gates[i];
    if (gate && !passes(gate, (gateText.lowered ??= gateText.text.toLowerCase()))) continue;
    // exec on the compiled pattern, as matchAll would on its copy (no RegExp made per call).
    pattern.lastIndex = 0;
    for (let match = pattern.exec(view.text); match; match = pattern.exec(view.text)) {
      if (match[0].length === 0) {
        pattern.lastIndex = advance(view.text, pattern.lastIndex, pattern.unicode);
        continue;
      }
      if (score === null) {
        const required = rule.requires ? rule.requires.test(view.text) : true;
        score = required ? rule.score : rule.alone;
        where = viewNote(view.source);
      }
      if (score === undefined) return done(pattern, []);
      const span = view.toOriginal({ start: match.index, end: match.index + match[0].length });
      findings.push({ kind: rule.id, score, span, note: `${rule.note}${where}` });
      if (findings.length >= MAX_FINDINGS_PER_RULE) return done(pattern, findings);
    }
  }
  return findings;
}

/** Leaves a pattern stopped early as a finished exec loop does (lastIndex 0). */
function done(pattern: RegExp, findings: Finding[]): Finding[] {
  pattern.lastIndex = 0;
  return findings;
}

/** Past an empty match, as String.prototype.matchAll steps (by code point under `u`). */
function advance(text: string, index: number, unicode: boolean): number {
  if (!unicode || index + 1 >= text.length) return index + 1;
  const lead = text.charCodeAt(index);
  const trail = text.charCodeAt(index + 1);
  const pair = lead >= 0xd800 && lead <= 0xdbff && trail >= 0xdc00 && trail <= 0xdfff;
  return pair ? index + 2 : index + 1;
}

const sameSpan = (a: Span, b: Span) => a.start === b.start && a.end === b.end;

/** Every rule on every view; one finding per (rule, original span), highest score kept; sorted. */
export function runHeuristics(
  rules: readonly CompiledHeuristic[],
  views: readonly DecodedView[],
): Finding[] {
  const viewed = views.map((view) => ({ view, gateText: { text: view.text } }));
  const all = rules.flatMap((rule) =>
    viewed.flatMap(({ view, gateText }) => matchView(rule, view, gateText)),
  );
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
