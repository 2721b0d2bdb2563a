/**
 * Security headers over HTTP: the API's CSP allows nothing, framing is denied, API answers
 * (errors and streams included) are never cached, and the review pages keep their own CSP.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { REVIEW_CSP } from '../../src/review/router.js';
import { API_CSP } from '../../src/server/security-headers.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let up: FakeUpstream;
let backend: ChatBackend;
let gw: TestGateway;

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

const chat = (stream: boolean, key = gw.keys.plain ?? '') =>
  fetch(`${gw.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'gemma', stream, messages: [{ role: 'user', content: 'Hi' }] }),
  });

describe('security headers', () => {
  it('when anything is served, then the CSP allows nothing and framing, sniffing and referrers are off', async () => {
    for (const res of [
      await fetch(`${gw.url}/healthz`),
      await fetch(`${gw.url}/nope`),
      await chat(false),
    ]) {
      assert.equal(res.headers.get('content-security-policy'), API_CSP);
      assert.equal(res.headers.get('x-frame-options'), 'DENY');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('referrer-policy'), 'no-referrer');
      assert.equal(res.headers.get('cross-origin-resource-policy'), 'same-origin');
      assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
      assert.equal(res.headers.get('x-powered-by'), null);
      await res.text();
    }
  });

  it('when the API answers, an error or a stream, then caches are told not to store it', async () => {
    for (const res of [await chat(false), await chat(true), await chat(false, 'ppk-wrong')]) {
      assert.match(res.headers.get('cache-control') ?? '', /no-store/, String(res.status));
      await res.text();
    }
  });

  it('when a review page is served, then it carries the review CSP, not the API one', async () => {
    const res = await fetch(`${gw.url}/review/login`);
    await res.text();

    assert.equal(res.headers.get('content-security-policy'), REVIEW_CSP);
    assert.equal(res.headers.get('x-frame-options'), 'DENY');
  });
});
