/**
 * Graceful shutdown of the real `parapet serve` process: with requests in flight against a slow
 * upstream, SIGTERM stops new connections at once, lets the in-flight requests finish, flushes
 * their audit events to disk and exits 0 well within the shutdown deadline.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { openAuditStore } from '../../src/audit/stores/open-store.js';
import { createKey } from '../../src/policy/keys.js';
import { startServe } from '../helpers/cli.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { auditEvents } from '../helpers/gateway.js';
import { until } from '../helpers/until.js';

const SLOW_MS = 1500;
const dir = mkdtempSync(join(tmpdir(), 'parapet-shutdown-'));
const auditPath = join(dir, 'audit.sqlite');
let up: FakeUpstream;

before(async () => {
  up = await startFakeUpstream();
  up.reply = (request) => {
    const body = request.body as { stream?: boolean };
    return body.stream === true
      ? { kind: 'stream', deltas: ['Slow ', 'but ', 'complete. '], delayMs: SLOW_MS / 6 }
      : { kind: 'completion', text: 'Slow but complete.', delayMs: SLOW_MS };
  };
});
after(async () => {
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

const chatRequests = () => up.requests.filter((r) => r.path === '/v1/chat/completions').length;

function refusesConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      resolve(err.code === 'ECONNREFUSED');
    });
  });
}

describe('graceful shutdown', () => {
  it('when SIGTERM arrives with requests in flight, then they finish, new connections are refused, events are on disk and the exit code is 0', async () => {
    const keysFile = join(dir, 'keys.json');
    const { key } = createKey(keysFile, 'default');
    const gw = await startServe({
      PARAPET_BACKEND: 'openai',
      PARAPET_UPSTREAM_URL: up.url,
      PARAPET_KEYS: keysFile,
      PARAPET_AUDIT: `sqlite:${auditPath}`,
      PARAPET_WATCH_POLICIES: 'false',
      PARAPET_PULL_ON_START: 'false',
    });
    const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: key, maxRetries: 0 });
    const ask = (n: number) => ({
      model: 'gemma',
      messages: [{ role: 'user' as const, content: `Question ${n}` }],
    });
    const inFlight = [
      client.chat.completions.create(ask(1)),
      client.chat.completions.create(ask(2)),
      (async () => {
        let text = '';
        const stream = await client.chat.completions.create({ ...ask(3), stream: true });
        for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
        return text;
      })(),
    ];
    await until('three requests at the upstream', async () => chatRequests() >= 3);

    const signalledAt = Date.now();
    const exited = gw.stop();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const refused = await refusesConnections(gw.url);
    const results = await Promise.allSettled(inFlight);
    const code = await exited;
    const exitMs = Date.now() - signalledAt;

    assert.equal(refused, true, 'a new connection was accepted after SIGTERM');
    for (const r of results)
      assert.equal(r.status, 'fulfilled', String((r as PromiseRejectedResult).reason));
    const [a, b, streamed] = results.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
    assert.equal((a as OpenAI.ChatCompletion).choices[0]?.message.content, 'Slow but complete.');
    assert.equal((b as OpenAI.ChatCompletion).choices[0]?.message.content, 'Slow but complete.');
    assert.equal(streamed, 'Slow but complete. ');
    assert.equal(code, 0, gw.logs());
    // Node's keep-alive timeout (5 s) would show here if finished sockets held the server open.
    assert.ok(exitMs < SLOW_MS + 3000, `exit took ${exitMs} ms`);
    assert.match(gw.logs(), /shutting down/);
    const audit = await openAuditStore(`sqlite:${auditPath}`);
    try {
      const events = await auditEvents(audit);
      assert.equal(events.filter((e) => e.outcome === 'ok').length, 3);
    } finally {
      await audit.close();
    }
  });

  it('when an in-flight request outlasts the shutdown deadline, then its connection is closed, it is recorded, and the process exits 0', async () => {
    const keysFile = join(dir, 'keys-deadline.json');
    const deadlineAudit = join(dir, 'audit-deadline.sqlite');
    const { key } = createKey(keysFile, 'default');
    const gw = await startServe({
      PARAPET_BACKEND: 'openai',
      PARAPET_UPSTREAM_URL: up.url,
      PARAPET_KEYS: keysFile,
      PARAPET_AUDIT: `sqlite:${deadlineAudit}`,
      PARAPET_WATCH_POLICIES: 'false',
      PARAPET_PULL_ON_START: 'false',
      PARAPET_SHUTDOWN_TIMEOUT_MS: '1000',
    });
    up.script({ kind: 'hang' });
    const before = up.requests.length;
    const client = new OpenAI({ baseURL: `${gw.url}/v1`, apiKey: key, maxRetries: 0 });
    const hung = client.chat.completions
      .create({ model: 'gemma', messages: [{ role: 'user', content: 'Where is my parcel?' }] })
      .then(
        () => 'answered',
        (err: unknown) =>
          err instanceof OpenAI.APIConnectionError ? 'connection closed' : String(err),
      );
    // A bounded wait: if the policy answered the request itself, this fails instead of hanging.
    await until('the request at the upstream', async () => up.requests.length > before);

    const signalledAt = Date.now();
    const code = await gw.stop();
    const exitMs = Date.now() - signalledAt;

    assert.equal(await hung, 'connection closed');
    assert.equal(code, 0, gw.logs());
    assert.ok(exitMs >= 1000 && exitMs < 4000, `exit took ${exitMs} ms`);
    assert.match(gw.logs(), /shutdown deadline passed/);
    const audit = await openAuditStore(`sqlite:${deadlineAudit}`);
    try {
      const events = await auditEvents(audit);
      assert.deepEqual(
        events.map((e) => e.outcome),
        ['client_closed'],
      );
    } finally {
      await audit.close();
    }
  });
});
