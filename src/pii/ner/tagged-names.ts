/**
 * The name tagger wired into a recognizer scan ("combine, don't replace", issue 17): the rules'
 * candidates and the tagger's spans are combined per type (combine.ts), then everything is
 * resolved together as before.
 *
 * Redaction must stay idempotent, and the tagger reads a word's neighbours: a name redacted to
 * `[PERSON_1]` changes what the words beside it look like, so a second pass over the redacted
 * text could tag a word the first pass left alone. So the scan tags the text as its own
 * redaction will read: every span it is about to report is replaced by a placeholder and the
 * text is tagged again; new spans are added (never removed) until a round adds nothing, at
 * which point tagging the redacted text finds nothing new by construction (placeholders read
 * as one neutral token whatever their type and number, features.ts). A text with nothing to
 * report is tagged once; one with findings usually twice.
 */
import { resolveOverlaps } from '../analyze.js';
import { NOT_PERSON_WORDS } from '../common-words.js';
import { namesAFacility } from '../location-recognizer.js';
import type { Gazetteer } from '../gazetteer.js';
import type { Detection } from '../types.js';
import { COMBINE_BY_TYPE, combineNames, COMBINE_DEFAULTS } from './combine.js';
import { NER_TYPES } from './features.js';
import {
  emissionCache,
  tagNames,
  type NameSpan,
  type NameTags,
  type NerModel,
  type TokenMargin,
} from './tagger.js';

/** Any of our placeholders reads the same to the tagger; this one stands in for all of them. */
const MASK = '[PII_0]';
/** Rounds after the first; a text needing more is reported as the last round left it. */
const MAX_ROUNDS = 3;

export interface TaggedNamesOptions {
  /** Entities the scan reports: the tagger's types among them are the ones it adds. */
  readonly entities: ReadonlySet<string>;
  readonly minScore: number;
  /** The scan's allow-list test, applied to the tagger's spans too. */
  readonly keep: (text: string, d: Detection) => boolean;
  readonly model: NerModel;
  readonly gazetteer: Gazetteer;
}

/** Resolves a scan's candidates with the tagger's help; see the module comment. */
export type ResolveCandidates = (text: string, candidates: readonly Detection[]) => Detection[];

// street, company and nationality words end a person for the rules (common-words.ts): the
// tagger's "Arpin Van Lines" or "Davis Orchestra" is not one either
const notAPerson = (span: string) =>
  span
    .toLowerCase()
    .split(/[^\p{L}]+/u)
    .some((w) => NOT_PERSON_WORDS.has(w));

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

// "We moved here from Tjæreborg": a word the tagger alone calls a person, where the rules read
// a place after a phrase that precedes places, not people ("in", "from", "moved to"; not a bare
// "to": "said Felix to Linda"), is the place
const PLACE_PHRASE =
  /(?:^|[^\p{L}])(?:in|from|near|into|(?:moved?|flew|fly|travell?(?:ing)?|trip|relocated|drive|drove|welcome) to)\s+$/iu;
const placeByContext = (text: string, candidates: readonly Detection[], span: NameSpan) =>
  candidates.some(
    (d) =>
      d.entity === 'LOCATION' &&
      overlaps(d, span) &&
      PLACE_PHRASE.test(text.slice(Math.max(0, d.start - 30), d.start)),
  );

