/**
 * The controlled copies of the training split that the trainer adds (augment.ts): rows wrapped
 * in post markup (social-markup.ts) and rows with one word misspelt (spelling.ts), each set with
 * its label-0 controls. Seeds are offsets of the config's seed, so a config gives the same rows.
 */
import type { GlueRow } from './glued.js';
import type { CopyConfig } from './augment.js';
import { markupRows, type MarkupConfig } from './social-markup.js';
import { spelledRows } from './spelling.js';

export interface CopiedRowsConfig {
  readonly seed: number;
  readonly trainChars: number;
  readonly markup?: MarkupConfig | undefined;
  readonly markupSources?: MarkupConfig | undefined;
  readonly spelled?: CopyConfig | undefined;
}

/** Drawn before the glued rows are added, so no row is both glued and wrapped or misspelt. */
export const copiesBeforeGlue = (train: readonly GlueRow[], c: CopiedRowsConfig): GlueRow[] => [
  ...(c.markup ? markupRows(train, c.markup, c.seed + 9, c.trainChars) : []),
  ...(c.spelled ? spelledRows(train, c.spelled, c.seed + 10, c.trainChars) : []),
];

/** The second markup set, drawn after the glued rows are added, so it may wrap them too. */
export const copiesAfterGlue = (train: readonly GlueRow[], c: CopiedRowsConfig): GlueRow[] =>
  c.markupSources ? markupRows(train, c.markupSources, c.seed + 11, c.trainChars) : [];
