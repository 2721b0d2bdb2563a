/**
 * The reviewer's view of speed: HTTP latency of the review API and pages through the real
 * gateway (express, auth, session, rendering) on an SQLite store holding N bulk-loaded events
 * (scripts/bench/audit-load.ts: 30 days, realistic mix, 1 % sample queued, three products).
 * Each endpoint is driven by autocannon for a few seconds at a small concurrency (a review team,
 * not a load test); p50/p99 latency and requests per second are printed as a markdown table.
 *
 *   npm run bench:review -- [--events 200000] [--seconds 5] [--connections 4]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import Sqlite from 'better-sqlite3';
import { openSqliteAuditStore } from '../src/audit/stores/sqlite/sqlite-store.js';
import { startTestGateway } from '../tests/helpers/gateway.js';
import { bulkRows, loadSqlite } from './bench/audit-load.js';

const SAMPLE = 0.01;
const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '200000' },
    seconds: { type: 'string', default: '5' },
    connections: { type: 'string', default: '4' },
  },
});
const EVENTS = Number(values.events);
const SECONDS = Number(values.seconds);
const CONNECTIONS = Number(values.connections);

async function signIn(url: string, token: string): Promise<string> {
  const form = await fetch(`${url}/review/login`);
  const html = await form.text();
  const loginCookie = form.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  const csrf = /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const res = await fetch(`${url}/review/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: loginCookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, token }).toString(),
  });
  const session = res.headers.getSetCookie().find((c) => c.startsWith('parapet_review='));
  if (!session) throw new Error('sign-in failed');
  return session.split(';')[0] ?? '';
}

async function measure(name: string, url: string, headers: Record<string, string>) {
  const result = await autocannon({ url, headers, connections: CONNECTIONS, duration: SECONDS });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${name}: failures`);
  return `| ${name} | ${result.latency.p50} | ${result.latency.p99} | ${Math.round(result.requests.average)} |`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'parapet-bench-review-'));
  const path = join(dir, 'audit.db');
  await openSqliteAuditStore(path, { reviewSample: SAMPLE }).close();
  const loadStart = performance.now();
  const db = new Sqlite(path);
  loadSqlite(db, bulkRows(EVENTS, SAMPLE));
  db.exec('ANALYZE');
  db.close();
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const gw = await startTestGateway({
    backend: { backend: null, missing: 'benchmark' },
    products: [],
    audit: openSqliteAuditStore(path, { reviewSample: SAMPLE }),
    reviewers: { lead: 'all', scoped: ['clinic-intake'] },
  });
  try {
    const bearer = { authorization: `Bearer ${gw.reviewerTokens.lead ?? ''}` };
    const scoped = { authorization: `Bearer ${gw.reviewerTokens.scoped ?? ''}` };
    const cookie = { cookie: await signIn(gw.url, gw.reviewerTokens.lead ?? '') };
    const first = (await (
      await fetch(`${gw.url}/api/review/decisions?state=pending&limit=1`, { headers: bearer })
    ).json()) as { items: { id: string }[] };
    const id = first.items[0]?.id ?? '';
    const rows = [
      await measure(
        'API queue, all products, 50',
        `${gw.url}/api/review/decisions?state=pending&limit=50`,
        bearer,
      ),
      await measure(
        'API queue, one product, 50',
        `${gw.url}/api/review/decisions?state=pending&limit=50`,
        scoped,
      ),
      await measure(
        'API queue, scanner=toxicity',
        `${gw.url}/api/review/decisions?scanner=toxicity&limit=50`,
        bearer,
      ),
      await measure('API decision', `${gw.url}/api/review/decisions/${id}`, bearer),
      await measure('page: queue (HTML)', `${gw.url}/review`, cookie),
      await measure('page: decision (HTML, with next)', `${gw.url}/review/decisions/${id}`, cookie),
      await measure('API stats, 7 days', `${gw.url}/api/review/stats?since=7d`, bearer),
      await measure('page: stats, 7 days (SVG)', `${gw.url}/review/stats?since=7d`, cookie),
    ];
    process.stdout.write(
      `Review endpoints on SQLite with ${EVENTS} events (bulk load ${loadSeconds.toFixed(0)} s), ` +
        `${CONNECTIONS} connections, ${SECONDS} s each, load average ${loadavg()[0]?.toFixed(1)}:\n\n` +
        `| endpoint | p50 ms | p99 ms | req/s |\n| --- | --- | --- | --- |\n${rows.join('\n')}\n`,
    );
  } finally {
    await gw.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
