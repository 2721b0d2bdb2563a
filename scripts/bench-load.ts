/**
 * Load and soak through autocannon, in one run against one upstream:
 * 1. throughput and p50/p99 latency of the fake upstream alone vs. `parapet serve` (shipped
 *    `default` policy, SQLite audit) in front of it, alternating rounds so machine noise hits
 *    both alike; the difference is the latency the gateway adds;
 * 2. a soak of --soak-requests through the gateway (stopping early at --soak-max-seconds),
 *    sampling the gateway's RSS (/proc) and V8 heap (its /metrics) to show memory is stable.
 *
 *   npm run bench:load -- [--connections 16] [--duration 10] [--rounds 2]
 *                         [--soak-requests 100000] [--soak-max-seconds 480] [--policy default]
 */
import { once } from 'node:events';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createKey } from '../src/policy/keys.js';
import { startChild } from './bench/child.js';

const { values } = parseArgs({
  options: {
    connections: { type: 'string', default: '16' },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '2' },
    'soak-requests': { type: 'string', default: '100000' },
    'soak-max-seconds': { type: 'string', default: '480' },
    policy: { type: 'string', default: 'default' },
  },
});
const CONNECTIONS = Number(values.connections);
const DURATION_S = Number(values.duration);
const ROUNDS = Number(values.rounds);
const SOAK_REQUESTS = Number(values['soak-requests']);
const SOAK_MAX_S = Number(values['soak-max-seconds']);
const SOAK_CHUNK = 5000;
const dir = mkdtempSync(join(tmpdir(), 'parapet-load-'));

// Every request is a different text (an order number), so the gateway's scan cache misses and
// churns as it would on real traffic instead of answering from memory.
let sent = 0;
const nextBody = () =>
  JSON.stringify({
    model: 'gemma',
    messages: [
      { role: 'system', content: 'You are a helpful support assistant for an online shop.' },
      {
        role: 'user',
        content: `Hi! My order ${100000 + (sent++ % 900000)} from last Tuesday has not arrived yet. Could you tell me what the usual delivery time is?`,
      },
    ],
  });

interface Run {
  readonly name: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly requests: number;
  readonly bad: number;
}

async function cannon(
  name: string,
  base: string,
  key: string,
  load: { duration?: number; amount?: number },
): Promise<Run> {
  const r = await autocannon({
    url: `${base}/chat/completions`,
    method: 'POST',
    connections: CONNECTIONS,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    requests: [{ setupRequest: (request) => ({ ...request, body: nextBody() }) }],
    timeout: 30,
    ...load,
  });
  return {
    name,
    rps: r.requests.total / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    requests: r.requests.total,
    bad: r.errors + r.timeouts + r.non2xx,
  };
}

interface MemorySample {
  readonly requests: number;
  readonly seconds: number;
  readonly rssMb: number;
  readonly heapMb: number;
}

function rssMb(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) / 1024;
}

async function heapMb(gatewayUrl: string): Promise<number> {
  const text = await (await fetch(`${gatewayUrl}/metrics`)).text();
  const used = /^parapet_process_nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1];
  return Number(used) / 2 ** 20;
}

async function soak(gatewayUrl: string, key: string, pid: number) {
  const samples: MemorySample[] = [];
  const started = performance.now();
  let done = 0;
  let bad = 0;
  const sample = async () => {
    samples.push({
      requests: done,
      seconds: (performance.now() - started) / 1000,
      rssMb: rssMb(pid),
      heapMb: await heapMb(gatewayUrl),
    });
  };
  await sample();
  while (done < SOAK_REQUESTS && (performance.now() - started) / 1000 < SOAK_MAX_S) {
    const run = await cannon('soak', `${gatewayUrl}/v1`, key, {
      amount: Math.min(SOAK_CHUNK, SOAK_REQUESTS - done),
    });
    done += run.requests;
    bad += run.bad;
    await sample();
  }
  return { samples, done, bad, seconds: (performance.now() - started) / 1000 };
}

/** Least-squares slope of y over x. */
function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const sxy = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return sxx === 0 ? 0 : sxy / sxx;
}

