/**
 * Controlled copies of training rows: a change applied to positives and, as the control, to as
 * many label-0 rows with the same total weight, so the change itself never predicts the label
 * (the glued, markup and spelled rows of the trainer). Drawn from the training split only.
 */
import { seededRandom } from '../dataset.js';
import type { GlueRow } from './glued.js';

export interface CopyConfig {
  /** Changed copies of positives; as many label-0 controls are added. */
  readonly rows: number;
  /** Only rows up to this many characters are copied (a post, not an essay). */
  readonly maxChars: number;
  /** Copy only rows of these sources (positives and controls alike; default every source). */
  readonly sources?: readonly string[];
}

/**
 * The augmented positives and their label-0 controls, the controls scaled (in place) to the
 * positives' total weight, so the augmentation keeps the positive/negative balance.
 */
export function withControls(positives: GlueRow[], controls: GlueRow[]): GlueRow[] {
  const mass = positives.reduce((s, r) => s + r.weight, 0);
  const controlMass = controls.reduce((s, r) => s + r.weight, 0);
  for (const c of controls) c.weight *= controlMass > 0 ? mass / controlMass : 1;
  return [...positives, ...controls];
}

/**
 * How the label-0 controls are made: by default the same change as the positives; a control may
 * instead undo what the positives get (markup stripped from label-0 posts that carry it), drawn
 * only from the label-0 rows `only` accepts.
 */
export interface Controls {
  readonly change: (text: string, random: () => number) => string;
  readonly only?: (text: string) => boolean;
}

/**
 * `config.rows` changed copies of short positives and as many of short label-0 rows, sources
 * `<name>-positive` and `<name>-control`. Seeded: the same seed gives the same rows.
 */
export function controlledCopies(
  train: readonly GlueRow[],
  config: CopyConfig,
  seed: number,
  trainChars: number,
  name: string,
  change: (text: string, random: () => number) => string,
  controlled: Controls = { change },
): GlueRow[] {
  const random = seededRandom(seed);
  const from = config.sources ? new Set(config.sources) : undefined;
  const short = (r: GlueRow) => r.text.length <= config.maxChars && (!from || from.has(r.source));
  const positives = train.filter((r) => r.target[0] === 1 && short(r));
  const negatives = train.filter(
    (r) => r.target[0] === 0 && short(r) && (!controlled.only || controlled.only(r.text)),
  );
  if (positives.length === 0 || negatives.length === 0) return [];
  const pick = (xs: readonly GlueRow[]) => xs[Math.floor(random() * xs.length)]!;
  const copy = (r: GlueRow, source: string, how = change): GlueRow => ({
    ...r,
    text: how(r.text, random).slice(0, trainChars),
    source,
  });
  const out = Array.from({ length: config.rows }, () => copy(pick(positives), `${name}-positive`));
  const controls = Array.from({ length: config.rows }, () =>
    copy(pick(negatives), `${name}-control`, controlled.change),
  );
  return withControls(out, controls);
}
