/**
 * An audit store that cannot be written (issue 18 item 3): another connection holds SQLite's
 * write lock. The request that finds out fails with 503 audit_unavailable; after it the store
 * is marked unavailable, so further requests fail fast *before* their prompt reaches the model,
 * /readyz is 503, and once the lock is gone a probe finds the store writable again and service
 * resumes without a restart. Real SQLite file, real lock, fake upstream over real HTTP.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import OpenAI from 'openai';
import { openSqliteAuditStore } from '../../src/audit/stores/sqlite/sqlite-store.js';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { rejectsWith } from '../helpers/api-error.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';
import { until } from '../helpers/until.js';

const ask = { model: 'gemma', messages: [{ role: 'user' as const, content: 'Hello' }] };
const dir = mkdtempSync(join(tmpdir(), 'parapet-locked-'));
const path = join(dir, 'audit.sqlite');
let up: FakeUpstream;
let backend: ChatBackend;
let gw: TestGateway;

before(async () => {
  up = await startFakeUpstream();
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
  const audit = openSqliteAuditStore(path, { busyTimeoutMs: 50 });
  gw = await startTestGateway({ backend: { backend }, products: ['acme'], audit });
});

after(async () => {
  await gw?.close();
  await backend?.close();
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function readyz(): Promise<{ status: number; audit: boolean }> {
  const res = await fetch(`${gw.url}/readyz`);
  const body = (await res.json()) as { checks: { audit: { ok: boolean } } };
  return { status: res.status, audit: body.checks.audit.ok };
}

void describe('audit store held by another writer', () => {
  void it('when a write fails, then later requests fail fast before the upstream, /readyz is 503, and a probe restores service once the lock is gone', async () => {
    const client = new OpenAI({ apiKey: gw.keys.acme ?? '', baseURL: gw.baseURL, maxRetries: 0 });
    await client.chat.completions.create(ask);
    const locker = new Sqlite(path);
    try {
      locker.exec('BEGIN EXCLUSIVE');
      await rejectsWith(client.chat.completions.create(ask), 503, 'audit_unavailable');
      const sent = up.requests.length;
      await rejectsWith(client.chat.completions.create(ask), 503, 'audit_unavailable');
      await rejectsWith(client.chat.completions.create(ask), 503, 'audit_unavailable');
      assert.equal(up.requests.length, sent, 'no prompt went upstream once the store had failed');
      assert.deepEqual(await readyz(), { status: 503, audit: false });
      locker.exec('ROLLBACK');
    } finally {
      locker.close();
    }
    await until('/readyz to say ready', async () => (await readyz()).status === 200);
    const reply = await client.chat.completions.create(ask);
    assert.equal(reply.choices[0]?.finish_reason, 'stop');
  });
});
