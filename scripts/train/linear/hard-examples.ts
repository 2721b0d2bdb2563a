/**
 * Hard-example mining for the linear trainer: after a first fit, rows the model gets most wrong
 * weigh more and the model is fitted again. Only rows whose label is trustworthy are mined: a
 * high score on a row of an all-benign source is the model's error, not a label's (rows of mixed
 * corpora are left alone, their high-scored label-0 rows are as often label noise); a low score
 * on a positive is mined only from the sources named, whose positives the task owner vouches for.
 */
import type { Example, LogRegWeights } from './logreg.js';
import { logits } from './logreg.js';

/** A share of rows and the factor their weight is multiplied by. */
export interface Mining {
  readonly share: number;
  readonly boost: number;
}

/** A positive mining pass: only the positives of `sources` are candidates. */
export interface PositiveMining extends Mining {
  readonly sources: readonly string[];
}

interface Candidate {
  readonly source: string;
  readonly target: ArrayLike<number>;
}

/** Boosts, in place, the `share` of candidate rows ranked first by `rank`; returns their count. */
function boostRanked(
  examples: Example[],
  candidates: readonly number[],
  rank: (z: number) => number,
  model: LogRegWeights,
  buckets: number,
  { share, boost }: Mining,
): number {
  const top = candidates
    .map((i) => ({ i, key: rank(logits(model, examples[i]!.x, buckets)[0] ?? 0) }))
    .sort((a, b) => b.key - a.key)
    .slice(0, Math.round(candidates.length * share));
  for (const { i } of top) examples[i] = { ...examples[i]!, weight: examples[i]!.weight * boost };
  return top.length;
}

/** The highest-scored rows of the sources without positives (`benignSources`). */
export function mineHardNegatives(
  model: LogRegWeights,
  examples: Example[],
  train: readonly Candidate[],
  benignSources: ReadonlySet<string>,
  buckets: number,
  mining: Mining,
): number {
  const candidates = train.flatMap((r, i) => (benignSources.has(r.source) ? [i] : []));
  return boostRanked(examples, candidates, (z) => z, model, buckets, mining);
}

/** The lowest-scored positives of `mining.sources`: the requests the first fit missed. */
export function mineHardPositives(
  model: LogRegWeights,
  examples: Example[],
  train: readonly Candidate[],
  buckets: number,
  mining: PositiveMining,
): number {
  const sources = new Set(mining.sources);
  const candidates = train.flatMap((r, i) =>
    sources.has(r.source) && r.target[0] === 1 ? [i] : [],
  );
  return boostRanked(examples, candidates, (z) => -z, model, buckets, mining);
}
