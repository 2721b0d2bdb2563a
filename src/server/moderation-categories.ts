/**
 * How our findings count toward OpenAI's moderation categories, as data: one row per
 * (scanner, finding kind). A finding with no row counts toward no category — a guess would put
 * numbers in `category_scores` that no model measured. Add rows when a scanner gains kinds.
 * Prompt injection, PII, secrets and the LLM judge's `policy-violation` have no OpenAI category.
 */

/** OpenAI's moderation categories (omni-moderation), in the order OpenAI lists them. */
export const OPENAI_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

export type OpenAICategory = (typeof OPENAI_CATEGORIES)[number];

export interface CategoryRow {
  readonly scanner: string;
  readonly kind: string;
  readonly categories: readonly OpenAICategory[];
}

export const CATEGORY_ROWS: readonly CategoryRow[] = [
  // toxicity (Jigsaw labels of the TF.js toxicity model)
  { scanner: 'toxicity', kind: 'toxicity', categories: ['harassment'] },
  { scanner: 'toxicity', kind: 'severe_toxicity', categories: ['harassment'] },
  { scanner: 'toxicity', kind: 'insult', categories: ['harassment'] },
  { scanner: 'toxicity', kind: 'threat', categories: ['harassment/threatening', 'violence'] },
  { scanner: 'toxicity', kind: 'identity_attack', categories: ['hate'] },
  { scanner: 'toxicity', kind: 'sexual_explicit', categories: ['sexual'] },
  // Profanity is not one of OpenAI's categories.
  { scanner: 'toxicity', kind: 'obscene', categories: [] },
  // harmful-request: its named categories (the classifier's `harmful` names none). Requests for
  // help, so OpenAI's "illicit" (advice on committing wrongdoing) where one applies.
  {
    scanner: 'harmful-request',
    kind: 'violent_crime_weapons',
    categories: ['illicit', 'illicit/violent', 'violence'],
  },
  { scanner: 'harmful-request', kind: 'self_harm', categories: ['self-harm', 'self-harm/intent'] },
  { scanner: 'harmful-request', kind: 'sexual_minors', categories: ['sexual', 'sexual/minors'] },
  { scanner: 'harmful-request', kind: 'cybercrime', categories: ['illicit'] },
  { scanner: 'harmful-request', kind: 'illegal_drugs', categories: ['illicit'] },
  { scanner: 'harmful-request', kind: 'fraud_scams', categories: ['illicit'] },
  { scanner: 'harmful-request', kind: 'hate_harassment', categories: ['hate', 'harassment'] },
  { scanner: 'harmful-request', kind: 'harmful', categories: [] },
  // self-harm: the user's own disclosure or intent; someone else's safety; requests for methods.
  { scanner: 'self-harm', kind: 'self_harm', categories: ['self-harm', 'self-harm/intent'] },
  { scanner: 'self-harm', kind: 'self_harm_other', categories: ['self-harm'] },
  {
    scanner: 'self-harm',
    kind: 'self_harm_request',
    categories: ['self-harm', 'self-harm/instructions'],
  },
];

/** The categories a finding counts toward; none when no row names it. */
export function categoriesOf(
  scanner: string,
  kind: string,
  rows: readonly CategoryRow[] = CATEGORY_ROWS,
): readonly OpenAICategory[] {
  return rows.find((r) => r.scanner === scanner && r.kind === kind)?.categories ?? [];
}
