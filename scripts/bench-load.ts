/**
 * Load benchmark of issue 14, in one run on one fake upstream (instant echo reply):
 * `parapet serve` with the shipped `customer-support` policy (SQLite audit, decision log on)
 * against the minimal express + helmet + JSON + undici + one-SQLite-row proxy of
 * scripts/bench/minimal-proxy.ts, with a short support message and a ~1 KB one, at 1 and 16
 * connections. Variants alternate inside every round so machine noise hits both alike. Prints
 * req/s, p50/p99 and the event-loop delay p99 of each server during its run, and writes the
 * table between the `bench:load` markers of docs/benchmarks.md (not with --dry).
 * With --soak-requests N it then soaks the gateway and samples its memory. With --before DIR
 * (another checkout, e.g. `git worktree add --detach ../before main` with its own `npm ci`)
 * that checkout's gateway runs as a third variant in the same rounds, and a before/after table
 * is printed (the docs table stays this checkout's): on a shared machine the load changes from
 * minute to minute, so only variants measured side by side compare.
 *
 *   npm run bench:load -- [--duration 5] [--rounds 2] [--connections 1,16] [--sizes short,1kb]
 *                         [--policy customer-support] [--dry] [--soak-requests 0] [--before DIR]
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import * as prettier from 'prettier';
import { createKey } from '../src/policy/keys.js';
import { startChild } from './bench/child.js';
import { printSoak, soak } from './bench/soak.js';
import { messageOf, type Size } from './bench/support-messages.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '2' },
    connections: { type: 'string', default: '1,16' },
    sizes: { type: 'string', default: 'short,1kb' },
    policy: { type: 'string', default: 'customer-support' },
    dry: { type: 'boolean', default: false },
    'soak-requests': { type: 'string', default: '0' },
    'soak-max-seconds': { type: 'string', default: '480' },
    before: { type: 'string' },
  },
});
const DURATION_S = Number(values.duration);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = values.connections.split(',').map(Number);
const SIZES = values.sizes.split(',') as Size[];
const dir = mkdtempSync(join(tmpdir(), 'parapet-load-'));

// Every request is a different text (an order number), so the scan cache misses as on real
// traffic instead of answering from memory.
let sent = 0;
const bodyOf = (size: Size) =>
  JSON.stringify({
    model: 'gemma',
    messages: [
      { role: 'system', content: 'You are a helpful support assistant for an online shop.' },
      { role: 'user', content: messageOf(size, 100000 + (sent++ % 900000)) },
    ],
  });

interface Run {
  readonly variant: 'proxy' | 'gateway' | 'before';
  readonly size: Size;
  readonly connections: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly loopP99Ms: number;
  readonly bad: number;
  readonly requests: number;
}

async function cannon(base: string, key: string, size: Size, connections: number, load: object) {
  const r = await autocannon({
    url: `${base}/chat/completions`,
    method: 'POST',
    connections,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    requests: [{ setupRequest: (request) => ({ ...request, body: bodyOf(size) }) }],
    timeout: 30,
    ...load,
  });
  return { r, bad: r.errors + r.timeouts + r.non2xx, requests: r.requests.total };
}

const upstream = await startChild(
  ['--import', 'tsx', 'scripts/bench/upstream.ts'],
  {},
  /(http:\/\/\S+\/v1)/,
);
const proxy = await startChild(
  ['--import', 'tsx', 'scripts/bench/minimal-proxy.ts', upstream.match, join(dir, 'proxy.sqlite')],
  {},
  /proxy listening on (http:\/\/\S+\/v1)/,
);
const key = createKey(join(dir, 'keys.json'), values.policy).key;
const startGateway = (audit: string, cwd?: string) =>
  startChild(
    ['bin/parapet.js', 'serve', '--port', '0'],
    {
      PARAPET_BACKEND: 'openai',
      PARAPET_UPSTREAM_URL: upstream.match,
      PARAPET_KEYS: join(dir, 'keys.json'),
      PARAPET_AUDIT: `sqlite:${join(dir, audit)}`,
      PARAPET_LOG_LEVEL: 'info', // as in production: the decision log is on
      PARAPET_WATCH_POLICIES: 'false',
    },
    /"url":"(http:[^"]+)"/,
    cwd,
  );
const gateway = await startGateway('audit.sqlite');
const gatewayUrl = gateway.match;
const before = values.before ? await startGateway('audit-before.sqlite', values.before) : undefined;
const variants = ['proxy', ...(before ? (['before'] as const) : []), 'gateway'] as const;
const proxyRoot = proxy.match.replace(/\/v1$/, '');

/** Event-loop delay p99 (ms) since the previous call; each server resets it when read. */
async function loopP99Ms(variant: Run['variant']): Promise<number> {
  if (variant === 'proxy') {
    const j = (await (await fetch(`${proxyRoot}/loop`)).json()) as { p99_seconds: number };
    return j.p99_seconds * 1000;
  }
  const url = variant === 'before' ? before?.match : gatewayUrl;
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^parapet_process_nodejs_eventloop_lag_p99_seconds (\S+)$/m.exec(text)?.[1]) * 1000;
}

