/**
 * Streaming through the gateway: time to first token (TTFT), the gap between chunks, and the
 * gateway's CPU per 1,000 streamed tokens, with the incremental output guard (the shipped
 * `default` policy: 3 output rules, holdback_chars 160, check_every_chars 80) against plain
 * pass-through (a policy with no rules) and against the upstream called directly — one run,
 * same scripted upstream (steady word deltas).
 *
 *   npm run bench:stream -- [--requests 8] [--tokens 150] [--delay 10]
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Agent, request } from 'undici';
import { createKey } from '../src/policy/keys.js';
import { startChild } from './bench/child.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '8' },
    tokens: { type: 'string', default: '150' },
    delay: { type: 'string', default: '10' },
  },
});
const REQUESTS = Number(values.requests);
const root = new URL('../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'parapet-bench-stream-'));
cpSync(join(root, 'policies'), join(dir, 'policies'), { recursive: true });
writeFileSync(join(dir, 'policies', 'bench-plain.yaml'), 'product: bench-plain\nversion: 1\n');

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
}

const agent = new Agent({ keepAliveTimeout: 10_000 });
const body = JSON.stringify({
  model: 'gemma',
  stream: true,
  messages: [{ role: 'user', content: 'Where is my parcel?' }],
});

async function one(base: string, key: string) {
  const t0 = performance.now();
  const res = await request(`${base}/chat/completions`, {
    method: 'POST',
    dispatcher: agent,
    body,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
  });
  let first = -1;
  let last = t0;
  const gaps: number[] = [];
  let buffer = '';
  for await (const piece of res.body) {
    buffer += (piece as Buffer).toString();
    const events = buffer.split('\n\n');
    buffer = events.pop() ?? '';
    for (const event of events) {
      if (!event.includes('"content":"') || event.includes('"content":""')) continue;
      const now = performance.now();
      if (first < 0) first = now - t0;
      else gaps.push(now - last);
      last = now;
    }
  }
  return { ttft: first, gaps, total: performance.now() - t0 };
}

async function run(name: string, base: string, key: string, pid: number | undefined) {
  const cpu0 = pid ? cpuSeconds(pid) : 0;
  const ttfts: number[] = [];
  const gaps: number[] = [];
  const totals: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const r = await one(base, key);
    ttfts.push(r.ttft);
    gaps.push(...r.gaps);
    totals.push(r.total);
  }
  const cpu = pid ? cpuSeconds(pid) - cpu0 : NaN;
  const q = (xs: number[], p: number) =>
    [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? NaN;
  const tokens = REQUESTS * Number(values.tokens);
  return {
    name,
    ttft: q(ttfts, 0.5),
    gapP50: q(gaps, 0.5),
    gapP95: q(gaps, 0.95),
    chunks: gaps.length / REQUESTS + 1,
    total: q(totals, 0.5),
    cpuPer1k: (cpu * 1000 * 1000) / tokens,
  };
}

const upstream = await startChild(
  ['--import', 'tsx', 'scripts/bench/upstream.ts'],
  { BENCH_STREAM_TOKENS: values.tokens, BENCH_STREAM_DELAY_MS: values.delay },
  /(http:\/\/\S+\/v1)/,
);
const keys = join(dir, 'keys.json');
const guardKey = createKey(keys, 'default').key;
const plainKey = createKey(keys, 'bench-plain').key;
const gateway = await startChild(
  ['bin/parapet.js', 'serve', '--port', '0'],
  {
    PARAPET_BACKEND: 'openai',
    PARAPET_UPSTREAM_URL: upstream.match,
    PARAPET_POLICIES: join(dir, 'policies'),
    PARAPET_KEYS: keys,
    PARAPET_AUDIT: `sqlite:${join(dir, 'audit.sqlite')}`,
    PARAPET_WATCH_POLICIES: 'false',
  },
  /"url":"(http:[^"]+)"/,
);
const rows = [];
try {
  await one(upstream.match, 'none');
  await one(`${gateway.match}/v1`, guardKey);
  rows.push(await run('upstream directly', upstream.match, 'none', undefined));
  rows.push(
    await run(
      'gateway, pass-through (no output rules)',
      `${gateway.match}/v1`,
      plainKey,
      gateway.child.pid,
    ),
  );
  rows.push(
    await run(
      'gateway, output guard (default policy)',
      `${gateway.match}/v1`,
      guardKey,
      gateway.child.pid,
    ),
  );
} finally {
  gateway.child.kill('SIGTERM');
  upstream.child.kill('SIGTERM');
  await agent.close();
}
const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
console.log(
  `requests: ${REQUESTS} per row, ${values.tokens} word deltas each, one every ${values.delay} ms\n`,
);
console.log(
  '| path | TTFT p50 ms | chunk gap p50 ms | chunk gap p95 ms | content chunks / reply | reply p50 ms | gateway CPU ms / 1k tokens |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows)
  console.log(
    `| ${r.name} | ${f(r.ttft)} | ${f(r.gapP50)} | ${f(r.gapP95)} | ${f(r.chunks)} | ${f(r.total)} | ${f(r.cpuPer1k)} |`,
  );
