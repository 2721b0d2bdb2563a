/**
 * Combines the tagger's spans with the rule recognizers' detections of one entity type: the
 * tagger proposes, the rules (gazetteers, titles, "my name is", "lives in") confirm, extend or
 * veto. Scores stay on the recognizers' scale: 0.5, the default `min_score`, is "more likely
 * right than wrong" for every type, since the tagger's scores are Platt-calibrated on held-out
 * data and a rule's strong evidence (a title, a naming phrase) scores high by construction.
 */
import type { Detection } from '../types.js';
import { outsideMargin, type NameSpan, type NameTags } from './tagger.js';

export interface CombineOptions {
  /** A rule detection at or above this stands without the tagger (titles, "my name is"). */
  readonly ruleAlone: number;
  /** Added when tagger and rules agree on a span. */
  readonly agreement: number;
  /** A rule detection the tagger does not confirm is dropped when its O margin exceeds this. */
  readonly veto: number;
  /** The highest score of a span the tagger proposes and no rule confirms; 0: no such spans. */
  readonly taggerAlone: number;
  /** The lowest score a span only the tagger proposes needs to be reported at all. */
  readonly taggerAloneMin: number;
}

// tuned on the dev sets (docs/models.md#ner-v1): a higher agreement bonus lets names beat the
// street-address spans they sit in; a stricter veto costs presidio persons more than it saves
export const COMBINE_DEFAULTS: CombineOptions = {
  ruleAlone: 0.8,
  agreement: 0,
  veto: 0,
  taggerAlone: 1,
  taggerAloneMin: 0,
};

/**
 * Per type, as the pii scanner uses them (`npm run eval:names`): the tagger's ORGANIZATION is
 * its weakest type (held-out F1 0.61; on the dev sets 1 of its 23 own spans scoring 0.5 or
 * more was right), so there it neither adds spans nor vetoes the company-word rule, which stays
 * as it was. With the word clusters (ner-v1 retrained, issue 17) the tagger is sure enough to
 * veto harder: a PERSON or LOCATION rule detection it does not tag stands only where the
 * tagger still leans to a name by 25 perceptron units (a held-out span's mean margin is about
 * 70), and a person rule alone needs 0.9 (a title or "my name is" with a known name); a
 * person only the tagger proposes needs 0.6 ("Grace period ends soon; mark my words." scored
 * 0.55 and 0.51). Chosen on the dev sets (grid over veto 0 / -10 / -15 / -25 / -50, ruleAlone
 * 0.8 / 0.9 / 1.01, taggerAloneMin 0 / 0.6 / 0.7): wnut17 PII-free rows with a finding
 * 13.2 % -> 7.7 %, wnut17 PERSON F1 0.565 -> 0.566, presidio_synth PERSON F2 0.889 -> 0.870;
 * veto -50 costs presidio persons (F2 0.861), veto 0 wnut17 ones (F1 0.546). A place only the
 * tagger proposes needs 0.55 (`pii` v7; taggerAloneMin 0 / 0.55 / 0.6 / 0.65 on the dev sets:
 * presidio_synth LOCATION F1 0.657 / 0.662 / 0.662 / 0.667, wnut17 0.750 / 0.758 / 0.745 /
 * 0.731: at 0.55 one invented company after "at" and one false place go on each set, and no
 * true place; higher, wnut17's true places go too).
 */
export const COMBINE_BY_TYPE: Readonly<Record<string, CombineOptions>> = {
  PERSON: { ...COMBINE_DEFAULTS, veto: -25, ruleAlone: 0.9, taggerAloneMin: 0.6 },
  LOCATION: { ...COMBINE_DEFAULTS, veto: -25, taggerAloneMin: 0.55 },
  ORGANIZATION: { ...COMBINE_DEFAULTS, ruleAlone: 0, taggerAlone: 0 },
};

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end;

const round = (x: number) => Math.round(Math.min(1, x) * 100) / 100;

export function combineNames(
  entity: string,
  rules: readonly Detection[],
  tagged: NameTags,
  { ruleAlone, agreement, veto, taggerAlone, taggerAloneMin }: CombineOptions = COMBINE_DEFAULTS,
  /** The rules' knowledge against a span no rule proposed ("Orchestra" is not a person). */
  refuted: (span: NameSpan) => boolean = () => false,
): Detection[] {
  const mine = tagged.spans.filter((t) => t.type === entity);
  const out: Detection[] = [];
  const used = new Set<NameSpan>();
  for (const d of rules) {
    const agree = mine.filter((t) => overlaps(t, d));
    if (agree.length === 0) {
      // vetoed unless the rule's own evidence is strong
      if (d.score >= ruleAlone || outsideMargin(tagged, d.start, d.core ?? d.end) < veto)
        out.push(d);
      continue;
    }
    for (const t of agree) used.add(t);
    const best = Math.max(d.score, ...agree.map((t) => t.score));
    out.push({ ...d, score: round(best + agreement), note: `${d.note}; tagger agrees` });
  }
  for (const t of mine) {
    if (used.has(t) || taggerAlone <= 0 || t.score < taggerAloneMin || refuted(t)) continue;
    out.push({
      entity,
      start: t.start,
      end: t.end,
      score: Math.min(t.score, taggerAlone),
      note: `${entity} tagger ner-v1`,
    });
  }
  return out;
}
