/**
 * Postgres outages under sustained load (issue 18's done-when): the real gateway, with the shipped
 * `customer-support` policy and its audit log in Postgres reached through a TCP proxy, serves
 * 16 concurrent clients for 60 s while the proxy cuts Postgres twice: once refusing connections,
 * once as a partition (connections accepted and never answered). It then checks what an operator
 * would: the process stayed up, every request got 200 or 503 audit_unavailable, the hash chain
 * verifies, and every decision the gateway acknowledged (a 200 with its decision id) is stored.
 *
 *   npm run bench:pg-outage [-- --seconds 60 --connections 16 --outage-seconds 5]
 *
 * Needs the machine's Postgres (127.0.0.1:5432, database `test`); exits 1 on any broken promise.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  openPostgresAuditStore,
  type PostgresStore,
} from '../src/audit/stores/postgres/postgres-store.js';
import {
  dropSchema,
  freshSchema,
  postgresSkipReason,
} from '../src/audit/stores/postgres/postgres-test-helpers.js';
import { createOpenAIBackend } from '../src/backends/openai.js';
import { startFakeUpstream } from '../tests/helpers/fake-upstream.js';
import { auditEvents, startTestGateway } from '../tests/helpers/gateway.js';
import { startTcpProxy, type Outage } from '../tests/helpers/tcp-proxy.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    connections: { type: 'string', default: '16' },
    'outage-seconds': { type: 'string', default: '5' },
  },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const outageSeconds = Number(values['outage-seconds']);

const skip = await postgresSkipReason();
if (skip !== undefined) {
  process.stderr.write(`${skip}\n`);
  process.exit(1);
}

const POLICIES = new URL('../policies/', import.meta.url).pathname;
const MESSAGES = [
  'Where is my order? It was sent on Monday.',
  'Can I return a jacket that does not fit?',
  'My parcel arrived damaged, what should I do?',
  'Do you ship to Canada, and how long does it take?',
];

const schema = freshSchema();
const up = await startFakeUpstream();
const backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
const proxy = await startTcpProxy(5432);
const store: PostgresStore = await openPostgresAuditStore(
  `postgres://postgres@127.0.0.1:${proxy.port}/test`,
  { schema, connectTimeoutMs: 1000 },
);
const gw = await startTestGateway({
  backend: { backend },
  products: ['customer-support'],
  policiesDir: POLICIES,
  audit: store,
});

const acknowledged: string[] = [];
const outcomes = new Map<string, number>();
const perSecond: { ok: number; unavailable: number }[] = [];
const started = Date.now();
const second = () => Math.floor((Date.now() - started) / 1000);
const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);

async function client(n: number): Promise<void> {
  for (let i = n; Date.now() - started < seconds * 1000; i += connections) {
    const bucket = (perSecond[second()] ??= { ok: 0, unavailable: 0 });
    try {
      const res = await fetch(`${gw.baseURL}/chat/completions`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${gw.keys['customer-support'] ?? ''}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({
          model: 'gemma',
          messages: [{ role: 'user', content: MESSAGES[i % MESSAGES.length] }],
        }),
      });
      const body = (await res.json()) as {
        parapet?: { decision_id?: string };
        error?: { code?: string };
      };
      if (res.status === 200 && body.parapet?.decision_id !== undefined) {
        acknowledged.push(body.parapet.decision_id);
        bucket.ok += 1;
        count('200');
      } else {
        if (res.status === 503 && body.error?.code === 'audit_unavailable') bucket.unavailable += 1;
        count(`${res.status} ${body.error?.code ?? ''}`.trim());
      }
    } catch (error) {
      count(`network error: ${(error as Error).name}`);
    }
  }
}

/** Cuts Postgres at `atSecond` for outageSeconds, then restores it. */
async function outage(atSecond: number, mode: Outage): Promise<void> {
  await sleep(Math.max(0, started + atSecond * 1000 - Date.now()));
  proxy.down(mode);
  process.stdout.write(`t=${second()}s Postgres cut (${mode})\n`);
  await sleep(outageSeconds * 1000);
  proxy.up();
  process.stdout.write(`t=${second()}s Postgres restored\n`);
}

await Promise.all([
  ...Array.from({ length: connections }, (_, n) => client(n)),
  outage(seconds * 0.25, 'refuse'),
  outage(seconds * 0.6, 'blackhole'),
]);

const report = await store.verify();
const stored = new Set((await auditEvents(store)).map((e) => e.id));
const missing = acknowledged.filter((id) => !stored.has(id));
const unexpected = [...outcomes].filter(
  ([key]) => key !== '200' && key !== '503 audit_unavailable',
);

process.stdout.write(
  `\n${connections} connections, ${seconds} s, two ${outageSeconds}-s Postgres outages\n`,
);
for (const [key, n] of [...outcomes].sort()) process.stdout.write(`  ${key}: ${n}\n`);
process.stdout.write(
  `  per second (ok/503): ${perSecond.map((b) => `${b.ok}/${b.unavailable}`).join(' ')}\n` +
    `  chain verifies: ${report.ok} (${stored.size} events stored)\n` +
    `  acknowledged decisions missing from the store: ${missing.length} of ${acknowledged.length}\n`,
);

await gw.close();
await proxy.close();
await backend.close();
await up.close();
await dropSchema(schema);

const ok = report.ok && missing.length === 0 && unexpected.length === 0;
process.stdout.write(ok ? 'PASS\n' : 'FAIL\n');
process.exit(ok ? 0 : 1);
