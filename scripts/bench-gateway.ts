/**
 * Added latency and throughput of the gateway, measured in one run against the same upstream:
 * the load generator calls the upstream directly, then through `parapet serve` (shipped
 * `default` policy, SQLite audit), alternating rounds so machine noise hits both alike.
 *
 *   npm run bench -- [--requests 2000] [--concurrency 16] [--rounds 3] [--policy default]
 *
 * Upstream, gateway and load generator are separate processes, as in production.
 */
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { createKey } from '../src/policy/keys.js';
import { startChild } from './bench/child.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
    rounds: { type: 'string', default: '3' },
    policy: { type: 'string', default: 'default' },
  },
});
const REQUESTS = Number(values.requests);
const CONCURRENCY = Number(values.concurrency);
const ROUNDS = Number(values.rounds);
const dir = mkdtempSync(join(tmpdir(), 'parapet-bench-'));

const body = JSON.stringify({
  model: 'gemma',
  messages: [
    { role: 'system', content: 'You are a helpful support assistant for an online shop.' },
    {
      role: 'user',
      content:
        'Hi! My order from last Tuesday has not arrived yet. Could you tell me what the usual delivery time is?',
    },
  ],
});

async function load(base: string, key: string) {
  const url = new URL(base);
  const pool = new Pool(url.origin, { connections: CONCURRENCY, pipelining: 1 });
  const path = `${url.pathname.replace(/\/$/, '')}/chat/completions`;
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (next++ < REQUESTS) {
      const t0 = performance.now();
      const res = await pool.request({
        method: 'POST',
        path,
        body,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      });
      await res.body.text();
      if (res.statusCode !== 200) failures++;
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { rps: latencies.length / seconds, p50: q(0.5), p99: q(0.99), failures };
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

const results: { name: string; rps: number; p50: number; p99: number; failures: number }[] = [];
try {
  await load(upstream.match, 'none'); // warm up both paths (JIT, connections, caches)
  await load(`${gateway.match}/v1`, key);
  for (let round = 1; round <= ROUNDS; round++) {
    results.push({ name: `direct #${round}`, ...(await load(upstream.match, 'none')) });
    results.push({ name: `gateway #${round}`, ...(await load(`${gateway.match}/v1`, key)) });
  }
} finally {
  gateway.child.kill('SIGTERM');
  upstream.child.kill('SIGTERM');
  await Promise.all([once(gateway.child, 'exit'), once(upstream.child, 'exit')]);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pick = (prefix: string, k: 'rps' | 'p50' | 'p99') =>
  median(results.filter((r) => r.name.startsWith(prefix)).map((r) => r[k]));
const f = (n: number) => n.toFixed(2);
console.log(
  `requests per round: ${REQUESTS}, concurrency: ${CONCURRENCY}, rounds: ${ROUNDS}, policy: ${values.policy}\n`,
);
console.log('| run | req/s | p50 ms | p99 ms | non-200 |\n| --- | ---: | ---: | ---: | ---: |');
for (const r of results)
  console.log(`| ${r.name} | ${r.rps.toFixed(0)} | ${f(r.p50)} | ${f(r.p99)} | ${r.failures} |`);
console.log(
  `\nmedian over rounds: added p50 ${f(pick('gateway', 'p50') - pick('direct', 'p50'))} ms, ` +
    `added p99 ${f(pick('gateway', 'p99') - pick('direct', 'p99'))} ms, ` +
    `throughput through the gateway ${((100 * pick('gateway', 'rps')) / pick('direct', 'rps')).toFixed(0)} % of direct`,
);
