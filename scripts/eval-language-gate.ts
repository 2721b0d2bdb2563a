/**
 * How often the `unsupported_language` gate calls English text foreign, on the English dev
 * sets (../shared/data/dev/{toxicity,harmful_requests,prompt_injection}/*.jsonl): per file, the
 * texts long enough to judge, how many franc's bare top guess puts outside English, and how
 * many the gate (with its margin) does. deepset_prompt_injections holds real German, so there
 * the gate count is a hit rate, not a false-positive rate.
 *
 *   node --import tsx scripts/eval-language-gate.ts [dev-dir]
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GATE_MARGIN, GATE_MIN_CHARS } from '../src/pipeline/language-gate.js';
import { detectLanguage, foreignness } from '../src/text/language.js';

const DEV = process.argv[2] ?? new URL('../../shared/data/dev/', import.meta.url).pathname;
const SETS = ['toxicity', 'harmful_requests', 'prompt_injection'];

function textsOf(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => (JSON.parse(line) as { text?: unknown }).text)
    .filter((text): text is string => typeof text === 'string');
}

function main(): void {
  if (!existsSync(DEV)) {
    console.error(`No dev data at ${DEV}; pass its path.`);
    process.exit(2);
  }
  console.log(`min ${GATE_MIN_CHARS} chars, margin ${GATE_MARGIN}`);
  console.log('file | judged | top guess not eng | gate: not eng');
  for (const set of SETS) {
    for (const name of readdirSync(join(DEV, set))
      .filter((f) => f.endsWith('.jsonl'))
      .sort()) {
      const guesses = textsOf(join(DEV, set, name))
        .map((text) => detectLanguage(text, GATE_MIN_CHARS))
        .filter((g) => g.language !== 'und');
      const top = guesses.filter((g) => g.language !== 'eng').length;
      const gate = guesses.filter((g) => foreignness(g, ['eng']) >= GATE_MARGIN).length;
      console.log(`${set}/${name} | ${guesses.length} | ${top} | ${gate}`);
    }
  }
}

main();
