/**
 * Glued rows: a training row after the first words of a benign sentence, with no full stop
 * between ("The parcel arrived on Tuesday and the box was in You are a worthless idiot ...").
 * A linear model scores each sentence window as one bag; when a cut or a missing full stop glues
 * benign words onto an insult, the benign words' negative weights outvote it (issue 18 item 10:
 * 26 of 112 padding lengths missed). Copies of positives glued after benign fragments teach
 * those words to carry little weight; as many label-0 rows glued the same way are the control,
 * so "glued" itself never predicts the label.
 *
 * Built from the training split only (never calibration or dev rows); fragments come from the
 * all-benign sources (everyday chat, questions), cut at a random word, trailing punctuation
 * dropped. Seeded, so the same config gives the same rows.
 */
import { seededRandom } from '../dataset.js';
import { withControls } from './augment.js';

export interface GluedConfig {
  /** Glued copies of positives; as many label-0 controls are added. */
  readonly rows: number;
  /** Only rows up to this many characters are glued (a sentence, not an essay). */
  readonly maxChars: number;
  /** Longest benign fragment, in words. */
  readonly maxWords: number;
  /**
   * Glue only rows of these sources (positives and controls alike; default every source): a
   * second set aimed at sources whose short frames would otherwise dilute glued insults.
   */
  readonly sources?: readonly string[];
}

export interface GlueRow {
  readonly text: string;
  readonly source: string;
  readonly target: Float32Array;
  readonly mask: Float32Array;
  weight: number;
}

const SENTENCE = /[^.!?\n]+[.!?]*/g;

/** The first 1..maxWords words of one sentence of `text`, without its closing punctuation. */
export function benignFragment(text: string, maxWords: number, random: () => number): string {
  const sentences = (text.match(SENTENCE) ?? [text]).map((s) => s.trim()).filter(Boolean);
  const sentence = sentences[Math.floor(random() * sentences.length)] ?? text;
  const words = sentence.split(/\s+/).filter(Boolean);
  const n = 1 + Math.floor(random() * Math.min(maxWords, Math.max(1, words.length)));
  return words
    .slice(0, n)
    .join(' ')
    .replace(/[.!?,;:…"')\]]+$/u, '');
}

/**
 * `config.rows` glued positives and `config.rows` glued label-0 rows, drawn from `train`.
 * Fragments come from rows of `benignSources`. A glued positive weighs as its original; the
 * controls share the same total mass, so the positive/negative balance is kept.
 */
export function gluedRows(
  train: readonly GlueRow[],
  benignSources: ReadonlySet<string>,
  config: GluedConfig,
  seed: number,
  trainChars: number,
): GlueRow[] {
  const random = seededRandom(seed);
  const fragments = train.filter((r) => benignSources.has(r.source));
  const from = config.sources ? new Set(config.sources) : undefined;
  const short = (r: GlueRow) => r.text.length <= config.maxChars && (!from || from.has(r.source));
  const positives = train.filter((r) => r.target[0] === 1 && short(r));
  const negatives = train.filter((r) => r.target[0] === 0 && short(r));
  if (fragments.length === 0 || positives.length === 0 || negatives.length === 0) return [];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const glue = (r: GlueRow, source: string): GlueRow => ({
    ...r,
    text: `${benignFragment(pick(fragments).text, config.maxWords, random)} ${r.text}`.slice(
      0,
      trainChars,
    ),
    source,
  });
  const out = Array.from({ length: config.rows }, () => glue(pick(positives), 'glued-positive'));
  const controls = Array.from({ length: config.rows }, () =>
    glue(pick(negatives), 'glued-control'),
  );
  return withControls(out, controls);
}
