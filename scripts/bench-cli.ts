/**
 * How long a `parapet` command takes from spawn to exit on this machine: the compiled CLI
 * (bin/parapet.js running dist/, as after `npm ci`) against the same commands transpiled
 * through tsx (how every command ran before dist/), next to a bare `node -e 0` so a loaded
 * machine shows in the baseline too. Medians of --runs spawns each, run interleaved.
 *
 *   npm run build && npm run bench:cli -- [--runs 9]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' } } });
const runs = Number(values.runs);
const root = fileURLToPath(new URL('../', import.meta.url));
if (!existsSync(`${root}dist/.built`)) {
  process.stderr.write('dist/ is not built: run npm run build first\n');
  process.exit(2);
}

const check = ['check', '--policy', 'default', 'Where is my parcel?'];
const cases: Record<string, readonly string[]> = {
  'node -e 0 (baseline)': ['-e', '0'],
  'parapet --help': ['bin/parapet.js', '--help'],
  'parapet check': ['bin/parapet.js', ...check],
  'tsx src/cli.ts --help (before)': ['--import', 'tsx', 'src/cli.ts', '--help'],
  'tsx src/cli.ts check (before)': ['--import', 'tsx', 'src/cli.ts', ...check],
};

const times = new Map<string, number[]>(Object.keys(cases).map((name) => [name, []]));
for (let i = 0; i < runs; i += 1) {
  for (const [name, args] of Object.entries(cases)) {
    const started = performance.now();
    execFileSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
    times.get(name)?.push(performance.now() - started);
  }
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};
console.log(`runs: ${runs} each, load average before: ${loadavg()[0]?.toFixed(2)}`);
for (const [name, xs] of times) {
  console.log(`${name.padEnd(32)} median ${median(xs).toFixed(0).padStart(6)} ms`);
}
