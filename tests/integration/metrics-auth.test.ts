/**
 * GET /metrics behind PARAPET_METRICS_TOKEN over real HTTP (issue 18 item 12): no token, a wrong
 * one and a look-alike are refused with the catalogue's 401; the right one is served; the token
 * never reaches the logs. Without the setting /metrics stays open, as before.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const TOKEN = 'mt_4f9c2a7e1b8d6053aa17';
let guarded: TestGateway;
let open: TestGateway;

before(async () => {
  const backend = { backend: null, missing: 'no model in this test' };
  guarded = await startTestGateway({ backend, products: ['acme'], metricsToken: TOKEN });
  open = await startTestGateway({ backend, products: ['acme'] });
});
after(async () => {
  await guarded?.close();
  await open?.close();
});

async function scrape(gw: TestGateway, authorization?: string) {
  const res = await fetch(`${gw.url}/metrics`, {
    headers: authorization === undefined ? {} : { authorization },
  });
  return { status: res.status, headers: res.headers, body: await res.text() };
}

describe('/metrics with PARAPET_METRICS_TOKEN', () => {
  for (const [name, header] of [
    ['no Authorization header', undefined],
    ['a wrong token', 'Bearer mt_0000000000000000000000'],
    ['the token with one character missing', `Bearer ${TOKEN.slice(0, -1)}`],
    ['the token with a character added', `Bearer ${TOKEN}x`],
    ['the token under another scheme', `Basic ${TOKEN}`],
    ['a product key', undefined],
  ] as const) {
    it(`when a scrape comes with ${name}, then 401 invalid_metrics_token and no numbers`, async () => {
      const auth = name === 'a product key' ? `Bearer ${guarded.keys.acme ?? ''}` : header;
      const res = await scrape(guarded, auth);
      assert.equal(res.status, 401);
      assert.match(res.headers.get('www-authenticate') ?? '', /^Bearer/);
      const body = JSON.parse(res.body) as { error: { code: string; type: string } };
      assert.equal(body.error.code, 'invalid_metrics_token');
      assert.equal(body.error.type, 'authentication_error');
      assert.ok(!res.body.includes('parapet_'), 'no metric leaked');
    });
  }

  it('when a scrape comes with the right bearer token, then the Prometheus text is served', async () => {
    const res = await scrape(guarded, `Bearer ${TOKEN}`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
    assert.match(res.body, /^# HELP parapet_/m);
    // The refusals above are counted by code, so an operator sees scrape misconfigurations.
    assert.match(res.body, /parapet_error_responses_total\{code="invalid_metrics_token"\} [1-9]/);
  });

  it('when scrapes were refused and served, then no log line holds the token', () => {
    assert.ok(guarded.logs.length > 0);
    assert.ok(
      guarded.logs.every((line) => !line.includes(TOKEN) && !line.includes(TOKEN.slice(0, -1))),
    );
  });

  it('when the token is not set, then /metrics stays open (for a private network only)', async () => {
    const res = await scrape(open);
    assert.equal(res.status, 200);
    assert.match(res.body, /^# HELP parapet_/m);
  });

  it('when the token is set, then /healthz and /readyz stay open for orchestrators', async () => {
    assert.equal((await fetch(`${guarded.url}/healthz`)).status, 200);
    assert.notEqual((await fetch(`${guarded.url}/readyz`)).status, 401);
  });
});
