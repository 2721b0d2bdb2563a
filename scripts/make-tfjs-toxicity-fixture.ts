/**
 * CLI: writes a loadable official TF.js toxicity model folder from ../shared/models/
 * tfjs-toxicity-partial with synthesized encoder shards (scripts/tfjs-toxicity-fixture.ts), for
 * benchmarks and demos of the `tfjs-toxicity` code path offline. Scores are meaningless.
 * Usage: node --import tsx scripts/make-tfjs-toxicity-fixture.ts [OUT]
 *        (default .parapet/models/tfjs-toxicity-synthetic)
 */
import { resolve } from 'node:path';
import { buildSyntheticToxicityModel } from './tfjs-toxicity-fixture.js';

const DEFAULT_OUT = '.parapet/models/tfjs-toxicity-synthetic';

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? DEFAULT_OUT);
  await buildSyntheticToxicityModel(out);
  process.stdout.write(`wrote ${out} (synthetic encoder shards: scores are meaningless)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(
    `make-tfjs-toxicity-fixture: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exitCode = 1;
});