export function taggedNames(o: TaggedNamesOptions): ResolveCandidates {
  const types: readonly string[] = NER_TYPES.filter((t) => o.entities.has(t));
  if (types.length === 0) return (_text, candidates) => resolveOverlaps(candidates);
  const tagged = new Set(types);
  return (text, candidates) => {
    // what a round may still add: nothing that overlaps what earlier rounds found
    const round = (tags: NameTags, found: readonly Detection[]) => {
      const open = candidates.filter((d) => !found.some((f) => overlaps(f, d)));
      const names = types.flatMap((type) =>
        combineNames(
          type,
          open.filter((d) => d.entity === type),
          tags,
          COMBINE_BY_TYPE[type] ?? COMBINE_DEFAULTS,
          type === 'PERSON'
            ? (t) => notAPerson(text.slice(t.start, t.end)) || placeByContext(text, open, t)
            : type === 'LOCATION'
              ? (t) => namesAFacility(text.slice(t.start, t.end))
              : undefined,
        ).filter(
          (d) => d.score >= o.minScore && o.keep(text, d) && !found.some((f) => overlaps(f, d)),
        ),
      );
      return resolveOverlaps([...open.filter((d) => !tagged.has(d.entity)), ...names]);
    };
    const tag = segmentTagger(o);
    let found = round(tag(text), []);
    for (let r = 0; r < MAX_ROUNDS && found.length > 0; r++) {
      const fresh = round(tagMasked(text, found, tag), found);
      if (fresh.length === 0) break;
      found = resolveOverlaps([...found, ...fresh]);
    }
    return found;
  };
}

// Lines, and sentences that end in ". ", "! " or "? " before a capital letter or digit: each is
// tagged on its own (features reach two words), so a round re-tags only the segments its new
// placeholders changed, and the redacted text's segments are the masked text's
const SEGMENT_END = /[ \t]*\n\s*|(?<=[\p{Ll}\p{N}][.!?])[ \t]+(?=[\p{Lu}\p{N}])/gu;

/** Tags a text segment by segment, each segment text once per scan (rounds repeat most). */
function segmentTagger(o: TaggedNamesOptions): (text: string) => NameTags {
  const seen = new Map<string, NameTags>();
  const emissions = emissionCache();
  const tagOne = (segment: string) => {
    let tags = seen.get(segment);
    if (tags === undefined) {
      tags = tagNames(segment, o.model, o.gazetteer, emissions);
      seen.set(segment, tags);
    }
    return tags;
  };
  return (text) => {
    const spans: NameSpan[] = [];
    const tokens: TokenMargin[] = [];
    const add = (from: number, to: number) => {
      if (to <= from) return;
      const tags = tagOne(text.slice(from, to));
      for (const s of tags.spans) spans.push({ ...s, start: s.start + from, end: s.end + from });
      for (const t of tags.tokens) tokens.push({ ...t, start: t.start + from, end: t.end + from });
    };
    let from = 0;
    for (const m of text.matchAll(SEGMENT_END)) {
      add(from, m.index);
      from = m.index + m[0].length;
    }
    add(from, text.length);
    return { spans, tokens };
  };
}

/**
 * The tagger's reading of `text` with `spans` (sorted, disjoint) replaced by a placeholder,
 * in the original text's offsets; what touches a placeholder is dropped.
 */
function tagMasked(
  text: string,
  spans: readonly Detection[],
  tag: (text: string) => NameTags,
): NameTags {
  // cuts[k]: where span k starts in the original and in the masked text
  const cuts: { start: number; end: number; at: number }[] = [];
  let masked = '';
  let from = 0;
  for (const s of spans) {
    masked += text.slice(from, s.start);
    cuts.push({ start: s.start, end: s.end, at: masked.length });
    masked += MASK;
    from = s.end;
  }
  masked += text.slice(from);
  const toOriginal = (pos: number) => {
    let shift = 0;
    for (const c of cuts) if (c.at + MASK.length <= pos) shift += MASK.length - (c.end - c.start);
    return pos - shift;
  };
  const clear = (r: { start: number; end: number }) =>
    !cuts.some((c) => r.start < c.at + MASK.length && c.at < r.end);
  const back = <T extends { start: number; end: number }>(r: T): T => ({
    ...r,
    start: toOriginal(r.start),
    end: toOriginal(r.end),
  });
  const tags = tag(masked);
  return { spans: tags.spans.filter(clear).map(back), tokens: tags.tokens.filter(clear).map(back) };
}