const runs: Run[] = [];
let soaked: Awaited<ReturnType<typeof soak>> | undefined;
try {
  const targets = {
    proxy: [proxy.match, 'none'],
    gateway: [`${gatewayUrl}/v1`, key],
    before: [`${before?.match}/v1`, key],
  } as const;
  for (const variant of variants) {
    const [base, k] = targets[variant];
    await cannon(base, k, '1kb', 16, { duration: 3 }); // warm-up: JIT, models, caches
  }
  for (let round = 1; round <= ROUNDS; round++)
    for (const size of SIZES)
      for (const connections of CONNECTIONS)
        for (const variant of variants) {
          const [base, k] = targets[variant];
          await loopP99Ms(variant); // reset
          const { r, bad, requests } = await cannon(base, k, size, connections, {
            duration: DURATION_S,
          });
          const run = {
            ...{ variant, size, connections, bad, requests },
            ...{ rps: requests / r.duration, p50: r.latency.p50, p99: r.latency.p99 },
            loopP99Ms: await loopP99Ms(variant),
          };
          runs.push(run);
          console.error(JSON.stringify(run));
        }
  const soakRequests = Number(values['soak-requests']);
  if (soakRequests > 0)
    soaked = await soak(
      gatewayUrl,
      gateway.child.pid ?? 0,
      soakRequests,
      Number(values['soak-max-seconds']),
      (amount) => cannon(`${gatewayUrl}/v1`, key, 'short', 16, { amount }),
    );
} finally {
  const children = [gateway, proxy, upstream, ...(before ? [before] : [])];
  for (const c of children) c.child.kill('SIGTERM');
  await Promise.all(children.map((c) => once(c.child, 'exit')));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};
const f = (n: number, digits = 1) => n.toFixed(digits);
const lines = [
  '| message | connections | proxy req/s | gateway req/s | gateway vs proxy | proxy p50 / p99 ms | gateway p50 / p99 ms | added p50 ms | loop delay p99 ms, proxy / gateway | errors + non-2xx |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
];
for (const size of SIZES)
  for (const connections of CONNECTIONS) {
    const of = (v: Run['variant'], k: 'rps' | 'p50' | 'p99' | 'loopP99Ms') =>
      median(
        runs
          .filter((r) => r.variant === v && r.size === size && r.connections === connections)
          .map((r) => r[k]),
      );
    const bad = runs
      .filter((r) => r.size === size && r.connections === connections)
      .reduce((s, r) => s + r.bad, 0);
    lines.push(
      `| ${size === '1kb' ? '~1 KB' : 'short'} | ${connections} | ${f(of('proxy', 'rps'), 0)} | ${f(of('gateway', 'rps'), 0)} | ` +
        `${f((100 * of('gateway', 'rps')) / of('proxy', 'rps'))} % | ${of('proxy', 'p50')} / ${of('proxy', 'p99')} | ` +
        `${of('gateway', 'p50')} / ${of('gateway', 'p99')} | ${f(of('gateway', 'p50') - of('proxy', 'p50'))} | ` +
        `${f(of('proxy', 'loopP99Ms'))} / ${f(of('gateway', 'loopP99Ms'))} | ${bad} |`,
    );
  }
if (before) {
  const rows = [
    `Before (\`${values.before}\`) and after (this checkout), side by side in the same rounds:`,
    '',
    '| message | connections | gateway vs proxy, before / after | added p50 ms, before / after | loop delay p99 ms, before / after | after / before req/s |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const size of SIZES)
    for (const connections of CONNECTIONS) {
      const of = (v: Run['variant'], k: 'rps' | 'p50' | 'loopP99Ms') =>
        median(
          runs
            .filter((r) => r.variant === v && r.size === size && r.connections === connections)
            .map((r) => r[k]),
        );
      const share = (v: Run['variant']) => f((100 * of(v, 'rps')) / of('proxy', 'rps'));
      const added = (v: Run['variant']) => f(of(v, 'p50') - of('proxy', 'p50'));
      rows.push(
        `| ${size === '1kb' ? '~1 KB' : 'short'} | ${connections} | ${share('before')} % / ${share('gateway')} % | ` +
          `${added('before')} / ${added('gateway')} | ${f(of('before', 'loopP99Ms'))} / ${f(of('gateway', 'loopP99Ms'))} | ` +
          `${f(of('gateway', 'rps') / of('before', 'rps'), 2)} |`,
      );
    }
  console.log(`${rows.join('\n')}\n`);
}
const subject = execFileSync('git', ['log', '-1', '--format=%h %s']).toString().trim();
const commit = subject.length > 72 ? `${subject.slice(0, 71)}…` : subject;
const header =
  `Measured ${new Date().toISOString().slice(0, 16)} UTC at commit \`${commit}\`, policy \`${values.policy}\`, ` +
  `${ROUNDS} round(s) of ${DURATION_S} s per cell (medians), load average at the end ${f(loadavg()[0] ?? 0)}.`;
const table = `${header}\n\n${lines.join('\n')}`;
console.log(table);
if (!values.dry) {
  const path = new URL('../docs/benchmarks.md', import.meta.url).pathname;
  const doc = readFileSync(path, 'utf8');
  const re = /<!-- bench:load begin -->[\s\S]*?<!-- bench:load end -->/;
  if (!re.test(doc)) throw new Error('docs/benchmarks.md has no bench:load markers');
  const updated = doc.replace(
    re,
    `<!-- bench:load begin -->\n\n${table}\n\n<!-- bench:load end -->`,
  );
  // Formatted as `npm run lint` expects, so a re-run leaves a clean diff.
  const options = await prettier.resolveConfig(path);
  writeFileSync(path, await prettier.format(updated, { ...options, filepath: path }));
}
if (soaked) printSoak(soaked);
