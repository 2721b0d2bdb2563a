/**
 * fast-check settings shared by the property tests. `npm test` runs them with a fixed seed, so a
 * CI run is repeatable and a red build is never a coin toss; `npm run test:fuzz` explores: a new
 * random seed each run and 25 times the runs (a failure prints the seed; re-run it with
 * PARAPET_FC_SEED=<seed>, then keep the counterexample as a unit test).
 */
const FIXED_SEED = 20_261_127;

export function propertyRuns(numRuns: number): { numRuns: number; seed?: number } {
  const explicit = process.env.PARAPET_FC_SEED;
  if (explicit !== undefined && explicit !== '') return { numRuns, seed: Number(explicit) };
  if (process.env.PARAPET_FUZZ === '1') return { numRuns: numRuns * 25 };
  return { numRuns, seed: FIXED_SEED };
}
