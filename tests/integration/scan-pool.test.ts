/**
 * The gateway with its linear classifiers scored on a real worker pool (one thread), the shipped
 * default policy, and an OpenAI-compatible upstream on loopback: a worker that crashes or hangs
 * while holding a request's scans is replaced, that request is blocked (the rules' on_error:
 * block), /readyz says not ready until its replacement has warmed up, the next one is answered,
 * and /metrics counts the restart.
 */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  auditEvents,
  startGatewayOnFakeUpstream,
  type UpstreamGateway,
} from '../helpers/gateway.js';

const POLICIES = fileURLToPath(new URL('../../policies/', import.meta.url));
// Each request a new text: the scan cache would answer a repeated one without the pool.
let asked = 0;
const question = () =>
  `My parcel ${100000 + asked++} has not arrived yet. Could you check where it is, please?`;

let gw: UpstreamGateway;
type Parapet = { decision_id: string; action: string };

before(async () => {
  gw = await startGatewayOnFakeUpstream({
    products: ['default'],
    policiesDir: POLICIES,
    scanPool: { size: 1, deadlineMs: 400 },
  });
});
after(async () => {
  await gw?.close();
});

async function ask(content: string) {
  const res = await fetch(`${gw.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.keys.default}` },
    body: JSON.stringify({ model: 'gemma', messages: [{ role: 'user', content }] }),
  });
  assert.equal(res.status, 200);
  const body = (await res.json()) as { choices: { finish_reason: string }[]; parapet: Parapet };
  const event = (await auditEvents(gw.audit)).find((e) => e.id === body.parapet.decision_id);
  return { finish: body.choices[0]?.finish_reason, action: body.parapet.action, event };
}

async function readyz(): Promise<{ status: number; scanning: { ok: boolean } | undefined }> {
  const res = await fetch(`${gw.url}/readyz`);
  const body = (await res.json()) as { checks: { scanning?: { ok: boolean } } };
  return { status: res.status, scanning: body.checks.scanning };
}

async function metric(name: string): Promise<string[]> {
  const text = await (await fetch(`${gw.url}/metrics`)).text();
  return text.split('\n').filter((line) => line.startsWith(name));
}

describe('gateway on the scanning pool', () => {
  it('when the gateway has started, then every worker is warm and /readyz says so', async () => {
    assert.deepEqual(await readyz(), {
      status: 200,
      scanning: { ok: true, models_loading: 0, workers: 1, workers_ready: 1 },
    });
  });

  it('when the pool scores a question, then it is answered with the classifiers run', async () => {
    const { finish, action, event } = await ask(question());
    assert.equal(finish, 'stop');
    assert.equal(action, 'allow');
    const scanned = event?.rules.filter((r) => r.rule === 'prompt-injection') ?? [];
    assert.ok(scanned.length > 0 && scanned.every((r) => !r.error), JSON.stringify(scanned));
    const [heap] = await metric('parapet_scan_worker_heap_used_bytes{worker="0"}');
    assert.ok(Number(heap?.split(' ')[1]) > 0, heap);
  });

  it('when a question is in another language, then the gate flags it from the guess the pool ranked', async () => {
    const french =
      'Bonjour, pourriez-vous me dire où se trouve ma commande ? ' +
      "Elle devait arriver lundi et je n'ai toujours rien reçu.";
    const { action, event } = await ask(french);
    assert.equal(action, 'flag');
    const gated = event?.rules.filter((r) => r.unsupportedLanguage === 'fra') ?? [];
    assert.ok(gated.length > 0, JSON.stringify(event?.rules));
  });

  for (const hook of ['exit', 'hang'] as const) {
    const reason = hook === 'exit' ? 'crash' : 'hang';
    it(`when the worker ${hook === 'exit' ? 'crashes' : 'hangs'} holding a request's scans, then that request is blocked, the next is answered and the restart is counted`, async () => {
      const calls = gw.up.requests.length;
      gw.scanPool?.hook(0, hook);
      const failed = await ask(question());
      assert.equal(failed.finish, 'content_filter');
      assert.equal(failed.action, 'block');
      const errors = failed.event?.rules.filter((r) => r.error).map((r) => r.rule) ?? [];
      assert.ok(errors.includes('prompt-injection'), JSON.stringify(failed.event?.rules));
      assert.equal(gw.up.requests.length, calls, 'the upstream was called');

      // The replacement loads its models and warms up first (under tsx on a loaded machine that
      // outlasts a rule's 1 s timeout): /readyz says not ready until it is, then ask again.
      const warming = await readyz();
      assert.equal(warming.status, 503);
      assert.equal(warming.scanning?.ok, false);
      assert.equal(await gw.scanPool?.ready(), true);
      assert.deepEqual(await readyz(), {
        status: 200,
        scanning: { ok: true, models_loading: 0, workers: 1, workers_ready: 1 },
      });
      const next = await ask(question());
      assert.equal(next.finish, 'stop');
      assert.equal(next.action, 'allow');
      assert.deepEqual(await metric(`parapet_scan_worker_restarts_total{reason="${reason}"}`), [
        `parapet_scan_worker_restarts_total{reason="${reason}"} 1`,
      ]);
    });
  }
});
