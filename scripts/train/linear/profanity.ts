import type { JsonRow } from '../dataset.js';

/**
 * Profanity and insults, for dropping label-0 rows whose "not hateful" is not "not abusive"
 * (EDOS in train-toxicity-v2.ts; gab_hate_corpus in one ablation variant).
 */
export const PROFANE =
  /\b(fuck\w*|shit\w*|bitch\w*|cunt\w*|whores?|sluts?|asshole\w*|dicks?|pussy|bastards?|retard\w*|idiots?|morons?|stupid|dumb\w*|hoes?|nigg\w*|fag\w*)\b/i;

/** Keeps positives and the label-0 rows without profanity or an insult word. */
export const notProfaneNegative = (row: JsonRow) => row.label === 1 || !PROFANE.test(row.text);
