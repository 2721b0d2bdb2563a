/**
 * Checkpoints written by the real `parapet serve` process (issue 18 item 8): with
 * PARAPET_SECRET and PARAPET_AUDIT_CHECKPOINT_FILE set, the last checkpoint at shutdown covers
 * every answered request, so deleting the newest event afterwards makes `parapet audit verify`
 * exit 1; and a checkpoint file that cannot be written makes /readyz 503 (fail closed).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import OpenAI from 'openai';
import { createKey } from '../../src/policy/keys.js';
import { runCli, startServe } from '../helpers/cli.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { until } from '../helpers/until.js';

const dir = mkdtempSync(join(tmpdir(), 'parapet-serve-checkpoint-'));
let up: FakeUpstream;

before(async () => {
  up = await startFakeUpstream();
});
after(async () => {
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

function serveEnv(name: string, file: string): { env: NodeJS.ProcessEnv; apiKey: string } {
  const keysFile = join(dir, `${name}-keys.json`);
  const { key: apiKey } = createKey(keysFile, 'default');
  const env = {
    PARAPET_BACKEND: 'openai',
    PARAPET_UPSTREAM_URL: up.url,
    PARAPET_KEYS: keysFile,
    PARAPET_AUDIT: `sqlite:${join(dir, `${name}.sqlite`)}`,
    PARAPET_WATCH_POLICIES: 'false',
    PARAPET_PULL_ON_START: 'false',
    PARAPET_SECRET: 'serve-checkpoint-secret-0123456789',
    PARAPET_AUDIT_CHECKPOINT_FILE: file,
    PARAPET_AUDIT_CHECKPOINT_INTERVAL_MS: '1000',
  };
  return { env, apiKey };
}

void describe('serve writes checkpoints', () => {
  void it('when serve stops after answering, then its last checkpoint is the head and deleting the newest event fails verify', async () => {
    const file = join(dir, 'checkpoints.jsonl');
    const { env, apiKey } = serveEnv('main', file);
    const gw = await startServe(env);
    const ready = (await (await fetch(`${gw.url}/readyz`)).json()) as {
      checks: { audit_checkpoint: { ok: boolean } };
    };
    assert.equal(ready.checks.audit_checkpoint.ok, true);
    const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey, maxRetries: 0 });
    for (const n of [1, 2, 3]) {
      await client.chat.completions.create({
        model: 'gemma',
        messages: [{ role: 'user', content: `What are your opening hours, question ${n}?` }],
      });
    }
    assert.equal(await gw.stop(), 0, gw.logs());
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    const last = JSON.parse(lines.at(-1) ?? '') as { seq: number; mac: string };
    assert.equal(last.seq, 3);
    assert.match(last.mac, /^[0-9a-f]{64}$/u);

    const clean = await runCli(['audit', 'verify'], env);
    assert.equal(clean.code, 0, clean.stdout);
    const raw = new Sqlite(join(dir, 'main.sqlite'));
    raw.exec(
      'DELETE FROM audit_event_scanners WHERE seq = 3; DELETE FROM audit_events WHERE seq = 3',
    );
    raw.exec('DELETE FROM audit_checkpoints');
    raw.close();
    const cut = await runCli(['audit', 'verify'], env);
    assert.equal(cut.code, 1, cut.stdout);
    assert.match(cut.stdout, /"source":"file","seq":3,.*truncated: the chain ends at seq 2/u);
  });

  void it('when the checkpoint file cannot be written, then /readyz is 503 naming the check', async () => {
    const { env, apiKey } = serveEnv('unwritable', join(dir, 'no-such-dir', 'checkpoints.jsonl'));
    const gw = await startServe(env);
    try {
      // The first checkpoint needs an event: a guarded request writes one.
      const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey, maxRetries: 0 });
      await client.chat.completions.create({
        model: 'gemma',
        messages: [{ role: 'user', content: 'Hello there' }],
      });
      await until('/readyz reports the failed checkpoint', async () => {
        const res = await fetch(`${gw.url}/readyz`);
        const body = (await res.json()) as {
          checks: { audit_checkpoint: { ok: boolean; error?: string } };
        };
        return res.status === 503 && body.checks.audit_checkpoint.error === 'ENOENT';
      });
    } finally {
      assert.equal(await gw.stop(), 0);
    }
    assert.match(gw.logs(), /"message":"audit checkpoint failed"/u);
    assert.doesNotMatch(gw.logs(), /no-such-dir|Hello there/u);
  });
});
