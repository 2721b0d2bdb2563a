/**
 * The numbers a reviewer triages by, over real HTTP: the stats page divides a scanner's flags and
 * blocks by that scanner's own decisions (not the product's), reads hours when the data covers
 * under two days of a longer range, and the queue API carries each row's fired rule, top score,
 * redacted snippet and mode. Events are appended to the gateway's own audit store.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { appendAll, firedBy, quiet } from '../../src/audit/stores/store-cases.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();

function cookieOf(res: Response, name: string): string {
  const found = res.headers.getSetCookie().find((c) => c.startsWith(`${name}=`));
  return found?.split(';')[0] ?? '';
}

/** Signs in through the login form; returns the session cookie. */
async function signIn(token: string): Promise<string> {
  const form = await fetch(`${gw.url}/review/login`);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${gw.url}/review/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: cookieOf(form, 'parapet_login_csrf'),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ _csrf: csrf, token }).toString(),
  });
  assert.equal(res.status, 303);
  return cookieOf(res, 'parapet_review');
}

async function statsPage(token: string, query = ''): Promise<string> {
  const res = await fetch(`${gw.url}/review/stats${query}`, {
    headers: { cookie: await signIn(token) },
  });
  assert.equal(res.status, 200);
  return res.text();
}

/** The cells of one stats row, by class. */
function cells(page: string, product: string, scanner: string): Record<string, string> {
  const row = new RegExp(`data-product="${product}"\\s+data-scanner="${scanner}"[^]*?</tr>`).exec(
    page,
  )?.[0];
  assert.ok(row, `a row for ${product}/${scanner}`);
  const out: Record<string, string> = {};
  for (const m of row.matchAll(/<td class="num ([a-z-]+)">([^<]*)<\/td>/g)) {
    out[m[1] ?? ''] = (m[2] ?? '').trim();
  }
  return out;
}

before(async () => {
  gw = await startTestGateway({
    backend: { backend: null, missing: 'not needed: events are appended directly' },
    products: ['acme', 'plain'],
    reviewers: { alice: ['acme'], bob: ['plain'] },
  });
  // acme, today only: 10 decisions; toxicity fired on 4 of them (3 flags, 1 block).
  await appendAll(gw.audit, [
    ...Array.from({ length: 6 }, () => quiet({ product: 'acme', time: hoursAgo(5) })),
    ...Array.from({ length: 3 }, () =>
      firedBy('toxicity', 'flag', { product: 'acme', time: hoursAgo(1) }),
    ),
    firedBy('toxicity', 'block', { product: 'acme', time: hoursAgo(1) }),
  ]);
  // plain: three days of data.
  await appendAll(gw.audit, [
    firedBy('pii', 'redact', { product: 'plain', time: hoursAgo(80) }),
    firedBy('pii', 'redact', { product: 'plain', time: hoursAgo(2) }),
  ]);
});
after(async () => {
  await gw?.close();
});

describe('review stats and queue rows over HTTP', () => {
  it("when a scanner fired on some of a product's decisions, then its rates are over its own decisions", async () => {
    const page = await statsPage(gw.reviewerTokens.alice ?? '');
    assert.deepEqual(cells(page, 'acme', '\\*'), {
      decisions: '10',
      share: '',
      'flag-rate': '30.0%',
      'block-rate': '10.0%',
      labeled: '0',
      fp: '0',
      'fp-rate': '—',
      adapter: '0.0%',
    });
    const tox = cells(page, 'acme', 'toxicity');
    assert.equal(tox.decisions, '4');
    assert.equal(tox.share, '40.0%', "its share of the product's decisions");
    assert.equal(tox['flag-rate'], '75.0%', '3 of its 4, not 3 of the product’s 10');
    assert.equal(tox['block-rate'], '25.0%');
  });

  it('when a week is shown but the data covers hours, then buckets are hours; over two days of data, days', async () => {
    const acme = await statsPage(gw.reviewerTokens.alice ?? '', '?since=7d');
    assert.match(acme, /data-bucket="hour"/);
    assert.match(acme, /under two days of data/);
    const plain = await statsPage(gw.reviewerTokens.bob ?? '', '?since=7d');
    assert.match(plain, /data-bucket="day"/);
  });

  it('when the queue is listed, then each row carries its fired rule, top score, redacted snippet and mode', async () => {
    const res = await fetch(`${gw.url}/api/review/decisions?product=acme&limit=1`, {
      headers: { authorization: `Bearer ${gw.reviewerTokens.alice ?? ''}` },
    });
    const { items } = (await res.json()) as { items: Record<string, unknown>[] };
    const [item] = items;
    assert.deepEqual(item?.top_rule, {
      rule: 'input[1]',
      scanner: 'toxicity',
      score: 0.93,
      action: 'block',
    });
    // The highest score of any rule that ran: here the quiet pii rule's 1, not the fired 0.93.
    assert.equal(item?.top_score, 1);
    assert.equal(item?.mode, 'enforce');
    assert.match(String(item?.snippet), /\[EMAIL_1\]/, 'the stored, redacted text');
  });
});