const upstream = await startChild(
  ['--import', 'tsx', 'scripts/bench/upstream.ts'],
  {},
  /(http:\/\/\S+\/v1)/,
);
const key = createKey(join(dir, 'keys.json'), values.policy).key;
const gateway = await startChild(
  ['bin/parapet.js', 'serve', '--port', '0'],
  {
    PARAPET_BACKEND: 'openai',
    PARAPET_UPSTREAM_URL: upstream.match,
    PARAPET_KEYS: join(dir, 'keys.json'),
    PARAPET_AUDIT: `sqlite:${join(dir, 'audit.sqlite')}`,
    PARAPET_LOG_LEVEL: 'info', // as in production: the decision log is on
    PARAPET_WATCH_POLICIES: 'false',
  },
  /"url":"(http:[^"]+)"/,
);
const gatewayPid = gateway.child.pid ?? 0;

const runs: Run[] = [];
let soaked: Awaited<ReturnType<typeof soak>>;
try {
  await cannon('warm-up', upstream.match, 'none', { duration: 2 });
  await cannon('warm-up', `${gateway.match}/v1`, key, { duration: 3 });
  for (let round = 1; round <= ROUNDS; round++) {
    runs.push(
      await cannon(`upstream alone #${round}`, upstream.match, 'none', { duration: DURATION_S }),
    );
    runs.push(
      await cannon(`gateway #${round}`, `${gateway.match}/v1`, key, { duration: DURATION_S }),
    );
  }
  soaked = await soak(gateway.match, key, gatewayPid);
} finally {
  gateway.child.kill('SIGTERM');
  upstream.child.kill('SIGTERM');
  await Promise.all([once(gateway.child, 'exit'), once(upstream.child, 'exit')]);
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};
const pick = (prefix: string, k: 'rps' | 'p50' | 'p99') =>
  median(runs.filter((r) => r.name.startsWith(prefix)).map((r) => r[k]));
const f = (n: number, digits = 1) => n.toFixed(digits);
console.log(
  `connections: ${CONNECTIONS}, ${DURATION_S} s per run, rounds: ${ROUNDS}, policy: ${values.policy}\n`,
);
console.log(
  '| run | req/s | p50 ms | p99 ms | requests | errors + non-2xx |\n| --- | ---: | ---: | ---: | ---: | ---: |',
);
for (const r of runs)
  console.log(`| ${r.name} | ${f(r.rps, 0)} | ${r.p50} | ${r.p99} | ${r.requests} | ${r.bad} |`);
console.log(
  `\nmedians: added p50 ${f(pick('gateway', 'p50') - pick('upstream', 'p50'))} ms, ` +
    `added p99 ${f(pick('gateway', 'p99') - pick('upstream', 'p99'))} ms, ` +
    `gateway throughput ${f((100 * pick('gateway', 'rps')) / pick('upstream', 'rps'))} % of the upstream alone`,
);

const { samples, done, bad, seconds } = soaked;
if (done === 0) process.exit(0); // --soak-requests 0: the comparison only
console.log(
  `\nsoak: ${done} requests in ${f(seconds, 0)} s (${f(done / seconds, 0)} req/s), errors + non-2xx: ${bad}\n`,
);
console.log('| requests | seconds | RSS MB | heap used MB |\n| ---: | ---: | ---: | ---: |');
const every = Math.max(1, Math.floor(samples.length / 10));
for (const [i, s] of samples.entries()) {
  if (i % every === 0 || i === samples.length - 1)
    console.log(`| ${s.requests} | ${f(s.seconds, 0)} | ${f(s.rssMb)} | ${f(s.heapMb)} |`);
}
const secondHalf = samples.slice(Math.floor(samples.length / 2));
const perTenK = (k: 'rssMb' | 'heapMb') =>
  10_000 * slope(secondHalf.map((s) => [s.requests, s[k]]));
console.log(
  `\nsecond half of the soak: RSS ${f(perTenK('rssMb'), 2)} MB and heap ${f(perTenK('heapMb'), 2)} MB per 10k requests (least-squares slope)`,
);
