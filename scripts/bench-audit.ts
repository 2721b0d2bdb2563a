/**
 * Audit store costs, SQLite and Postgres, through the store API:
 *  1. write cost per request: `await store.append(event)` latency (p50/p99) with N concurrent
 *     request loops, the throughput reached and the gateway-process CPU per event;
 *  2. the review queue at scale: N events bulk-loaded (scripts/bench/audit-load.ts), 2,000
 *     labels added through addLabel, then each queue query timed (median of 15 runs).
 *
 *   npm run bench:audit -- [--events 1000000] [--appends 4000] [--stores sqlite,postgres,postgres-async]
 *
 * Postgres: PARAPET_BENCH_POSTGRES or postgres://postgres@127.0.0.1:5432/test; the benchmark
 * works in schema parapet_bench (dropped before and after).
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import type { OpenedAuditStore } from '../src/audit/stores/open-store.js';
import { openPostgresAuditStore } from '../src/audit/stores/postgres/postgres-store.js';
import { openSqliteAuditStore } from '../src/audit/stores/sqlite/sqlite-store.js';
import { firedBy, quiet } from '../src/audit/stores/store-cases.js';
import type { DecisionQuery } from '../src/audit/review-types.js';
import { PRODUCTS, bulkRows, loadPostgres, loadSqlite } from './bench/audit-load.js';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    appends: { type: 'string', default: '4000' },
    stores: { type: 'string', default: 'sqlite,postgres,postgres-async' },
  },
});
const EVENTS = Number(values.events);
const APPENDS = Number(values.appends);
const PG_URL = process.env.PARAPET_BENCH_POSTGRES ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = 'parapet_bench';
const SAMPLE = 0.01;
const dir = mkdtempSync(join(tmpdir(), 'parapet-bench-audit-'));

const pct = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

interface Target {
  readonly name: string;
  open(): Promise<OpenedAuditStore>;
  /** Empties the store's database. */
  reset(): Promise<void>;
  /** Absent: the target is measured for write cost only. */
  bulk?(count: number): Promise<string>;
}

async function pgAdmin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL, options: `-c search_path=${SCHEMA}` });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const targets: Record<string, Target> = {
  sqlite: {
    name: 'SQLite (WAL, synchronous=NORMAL)',
    open: () =>
      Promise.resolve(openSqliteAuditStore(join(dir, 'audit.db'), { reviewSample: SAMPLE })),
    reset: () => {
      rmSync(join(dir, 'audit.db'), { force: true });
      rmSync(join(dir, 'audit.db-wal'), { force: true });
      rmSync(join(dir, 'audit.db-shm'), { force: true });
      return Promise.resolve();
    },
    bulk: async (count) => {
      await (await targets.sqlite!.open()).close();
      const db = new Sqlite(join(dir, 'audit.db'));
      loadSqlite(db, bulkRows(count, SAMPLE));
      db.pragma('wal_checkpoint(TRUNCATE)');
      db.exec('ANALYZE');
      db.close();
      return `${(statSync(join(dir, 'audit.db')).size / 1e9).toFixed(2)} GB file`;
    },
  },
  // The operator's knob: `?options=-c%20synchronous_commit%3Doff` in PARAPET_AUDIT. A server
  // crash may then lose the last ~0.6 s of commits (wal_writer_delay x 3); appends no longer
  // wait for an fsync.
  'postgres-async': {
    name: 'PostgreSQL 15, synchronous_commit=off in the URL',
    open: () => {
      const url = new URL(PG_URL);
      url.searchParams.set('options', `-c search_path=${SCHEMA} -c synchronous_commit=off`);
      return openPostgresAuditStore(url.toString(), { reviewSample: SAMPLE });
    },
    reset: () =>
      pgAdmin(async (c) => {
        await c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
        await c.query(`CREATE SCHEMA ${SCHEMA}`);
      }),
  },
  postgres: {
    name: 'PostgreSQL 15 (local, synchronous_commit on)',
    open: () => openPostgresAuditStore(PG_URL, { schema: SCHEMA, reviewSample: SAMPLE }),
    reset: () =>
      pgAdmin(async (c) => {
        await c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
      }),
    bulk: async (count) => {
      await (await targets.postgres!.open()).close();
      await pgAdmin((client) => loadPostgres(client, bulkRows(count, SAMPLE)));
      const size = await pgAdmin(async (c) => {
        const { rows } = await c.query<{ size: string }>(
          `SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS size FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind = 'r'`,
          [SCHEMA],
        );
        return rows[0]?.size ?? '?';
      });
      return `${size} on disk`;
    },
  },
};

