/**
 * The baseline of `npm run bench:load` (issue 14): the least a gateway in front of an
 * OpenAI-compatible upstream has to do, written the way DESIGN §8b recommends. express 5 +
 * helmet + the JSON body parser, forwarding each chat request through an undici keep-alive Pool,
 * and one SQLite row per request (better-sqlite3, WAL, synchronous=NORMAL) as a minimal audit
 * record. No scanning, no policy: the gateway's share of this proxy's throughput is what its
 * safety work costs.
 *
 *   node --import tsx scripts/bench/minimal-proxy.ts <upstream base URL ending in /v1>
 *
 * Prints `proxy listening on http://127.0.0.1:<port>/v1`. GET /loop answers the event-loop
 * delay p99 (seconds) since the previous call, like the gateway's /metrics gauge.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import express from 'express';
import helmet from 'helmet';
import { Pool } from 'undici';

const upstream = new URL(process.argv[2] ?? '');
const pool = new Pool(upstream.origin, { connections: 32, pipelining: 1 });
const db = new Database(':memory:');
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.exec('CREATE TABLE events (id TEXT PRIMARY KEY, at INTEGER, status INTEGER, bytes INTEGER)');
const insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?)');
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();

const app = express();
app.use(helmet());
app.use(express.json({ limit: '1mb' }));
app.post('/v1/chat/completions', async (req, res) => {
  const reply = await pool.request({
    path: `${upstream.pathname}/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(req.body),
  });
  const body = await reply.body.text();
  insert.run(randomUUID(), Date.now(), reply.statusCode, body.length);
  res.status(reply.statusCode).type('application/json').send(body);
});
app.get('/loop', (_req, res) => {
  res.json({ p99_seconds: loop.percentile(99) / 1e9 });
  loop.reset();
});

const server = app.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`proxy listening on http://127.0.0.1:${port}/v1\n`);
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
});
