/**
 * CORS on /v1: off by default; with allowed origins, preflights are answered before auth,
 * listed origins get their own origin back, others get nothing, and credentials are never allowed.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { loadConfig } from '../../src/config.js';
import { isGatewayError } from '../../src/errors.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const APP = 'https://app.example.com';
const gateways: TestGateway[] = [];

async function gateway(corsOrigins?: readonly string[]): Promise<TestGateway> {
  const gw = await startTestGateway({
    backend: { backend: null },
    products: ['plain'],
    ...(corsOrigins ? { corsOrigins } : {}),
  });
  gateways.push(gw);
  return gw;
}

function preflight(gw: TestGateway, origin: string): Promise<Response> {
  return fetch(`${gw.baseURL}/chat/completions`, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });
}

function listModels(gw: TestGateway, origin: string): Promise<Response> {
  return fetch(`${gw.baseURL}/models`, {
    headers: { origin, authorization: `Bearer ${gw.keys.plain ?? ''}` },
  });
}

after(async () => {
  for (const gw of gateways) await gw.close();
});

describe('CORS', () => {
  it('when no origins are configured, then no CORS header is ever sent', async () => {
    const gw = await gateway();

    const pre = await preflight(gw, APP);
    const get = await listModels(gw, APP);

    assert.equal(pre.status, 401, 'a preflight is just an unauthenticated request');
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('access-control-allow-origin'), null);
  });

  it('when the origin is listed, then the preflight is answered without a key and the call carries the origin back', async () => {
    const gw = await gateway([APP, 'http://localhost:3000']);

    const pre = await preflight(gw, APP);
    const get = await listModels(gw, APP);

    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), APP);
    assert.match(pre.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(pre.headers.get('access-control-allow-headers') ?? '', /authorization/);
    assert.match(pre.headers.get('vary') ?? '', /Origin/i);
    assert.equal(pre.headers.get('access-control-allow-credentials'), null);
    assert.equal(get.status, 200);
    assert.equal(get.headers.get('access-control-allow-origin'), APP);
    assert.match(get.headers.get('access-control-expose-headers') ?? '', /x-request-id/);
    assert.equal(get.headers.get('access-control-allow-credentials'), null);
  });

  it('when the origin is not listed, then it gets no CORS header and the preflight needs a key like any request', async () => {
    const gw = await gateway([APP]);

    const pre = await preflight(gw, 'https://evil.example.net');
    const get = await listModels(gw, 'https://app.example.com.evil.example.net');

    assert.equal(pre.status, 401);
    assert.equal(pre.headers.get('access-control-allow-origin'), null);
    assert.equal(get.headers.get('access-control-allow-origin'), null);
  });

  it('when * is configured, then any origin gets * and still never credentials', async () => {
    const gw = await gateway(['*']);

    const pre = await preflight(gw, 'https://anyone.example.org');

    assert.equal(pre.status, 204);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    assert.equal(pre.headers.get('access-control-allow-credentials'), null);
  });

  it('when CORS is on, then routes outside /v1 (health, metrics) get no CORS header', async () => {
    const gw = await gateway([APP]);

    const res = await fetch(`${gw.url}/metrics`, { headers: { origin: APP } });

    assert.equal(res.headers.get('access-control-allow-origin'), null);
  });
});

describe('PARAPET_CORS_ORIGINS', () => {
  it('when unset, then CORS is off; when set, then it is the list of origins', () => {
    assert.deepEqual(loadConfig({}).cors_origins, []);
    const env = { PARAPET_CORS_ORIGINS: ' https://a.example.com, http://localhost:3000 ,' };
    assert.deepEqual(loadConfig(env).cors_origins, [
      'https://a.example.com',
      'http://localhost:3000',
    ]);
  });

  for (const bad of ['a.example.com', 'https://a.example.com/path', 'ftp://a.example.com']) {
    it(`when an origin is ${bad}, then the config is refused naming the variable`, () => {
      assert.throws(
        () => loadConfig({ PARAPET_CORS_ORIGINS: bad }),
        (err: unknown) =>
          isGatewayError(err) &&
          err.code === 'config_invalid' &&
          err.message.includes('PARAPET_CORS_ORIGINS'),
      );
    });
  }
});