/** `concurrency` request loops, each awaiting its append before the next (as a request does). */
async function writeCost(target: Target, concurrency: number) {
  await target.reset();
  const store = await target.open();
  const events = Array.from({ length: APPENDS }, (_, i) =>
    i % 10 === 0 ? firedBy('toxicity', 'block') : quiet(),
  );
  const latencies: number[] = [];
  let next = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < events.length) {
        const event = events[next++]!;
        const start = performance.now();
        await store.append(event);
        latencies.push(performance.now() - start);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  await store.close();
  latencies.sort((a, b) => a - b);
  return {
    p50: pct(latencies, 0.5),
    p99: pct(latencies, 0.99),
    perSecond: APPENDS / seconds,
    cpuMsPerEvent: (cpu.user + cpu.system) / 1000 / APPENDS,
  };
}

async function timed(run: () => Promise<unknown>, repeats = 15): Promise<number> {
  await run(); // warm: plan cache, page cache
  const times: number[] = [];
  for (let i = 0; i < repeats; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return pct(
    times.sort((a, b) => a - b),
    0.5,
  );
}

async function queueCost(target: Target, bulk: (count: number) => Promise<string>) {
  await target.reset();
  const t0 = performance.now();
  const size = await bulk(EVENTS);
  const loadSeconds = (performance.now() - t0) / 1000;
  const store = await target.open();
  const first = await store.listDecisions({ scope: 'all', limit: 50 });
  for (const item of first.items.slice(0, 40)) {
    await store.addLabel(
      { decisionId: item.id, verdict: 'correct', note: null, reviewer: 'rev_bench' },
      'all',
    );
  }
  const day = new Date(Date.now() - 86_400_000).toISOString();
  const week = new Date(Date.now() - 7 * 86_400_000).toISOString();
  let deep = first.nextCursor ?? undefined;
  for (let i = 0; i < 20 && deep !== undefined; i += 1) {
    deep =
      (await store.listDecisions({ scope: 'all', limit: 50, cursor: deep })).nextCursor ??
      undefined;
  }
  const queries: [string, Partial<DecisionQuery>][] = [
    ['first page (all products, limit 50)', {}],
    ['pending, first page', { state: 'pending' }],
    ['labeled, first page', { state: 'labeled' }],
    ['product + action=block', { product: PRODUCTS[1], action: 'block' }],
    ['scanner=toxicity, pending', { scanner: 'toxicity', state: 'pending' }],
    ['reviewer scoped to 2 products', { scope: [PRODUCTS[0], PRODUCTS[2]] }],
    [
      'time range: one day a week ago',
      { from: week, to: new Date(Date.parse(week) + 86_400_000).toISOString() },
    ],
    ['page 21 (cursor)', deep === undefined ? {} : { cursor: deep }],
  ];
  const results: [string, number][] = [];
  for (const [label, query] of queries) {
    results.push([
      label,
      await timed(() => store.listDecisions({ scope: 'all', limit: 50, ...query })),
    ]);
  }
  results.push([
    'stats, last 24 h by hour',
    await timed(() => store.stats({ scope: 'all', bucket: 'hour', from: day }), 5),
  ]);
  results.push([
    'stats, all 30 days by day',
    await timed(() => store.stats({ scope: 'all', bucket: 'day' }), 2),
  ]);
  await store.close();
  return { loadSeconds, size, results };
}

async function main(): Promise<void> {
  const names = (values.stores ?? '').split(',').filter((n) => n in targets);
  console.log(
    `# bench-audit: ${APPENDS} appends per run; ${EVENTS} events for the queue; load ${loadavg()[0]?.toFixed(1)}`,
  );
  for (const name of names) {
    const target = targets[name]!;
    console.log(`\n## ${target.name}`);
    console.log(
      '| concurrent requests | append p50 ms | p99 ms | events/s | gateway CPU ms/event |',
    );
    console.log('| ---: | ---: | ---: | ---: | ---: |');
    for (const c of [1, 16, 64]) {
      const r = await writeCost(target, c);
      console.log(
        `| ${c} | ${ms(r.p50)} | ${ms(r.p99)} | ${r.perSecond.toFixed(0)} | ${r.cpuMsPerEvent.toFixed(3)} |`,
      );
    }
    if (target.bulk === undefined) continue;
    const q = await queueCost(target, target.bulk.bind(target));
    console.log(
      `\nQueue at ${EVENTS} events (${q.size}; bulk load ${q.loadSeconds.toFixed(0)} s):\n`,
    );
    console.log('| query | median ms |\n| --- | ---: |');
    for (const [label, time] of q.results) console.log(`| ${label} | ${ms(time)} |`);
    await target.reset();
  }
  rmSync(dir, { recursive: true, force: true });
  if (names.some((name) => name.startsWith('postgres'))) {
    await pgAdmin(async (c) => {
      await c.query(`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`);
    });
  }
}

await main();
