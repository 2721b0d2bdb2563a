/**
 * CLI: writes the tiny random-weight Gemma GGUF used by tests and offline demos.
 * Usage: node --import tsx scripts/make-tiny-gemma.ts [OUT] (default .parapet/models/tiny-gemma.gguf)
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeTinyGemma } from './tiny-gemma.js';

const DEFAULT_OUT = '.parapet/models/tiny-gemma.gguf';

async function main(): Promise<void> {
  const out = resolve(process.argv[2] ?? DEFAULT_OUT);
  await writeTinyGemma(out);
  const { size } = await stat(out);
  process.stdout.write(`wrote ${out} (${(size / 1024).toFixed(0)} KiB)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`make-tiny-gemma: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
