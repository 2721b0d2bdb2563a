/**
 * Runs recognizers over a text: pattern matches, context words, validators, then overlap
 * resolution (higher score, then longer span, then earlier start). Spans are UTF-16 offsets.
 */
import type { Detection, PatternSpec, Recognizer, Validation, Validator } from './types.js';

// Presidio's LemmaContextAwareEnhancer defaults: +0.35, and at least 0.4 with a context word.
const CONTEXT_BOOST = 0.35;
const MIN_SCORE_WITH_CONTEXT = 0.4;
const WORDS_BEFORE = 6;
const WORDS_AFTER = 2;
const WORD = /[\p{L}\p{N}]+/gu;

export interface CompiledRecognizer extends Recognizer {
  /** Context phrases as ` word word ` for a whole-word `includes` on the joined window. */
  readonly contextKeys: readonly string[];
  /** Replaces pattern matching for recognizers that are code, not regexes (gazetteer names). */
  readonly scan?: (text: string) => Detection[];
}

/** Adds the `g` and `d` flags and normalizes context phrases; do it once, at create time. */
export function compileRecognizers(recognizers: readonly Recognizer[]): CompiledRecognizer[] {
  return recognizers.map((r) => ({
    ...r,
    patterns: r.patterns.map((p) => ({
      ...p,
      regex: new RegExp(p.regex.source, [...new Set(`${p.regex.flags}gd`)].join('')),
    })),
    contextKeys: r.context.map((c) => ` ${(c.toLowerCase().match(WORD) ?? []).join(' ')} `),
  }));
}

// Our own placeholders (`[PHONE_1]`) end a context window: a context word never reaches over
// another entity, so redacting a text cannot bring new context to its neighbours (and
// redacting twice finds nothing new).
const PLACEHOLDER = /\[[A-Z][A-Z0-9_]*_\d+\]/g;

/** The part of `segment` after its last placeholder (all of it when there is none). */
export function afterLastPlaceholder(segment: string): string {
  let cut = 0;
  for (const m of segment.matchAll(PLACEHOLDER)) cut = m.index + m[0].length;
  return segment.slice(cut);
}

function beforeFirstPlaceholder(segment: string): string {
  const at = segment.search(PLACEHOLDER);
  return at < 0 ? segment : segment.slice(0, at);
}

function contextWindow(text: string, start: number, end: number): string {
  const from = Math.max(0, start - 80);
  const before = afterLastPlaceholder(text.slice(from, start)).toLowerCase().match(WORD) ?? [];
  // a word cut by the window's edge would match as a fragment, so drop it
  if (from > 0) before.shift();
  const after =
    beforeFirstPlaceholder(text.slice(end, end + 40))
      .toLowerCase()
      .match(WORD) ?? [];
  return ` ${[...before.slice(-WORDS_BEFORE), ...after.slice(0, WORDS_AFTER)].join(' ')} `;
}

function hasContext(window: string, keys: readonly string[]): boolean {
  return keys.some((k) => window.includes(k) || window.includes(`${k.trimEnd()}s `));
}

function detect(text: string, r: CompiledRecognizer): Detection[] {
  if (r.scan !== undefined) return r.scan(text);
  const found: Detection[] = [];
  // spansOf may validate a span before it is scored: each string is validated once
  const rec = r.validate === undefined ? r : { ...r, validate: remembered(r.validate) };
  for (const p of r.patterns) {
    for (const [start, end] of spansOf(text, p, rec)) {
      const near =
        r.contextKeys.length > 0 && hasContext(contextWindow(text, start, end), r.contextKeys);
      if (r.contextRequired === true && !near) continue;
      const validation = rec.validate?.(text.slice(start, end)) ?? 'unknown';
      if (validation === 'invalid') continue;
      const boosted = Math.max(p.score + CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT);
      const raw = validation === 'valid' ? 1 : Math.min(1, near ? boosted : p.score);
      const score = Math.round(raw * 100) / 100;
      const checked =
        r.validatorName === undefined
          ? []
          : [`${r.validatorName} ${validation === 'valid' ? 'confirmed' : 'passed'}`];
      const note = [
        `${r.entity} pattern ${p.name}`,
        ...checked,
        ...(near ? ['context word nearby'] : []),
      ];
      found.push({ entity: r.entity, start, end, score, note: note.join('; ') });
    }
  }
  return found;
}

/** Match spans of one pattern; see PatternSpec.shrinkToValid and retryAt. */
function* spansOf(text: string, p: PatternSpec, r: CompiledRecognizer): Generator<Span2> {
  if (p.shrinkToValid !== true && p.retryAt === undefined) {
    for (const m of text.matchAll(p.regex)) {
      const span = (p.group === undefined ? undefined : m.indices?.[p.group]) ?? [
        m.index,
        m.index + m[0].length,
      ];
      if (span[1] > span[0]) yield span;
    }
    return;
  }
  // exec on a copy, so that matching can resume inside a match that did not validate; such a
  // retry counts only when it validates, so no unconfirmed fragments come of it
  const regex = new RegExp(p.regex.source, p.regex.flags);
  let failedUntil = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    const matchEnd = m.index + m[0].length;
    const part = p.shrinkToValid === true ? validPrefix(text, m.index, matchEnd, r, p) : undefined;
    const valid =
      part ?? (r.validate?.(m[0]) === 'valid' ? ([m.index, matchEnd] as const) : undefined);
    if (valid !== undefined) yield valid;
    else if (m.index >= failedUntil) yield [m.index, matchEnd];
    if (valid === undefined) failedUntil = Math.max(failedUntil, matchEnd);
    const retry = valid === undefined && p.retryAt ? nextRetry(m[0], p.retryAt) : -1;
    regex.lastIndex = valid !== undefined ? valid[1] : retry > 0 ? m.index + retry : matchEnd;
  }
}

