/**
 * Where the gateway's CPU goes per request: `parapet serve` (shipped `customer-support` policy,
 * SQLite audit, decision log on) runs under `node --cpu-prof` in front of the fake upstream while
 * autocannon sends --requests chat requests (~1 KB support messages by default, all different so
 * the scan cache misses); the profile's self time is then summed by function group (a package,
 * a src/ folder or file, the garbage collector) and divided by the requests served.
 *
 *   npm run bench:profile -- [--requests 2000] [--connections 16] [--size 1kb|short]
 *                            [--policy customer-support] [--top 30]
 */
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { createKey } from '../src/policy/keys.js';
import { startChild } from './bench/child.js';
import { groupOf } from './bench/profile-groups.js';
import { messageOf, type Size } from './bench/support-messages.js';

const { values } = parseArgs({
  options: {
    requests: { type: 'string', default: '2000' },
    connections: { type: 'string', default: '16' },
    size: { type: 'string', default: '1kb' },
    policy: { type: 'string', default: 'customer-support' },
    top: { type: 'string', default: '30' },
  },
});
const dir = mkdtempSync(join(tmpdir(), 'parapet-profile-'));
const profDir = join(dir, 'prof');
let sent = 0;
const body = () =>
  JSON.stringify({
    model: 'gemma',
    messages: [{ role: 'user', content: messageOf(values.size as Size, 100000 + sent++) }],
  });

const upstream = await startChild(
  ['--import', 'tsx', 'scripts/bench/upstream.ts'],
  {},
  /(http:\/\/\S+\/v1)/,
);
const key = createKey(join(dir, 'keys.json'), values.policy).key;
const spawnedAt = performance.now();
const gateway = await startChild(
  ['--cpu-prof', '--cpu-prof-dir', profDir, 'bin/parapet.js', 'serve', '--port', '0'],
  {
    PARAPET_BACKEND: 'openai',
    PARAPET_UPSTREAM_URL: upstream.match,
    PARAPET_KEYS: join(dir, 'keys.json'),
    PARAPET_AUDIT: `sqlite:${join(dir, 'audit.sqlite')}`,
    PARAPET_LOG_LEVEL: 'info',
    PARAPET_WATCH_POLICIES: 'false',
  },
  /"url":"(http:[^"]+)"/,
);
let served = 0;
// Samples before the load started (start-up: module loading, models) are not per-request work.
const loadFromUs = (performance.now() - spawnedAt) * 1000;
try {
  const r = await autocannon({
    url: `${gateway.match}/v1/chat/completions`,
    method: 'POST',
    connections: Number(values.connections),
    amount: Number(values.requests),
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    requests: [{ setupRequest: (request) => ({ ...request, body: body() }) }],
    timeout: 60,
  });
  served = r.requests.total;
  console.log(`${served} requests, ${(served / r.duration).toFixed(0)} req/s while profiled`);
} finally {
  gateway.child.kill('SIGTERM');
  upstream.child.kill('SIGTERM');
  await Promise.all([once(gateway.child, 'exit'), once(upstream.child, 'exit')]);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
}
// One profile per thread: CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile, the main
// thread's id 0; the others are the scan pool's workers (and the TF.js worker, if a policy uses it).
const files = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile'));
const threadOf = (f: string) => Number(f.split('.').at(-3));
const read = (f: string) => JSON.parse(readFileSync(join(profDir, f), 'utf8')) as Profile;
const mainFile = files.find((f) => threadOf(f) === 0);
if (!mainFile) throw new Error('the gateway wrote no main-thread .cpuprofile');
const main = read(mainFile);
const loadFrom = main.startTime + loadFromUs;

/** Wall time between samples beyond this many sampling intervals is not counted as CPU. */
const GAP_INTERVALS = 2;
let gapMicros = 0;

/**
 * Self time by function group after the load started (absolute µs: threads start apart). A
 * sample stands for the time since the previous one, but on a shared 2-core machine the thread
 * is often descheduled between ticks: one lru-cache sample carried 109 ms of such a gap (issue
 * 14's "~0.4 ms per request in the scan cache" was ~25 samples, a few of them 8-109 ms long),
 * and gaps over 4 ms were ~1/3 of the "busy" time. So a sample counts for at most
 * GAP_INTERVALS median intervals; the rest is reported apart as descheduled wall time.
 */
function busyGroups(profile: Profile): [string, number][] {
  const groupById = new Map(profile.nodes.map((n) => [n.id, groupOf(n.callFrame)]));
  const sorted = [...profile.timeDeltas].sort((a, b) => a - b);
  const cap = GAP_INTERVALS * (sorted[sorted.length >> 1] ?? 1000);
  const micros = new Map<string, number>();
  let at = profile.startTime;
  for (const [i, id] of profile.samples.entries()) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < loadFrom) continue;
    const g = groupById.get(id) ?? '?';
    if (g !== '(idle)') gapMicros += Math.max(0, delta - cap);
    micros.set(g, (micros.get(g) ?? 0) + Math.min(delta, cap));
  }
  return [...micros].filter(([g]) => g !== '(idle)').sort((a, b) => b[1] - a[1]);
}

function print(title: string, busy: [string, number][], top: number): void {
  const total = busy.reduce((s, [, us]) => s + us, 0);
  console.log(
    `${title}: CPU busy ${(total / 1000).toFixed(0)} ms under load: ${(total / served).toFixed(0)} µs per request` +
      ` (not counted: ${(gapMicros / 1000).toFixed(0)} ms of gaps between samples)\n`,
  );
  gapMicros = 0;
  console.log('| group | µs per request | share |\n| --- | ---: | ---: |');
  for (const [g, us] of busy.slice(0, top))
    console.log(`| ${g} | ${(us / served).toFixed(0)} | ${((100 * us) / total).toFixed(1)} % |`);
}

print('main thread', busyGroups(main), Number(values.top));
const workers = files.filter((f) => f !== mainFile);
if (workers.length > 0) {
  const merged = new Map<string, number>();
  for (const f of workers)
    for (const [g, us] of busyGroups(read(f))) merged.set(g, (merged.get(g) ?? 0) + us);
  console.log('');
  print(
    `${workers.length} worker thread(s)`,
    [...merged].sort((a, b) => b[1] - a[1]),
    10,
  );
}
