/**
 * The `pii` scanner's speed against another checkout of Parapet, old and new alternated round
 * by round in one process on the same 1 KB texts, so a loaded machine slows both alike; the
 * ratio is the figure to read (docs/scanners.md#name-tagger-name_tagger):
 *
 *   git worktree add --detach /tmp/pii-old <ref> && ln -s "$PWD/node_modules" /tmp/pii-old/
 *   npm run bench:pii-ab -- --old /tmp/pii-old [--rounds 10] [--data DIR]
 *
 * Both sides run from their TypeScript sources (tsx), with the default params (the name tagger
 * on). Texts are bench:pii's: consecutive dev rows joined and cut to 1 KB.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { pii as piiScanner } from '../src/scanners/pii.js';
import type { scanInputFor as viewsOf } from '../src/text/views.js';

const { values } = parseArgs({
  options: {
    old: { type: 'string' },
    rounds: { type: 'string', default: '10' },
    data: {
      type: 'string',
      default: new URL('../../shared/data/dev/pii/', import.meta.url).pathname,
    },
  },
});
if (values.old === undefined) throw new Error('bench:pii-ab: --old DIR (a checkout) is required');
if (!existsSync(values.data)) {
  console.log(`bench:pii-ab: skipped, no dev data at ${values.data}`);
  process.exit(0);
}
const ROUNDS = Number(values.rounds);

const rows = readdirSync(values.data)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .flatMap((f) => readFileSync(join(values.data, f), 'utf8').split('\n'))
  .filter((line) => line.trim() !== '')
  .map((line) => (JSON.parse(line) as { text: string }).text);
// as bench:pii's kilobyteTexts
const texts: string[] = [];
let current = '';
for (const row of rows) {
  current += `${row}\n`;
  if (current.length >= 1024) {
    const cut = current.lastIndexOf(' ', 1024);
    texts.push(current.slice(0, cut > 900 ? cut : 1024).padEnd(1024, ' '));
    current = '';
  }
}

type Scan = (text: string) => Promise<unknown>;
async function scannerAt(root: string): Promise<Scan> {
  const { pii } = (await import(join(root, 'src/scanners/pii.ts'))) as { pii: typeof piiScanner };
  const { scanInputFor } = (await import(join(root, 'src/text/views.ts'))) as {
    scanInputFor: typeof viewsOf;
  };
  const scan = pii.create(pii.params.parse({}), { countTokens: () => Promise.resolve(0) });
  const signal = new AbortController().signal;
  return (text) => scan(scanInputFor(text, 'input', signal));
}

const sides: [string, Scan][] = [
  ['old', await scannerAt(resolve(values.old))],
  ['new', await scannerAt(new URL('..', import.meta.url).pathname)],
];
const times = new Map<string, number[]>(sides.map(([name]) => [name, []]));
const cpu = new Map<string, number>(sides.map(([name]) => [name, 0]));
// two warm-up passes each: JIT, gazetteer and model loads
for (const [, scan] of sides) for (let k = 0; k < 2; k++) for (const t of texts) await scan(t);
for (let round = 0; round < ROUNDS; round++)
  for (const [name, scan] of round % 2 === 0 ? sides : [...sides].reverse()) {
    const before = process.cpuUsage();
    for (const t of texts) {
      const started = performance.now();
      await scan(t);
      times.get(name)?.push(performance.now() - started);
    }
    const used = process.cpuUsage(before);
    cpu.set(name, (cpu.get(name) ?? 0) + used.user + used.system);
  }
const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const n = texts.length * ROUNDS;
for (const [name] of sides)
  console.log(
    `${name}: p50 ${p50(times.get(name) ?? []).toFixed(3)} ms, mean CPU ${((cpu.get(name) ?? 0) / 1000 / n).toFixed(3)} ms per 1 KB (${texts.length} texts x ${ROUNDS} rounds)`,
  );
const ratio = (f: (name: string) => number) => (f('new') / f('old')).toFixed(3);
console.log(
  `new / old: p50 ${ratio((s) => p50(times.get(s) ?? []))}, mean CPU ${ratio((s) => cpu.get(s) ?? 0)}`,
);