function nextRetry(match: string, at: RegExp): number {
  const found = retryForms(at).search.exec(match.slice(1));
  return found === null ? -1 : found.index + 1 + found[0].length;
}

// the non-global and anchored forms of a `retryAt`, compiled once per pattern, not per match
const RETRY_FORMS = new WeakMap<RegExp, { search: RegExp; anchored: RegExp }>();

function retryForms(at: RegExp): { search: RegExp; anchored: RegExp } {
  let forms = RETRY_FORMS.get(at);
  if (forms === undefined) {
    forms = {
      search: new RegExp(at.source, at.flags.replace('g', '')),
      anchored: new RegExp(`^(?:${at.source})`, 'u'),
    };
    RETRY_FORMS.set(at, forms);
  }
  return forms;
}

/** The longest prefix, cut at a space (or where `retryAt` says), that validates. */
function validPrefix(
  text: string,
  start: number,
  end: number,
  r: CompiledRecognizer,
  p: PatternSpec,
): Span2 | undefined {
  const validate = r.validate;
  if (validate === undefined) return undefined;
  const cutAt = p.retryAt && retryForms(p.retryAt).anchored;
  // the longest few cuts only: a number runs into at most a group or two of the next one, and
  // each try is a full validation (libphonenumber), so long runs of digit groups stay cheap
  let tries = MAX_PREFIX_TRIES;
  for (let k = end; k > start && tries > 0; k--) {
    const afterNumber = /[\d)]/.test(text[k - 1] ?? '');
    const gap = afterNumber && /\s/.test(text[k] ?? '');
    // a full stop between two numbers ends the first: "(415) 555-0132. (415) 555-0199"
    const sentenceEnd = afterNumber && /^\s?\.\s/u.test(text.slice(k, k + 3));
    const cut = k === end || sentenceEnd || (gap && (!cutAt || cutAt.test(text.slice(k, end))));
    if (!cut) continue;
    const part = text.slice(start, k);
    // a bracket left open or unopened cannot validate (checkPhone): not worth one of the tries,
    // or "+44 20 7946 0958 ) 4111…" spends them on "… 0958 )" and finds its phone only once the
    // number after it is redacted (found by test:fuzz)
    if (part.split('(').length !== part.split(')').length) continue;
    tries--;
    if (validate(part) === 'valid') return [start, k];
  }
  return undefined;
}

type Span2 = readonly [number, number];

const MAX_PREFIX_TRIES = 2;

function remembered(validate: Validator): Validator {
  const seen = new Map<string, Validation>();
  return (match) => {
    let v = seen.get(match);
    if (v === undefined) {
      v = validate(match);
      seen.set(match, v);
    }
    return v;
  };
}

/** Keeps the strongest of overlapping detections: higher score, then longer, then earlier. */
export function resolveOverlaps(detections: readonly Detection[]): Detection[] {
  const ranked = [...detections].sort(
    (a, b) => b.score - a.score || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  const kept: Detection[] = [];
  for (const d of ranked) {
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((kept[mid]?.start ?? 0) < d.start) lo = mid + 1;
      else hi = mid;
    }
    const prev = kept[lo - 1];
    const next = kept[lo];
    if ((prev && prev.end > d.start) || (next && next.start < d.end)) continue;
    kept.splice(lo, 0, d);
  }
  return kept;
}

export interface AnalyzeOptions {
  readonly minScore: number;
  readonly signal?: AbortSignal;
  /** Drops a detection before overlaps are resolved (allow-lists), so it hides nothing else. */
  readonly keep?: (detection: Detection) => boolean;
}

/** Detections at or above `minScore`, overlaps resolved, sorted by start. */
export function analyze(
  text: string,
  recognizers: readonly CompiledRecognizer[],
  options: AnalyzeOptions,
): Detection[] {
  return resolveOverlaps(candidates(text, recognizers, options));
}

/**
 * Detections at or above `minScore`, overlaps not resolved yet: for callers that add detections
 * from other readings of the text (src/pii/scan.ts) and must resolve them all together.
 */
export function candidates(
  text: string,
  recognizers: readonly CompiledRecognizer[],
  { minScore, signal, keep }: AnalyzeOptions,
): Detection[] {
  const found: Detection[] = [];
  for (const r of recognizers) {
    signal?.throwIfAborted();
    for (const d of detect(text, r)) {
      if (d.score >= minScore && (keep === undefined || keep(d))) found.push(d);
    }
  }
  return found;
}
