/**
 * Postgres outages under load (issue 18 item 1): the gateway's audit store reaches Postgres
 * through a TCP proxy that resets every connection and then refuses new ones, while 8 clients
 * (the openai SDK) keep chatting. The process must stay up (an unhandled 'error' event on a
 * checked-out pg client used to kill it), every request gets 200 or 503 audit_unavailable,
 * /readyz says not ready during the outage and ready after, the pool reconnects without a
 * restart, the chain verifies and every acknowledged decision is on record.
 * Skips when no local Postgres answers.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import {
  openPostgresAuditStore,
  type PostgresStore,
} from '../../src/audit/stores/postgres/postgres-store.js';
import {
  dropSchema,
  freshSchema,
  postgresSkipReason,
} from '../../src/audit/stores/postgres/postgres-test-helpers.js';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { until } from '../helpers/until.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const skip = await postgresSkipReason();
if (skip !== undefined) process.stdout.write(`${skip}\n`);
const schema = freshSchema();
let up: FakeUpstream;
let backend: ChatBackend;
let proxy: TcpProxy;
let store: PostgresStore;
let gw: TestGateway;

before(async () => {
  if (skip !== undefined) return;
  up = await startFakeUpstream();
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
  proxy = await startTcpProxy(5432);
  store = await openPostgresAuditStore(`postgres://postgres@127.0.0.1:${proxy.port}/test`, {
    schema,
    connectTimeoutMs: 1000,
  });
  gw = await startTestGateway({ backend: { backend }, products: ['acme'], audit: store });
});

after(async () => {
  await gw?.close();
  await proxy?.close();
  await backend?.close();
  await up?.close();
  if (skip === undefined) await dropSchema(schema);
});

async function readyz(): Promise<{ status: number; audit: boolean }> {
  const res = await fetch(`${gw.url}/readyz`);
  const body = (await res.json()) as { checks: { audit: { ok: boolean } } };
  return { status: res.status, audit: body.checks.audit.ok };
}

void describe('Postgres audit store outage under load', { skip }, () => {
  void it('when the connection is cut and restored twice at 8 concurrent requests, then the process stays up, requests get 200 or 503 audit_unavailable, readiness follows and nothing acknowledged is lost', async () => {
    const client = new OpenAI({ apiKey: gw.keys.acme ?? '', baseURL: gw.baseURL, maxRetries: 0 });
    const acknowledged: string[] = [];
    const failures: string[] = [];
    let running = true;
    const worker = async () => {
      while (running) {
        try {
          const reply = await client.chat.completions.create({
            model: 'gemma',
            messages: [{ role: 'user', content: 'hello there' }],
          });
          const id = (reply as unknown as { parapet: { decision_id: string } }).parapet.decision_id;
          acknowledged.push(id);
        } catch (error) {
          const status = (error as { status?: number }).status;
          const code = (error as { code?: string }).code;
          if (status !== 503 || code !== 'audit_unavailable') failures.push(`${status} ${code}`);
        }
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    for (let round = 0; round < 2; round += 1) {
      const before = acknowledged.length;
      await until('requests to succeed', () => Promise.resolve(acknowledged.length > before + 20));
      proxy.down('refuse');
      await until('/readyz to say not ready', async () => (await readyz()).status === 503);
      assert.equal((await readyz()).audit, false);
      await sleep(300);
      proxy.up();
      await until('/readyz to say ready again', async () => (await readyz()).status === 200);
    }
    const afterOutages = acknowledged.length;
    await until('requests to succeed after the outages', () =>
      Promise.resolve(acknowledged.length > afterOutages + 20),
    );
    running = false;
    await Promise.all(workers);
    assert.deepEqual(failures, [], 'every failed request is 503 audit_unavailable');
    const report = await store.verify();
    assert.equal(report.ok, true);
    const stored = new Set((await auditEvents(store)).map((e) => e.id));
    const missing = acknowledged.filter((id) => !stored.has(id));
    assert.deepEqual(missing, [], 'every acknowledged decision is in the audit store');
  });
});
