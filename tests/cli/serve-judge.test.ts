/**
 * `parapet serve` with PARAPET_JUDGE_MODEL: chat goes to an upstream, llm-judge rules to a
 * separate local GGUF (our tiny random-weight Gemma standing in for ShieldGemma), and /readyz
 * reports that model.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import OpenAI from 'openai';
import { writeTinyGemma } from '../../scripts/tiny-gemma.js';
import { openAuditStore } from '../../src/audit/stores/open-store.js';
import { createLlamaBackend } from '../../src/backends/llama.js';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import { startFakeUpstream } from '../helpers/fake-upstream.js';
import { auditEvents, startTestGateway } from '../helpers/gateway.js';
import { runCli, startServe } from '../helpers/cli.js';

const JUDGE_POLICIES = new URL('../fixtures/judge-policies/', import.meta.url).pathname;

describe('parapet serve with a separate judge model', () => {
  it('when PARAPET_JUDGE_MODEL is set, then llm-judge rules ask it, not the chat upstream', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-serve-judge-'));
    const model = join(dir, 'tiny-gemma.gguf');
    await writeTinyGemma(model);
    const up = await startFakeUpstream();
    const env = {
      PARAPET_BACKEND: 'openai',
      PARAPET_UPSTREAM_URL: up.url,
      PARAPET_UPSTREAM_MODEL: up.model,
      PARAPET_JUDGE_MODEL: model,
      PARAPET_LLAMA_THREADS: '1',
      PARAPET_LLAMA_CONTEXT_SIZE: '512',
      PARAPET_POLICIES: JUDGE_POLICIES,
      PARAPET_KEYS: join(dir, 'keys.json'),
      PARAPET_AUDIT: `sqlite:${join(dir, 'audit.sqlite')}`,
    };
    const created = await runCli(['keys', 'create', '--product', 'judged'], env);
    const key = created.stdout.trim().split('\n').at(-1) ?? '';
    const gw = await startServe(env);
    try {
      const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: key, maxRetries: 0 });
      const res = await client.moderations.create({ input: 'Thanks, the parcel arrived.' });
      assert.equal(res.results.length, 1);
      const ready = await fetch(`${gw.url}/readyz`);
      const body = (await ready.json()) as { ready: boolean; checks: { judge?: unknown } };
      assert.equal(ready.status, 200);
      assert.equal(body.ready, true);
      assert.deepEqual(body.checks.judge, {
        ok: true,
        kind: 'llama',
        model: 'parapet-tiny-gemma-random-weights',
      });
    } finally {
      assert.equal(await gw.stop(), 0);
      await up.close();
    }
    assert.equal(up.requests.length, 0, 'the upstream was never asked to judge');
    const audit = await openAuditStore(env.PARAPET_AUDIT);
    try {
      const [event] = await auditEvents(audit);
      const [judged] = event?.rules ?? [];
      assert.equal(judged?.scanner, 'llm-judge');
      assert.equal(judged?.error, undefined);
      assert.ok((judged?.score ?? -1) > 0 && (judged?.score ?? 2) < 1, `score ${judged?.score}`);
    } finally {
      await audit.close();
    }
  });

  it('when the judge model is shut down, then /readyz is 503 and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-serve-judge-'));
    const model = join(dir, 'tiny-gemma.gguf');
    await writeTinyGemma(model);
    const judge = await createLlamaBackend({ modelPath: model, threads: 1, contextSize: 512 });
    const up = await startFakeUpstream();
    const backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
    const gw = await startTestGateway({ backend: { backend }, judge, products: ['acme'] });
    try {
      assert.equal((await fetch(`${gw.url}/readyz`)).status, 200);
      await judge.close();
      const ready = await fetch(`${gw.url}/readyz`);
      const body = (await ready.json()) as {
        ready: boolean;
        checks: { backend: { ok: boolean }; judge?: { ok: boolean; reason?: string } };
      };
      assert.equal(ready.status, 503);
      assert.equal(body.ready, false);
      assert.equal(body.checks.backend.ok, true);
      assert.equal(body.checks.judge?.ok, false);
      assert.match(body.checks.judge?.reason ?? '', /shut down/);
    } finally {
      await gw.close();
      await backend.close();
      await up.close();
    }
  });

  it('when PARAPET_JUDGE_MODEL names a missing file, then serve refuses to start', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-serve-judge-'));
    const { code, stderr } = await runCli(['serve', '--port', '0'], {
      PARAPET_BACKEND: 'openai',
      PARAPET_UPSTREAM_URL: 'http://127.0.0.1:9/v1',
      PARAPET_JUDGE_MODEL: join(dir, 'missing.gguf'),
      PARAPET_POLICIES: JUDGE_POLICIES,
      PARAPET_KEYS: join(dir, 'keys.json'),
      PARAPET_AUDIT: `sqlite:${join(dir, 'audit.sqlite')}`,
    });
    assert.notEqual(code, 0);
    assert.match(stderr, /PARAPET_JUDGE_MODEL/);
  });
});
