/**
 * Product-key auth over real HTTP with the openai SDK: wrong, malformed, misplaced, revoked and
 * orphaned keys are refused on every /v1 route, refusals write no audit event, and no presented
 * key is ever logged or recorded (key ids only). Review-API auth is tested with the review API.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { createKey, revokeKey } from '../../src/policy/keys.js';
import { rejectsWith } from '../helpers/api-error.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { auditEvents, startTestGateway, type TestGateway } from '../helpers/gateway.js';

const ask = { model: 'gemma', messages: [{ role: 'user' as const, content: 'Hello' }] };
let up: FakeUpstream;
let gw: TestGateway;
let backend: ChatBackend;

before(async () => {
  up = await startFakeUpstream();
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 5000 });
  gw = await startTestGateway({ backend: { backend }, products: ['plain'] });
});
after(async () => {
  await gw?.close();
  await backend?.close();
  await up?.close();
});

const sdk = (apiKey: string) => new OpenAI({ baseURL: gw.baseURL, apiKey, maxRetries: 0 });

async function status(path: string, headers: Record<string, string>): Promise<[number, string]> {
  const res = await fetch(`${gw.baseURL}${path}`, {
    method: path === '/models' ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: path === '/models' ? null : JSON.stringify({ ...ask, text: 'Hello' }),
  });
  const body = (await res.json()) as { error?: { code?: string } };
  return [res.status, body.error?.code ?? ''];
}

describe('product keys on /v1', () => {
  it('when a key is wrong, malformed or sent the wrong way, then every route answers 401 and nothing is recorded', async () => {
    const key = gw.keys.plain ?? '';
    const wrong: Record<string, Record<string, string>> = {
      'an unknown key': { authorization: 'Bearer ppk-0000000000000000000000000000000000000000' },
      'the key with one character changed': {
        authorization: `Bearer ${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`,
      },
      'the key with a suffix': { authorization: `Bearer ${key}x` },
      'the key in upper case': { authorization: `Bearer ${key.toUpperCase()}` },
      'the key without Bearer': { authorization: key },
      'the key as Basic auth': {
        authorization: `Basic ${Buffer.from(`u:${key}`).toString('base64')}`,
      },
      'the key in x-api-key': { 'x-api-key': key },
      'an empty bearer': { authorization: 'Bearer ' },
      'no header': {},
    };
    const eventsBefore = (await auditEvents(gw.audit)).length;
    for (const [name, headers] of Object.entries(wrong)) {
      for (const path of ['/chat/completions', '/guard', '/models']) {
        assert.deepEqual(
          await status(path, headers),
          [401, 'invalid_api_key'],
          `${name} on ${path}`,
        );
      }
    }
    assert.equal((await auditEvents(gw.audit)).length, eventsBefore);
    assert.ok(!gw.logs.join('').includes(key), 'a presented key was logged');
  });

  it('when a key is revoked on a running gateway, then it is refused within seconds and its successor works', async () => {
    const old = createKey(gw.keysFile, 'plain');
    const next = createKey(gw.keysFile, 'plain');
    await waitFor(
      async () =>
        await sdk(old.key)
          .chat.completions.create(ask)
          .then(
            () => true,
            () => false,
          ),
    );

    assert.equal(revokeKey(gw.keysFile, old.record.id), true);
    await waitFor(async () =>
      sdk(old.key)
        .chat.completions.create(ask)
        .then(
          () => false,
          (err: unknown) => err instanceof OpenAI.APIError && err.status === 401,
        ),
    );

    await rejectsWith(sdk(old.key).chat.completions.create(ask), 401, 'invalid_api_key');
    const reply = await sdk(next.key).chat.completions.create(ask);
    assert.equal(reply.choices[0]?.finish_reason, 'stop');
    const events = await auditEvents(gw.audit);
    assert.equal(events.at(-1)?.keyId, next.record.id);
    const recorded = JSON.stringify(events) + gw.logs.join('');
    assert.ok(!recorded.includes(old.key) && !recorded.includes(next.key), 'a key was recorded');
  });

  it('when a valid key belongs to a product with no policy, then 403 product_unknown naming the key id only', async () => {
    const orphan = createKey(gw.keysFile, 'no-such-product');
    await waitFor(
      async () => (await status('/models', { authorization: `Bearer ${orphan.key}` }))[0] !== 401,
    );

    await rejectsWith(sdk(orphan.key).chat.completions.create(ask), 403, 'product_unknown');
    assert.ok(!gw.logs.join('').includes(orphan.key));
  });
});

/** The key file is re-read at most once a second: poll instead of sleeping a fixed time. */
async function waitFor(check: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
