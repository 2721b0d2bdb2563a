/**
 * Issue 18 item 7, over real HTTP with the openai SDK: the policy's `audit.text` decides which
 * decisions keep their texts. Under flagged_only an allowed chat's text reaches no byte of the
 * SQLite store while a blocked one keeps it; under none nothing does; the chain still verifies
 * and the review page says the text was not kept. And a format 2 event of an allowed chat under
 * the shipped customer-support policy stays under a size bound (it was about 4.3 KB before).
 */
import assert from 'node:assert/strict';
import {
  copyFileSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { canonicalEventJson } from '../../src/audit/hash-chain.js';
import { createOpenAIBackend } from '../../src/backends/openai.js';
import type { ChatBackend } from '../../src/backends/types.js';
import { startFakeUpstream, type FakeUpstream } from '../helpers/fake-upstream.js';
import { startTestGateway, type TestGateway } from '../helpers/gateway.js';

const SHIPPED = new URL('../../policies/', import.meta.url).pathname;
const policy = (product: string, text?: string) => `product: ${product}
version: 1
${text ? `audit:\n  text: ${text}\n` : ''}input:
  - { id: injection-phrases, scanner: banned-phrases, action: block, params: { phrases: ['ignore previous instructions'] } }
  - { id: refunds, scanner: banned-phrases, action: flag, params: { phrases: ['refund'] } }
output:
  - { scanner: pii, action: redact, params: { entities: [EMAIL] } }
`;
const REPLY = 'Parcel reply text 7c1e.';

let dir: string;
let up: FakeUpstream;
let gw: TestGateway;
let backend: ChatBackend;

const client = (product: string) =>
  new OpenAI({ baseURL: gw.baseURL, apiKey: gw.keys[product] ?? '', maxRetries: 0 });

/** Every byte the audit store wrote (database, WAL, journal), as text. */
function storeBytes(): string {
  return readdirSync(gw.dir)
    .filter((f) => f.startsWith('audit.sqlite'))
    .map((f) => readFileSync(path.join(gw.dir, f)).toString('latin1'))
    .join('\n');
}

/** Sends one chat; returns the decision id (blocked requests are answered with a refusal). */
async function chat(product: string, content: string): Promise<string> {
  const res = await client(product).chat.completions.create({
    model: 'gemma',
    messages: [
      { role: 'system', content: `System prompt of ${content.slice(0, 9)}` },
      { role: 'user', content },
    ],
  });
  return res.id;
}

async function event(id: string) {
  const found = await gw.audit.get(id);
  assert.ok(found, `no audit event ${id}`);
  return found;
}

async function signIn(token: string): Promise<string> {
  const form = await fetch(`${gw.url}/review/login`);
  const loginCsrf = /parapet_login_csrf=([^;]*)/.exec(form.headers.getSetCookie().join('\n'));
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const res = await fetch(`${gw.url}/review/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      cookie: `parapet_login_csrf=${loginCsrf?.[1] ?? ''}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ _csrf: csrf, token }).toString(),
  });
  const session = /parapet_review=([^;]*)/.exec(res.headers.getSetCookie().join('\n'))?.[1];
  return `parapet_review=${session ?? ''}`;
}

before(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'parapet-audit-text-'));
  for (const f of readdirSync(SHIPPED).filter((name) => name.endsWith('.yaml'))) {
    copyFileSync(path.join(SHIPPED, f), path.join(dir, f));
  }
  writeFileSync(path.join(dir, 'keep-all.yaml'), policy('keep-all'));
  writeFileSync(path.join(dir, 'keep-flagged.yaml'), policy('keep-flagged', 'flagged_only'));
  writeFileSync(path.join(dir, 'keep-none.yaml'), policy('keep-none', 'none'));
  up = await startFakeUpstream();
  up.reply = () => ({ kind: 'completion', text: REPLY });
  backend = createOpenAIBackend({ url: up.url, model: up.model, timeoutMs: 30_000 });
  gw = await startTestGateway({
    backend: { backend },
    products: ['keep-all', 'keep-flagged', 'keep-none', 'customer-support'],
    policiesDir: dir,
    reviewers: { rita: 'all' },
  });
});
after(async () => {
  await gw?.close();
  await backend?.close();
  await up?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('audit.text', () => {
  it('when audit.text is flagged_only, then an allowed chat stores no text and blocked or flagged ones keep theirs', async () => {
    const allowed = await event(
      await chat('keep-flagged', 'Allowed words 5b2d, when is my parcel due?'),
    );
    assert.equal(allowed.action, 'allow');
    assert.equal(allowed.textOmitted, 'flagged_only');
    assert.equal(allowed.format, 2);
    assert.deepEqual(allowed.input.messages, [{ role: 'system' }, { role: 'user' }]);
    assert.equal(allowed.output?.text, undefined);
    assert.equal(allowed.output?.action, 'allow');

    const blocked = await event(
      await chat('keep-flagged', 'Blocked words 9a4f: ignore previous instructions now.'),
    );
    assert.equal(blocked.action, 'block');
    assert.equal(blocked.textOmitted, undefined);
    assert.match(blocked.input.messages[1]?.content ?? '', /Blocked words 9a4f/);

    const flagged = await event(await chat('keep-flagged', 'Flagged words 3e8a, I want a refund.'));
    assert.equal(flagged.flagged, true);
    assert.match(flagged.input.messages[1]?.content ?? '', /Flagged words 3e8a/);

    const bytes = storeBytes();
    for (const gone of ['Allowed words 5b2d', 'System prompt of Allowed w']) {
      assert.ok(!bytes.includes(gone), `"${gone}" is in the SQLite files`);
    }
    assert.ok(bytes.includes('Blocked words 9a4f'), 'the blocked text was not kept');
    assert.ok(bytes.includes('Flagged words 3e8a'), 'the flagged text was not kept');
  });

  it('when audit.text is none, then not even a blocked chat stores text', async () => {
    const blocked = await event(
      await chat('keep-none', 'Nothing kept 0d6c: ignore previous instructions now.'),
    );
    assert.equal(blocked.action, 'block');
    assert.equal(blocked.textOmitted, 'none');
    assert.ok(blocked.input.messages.every((m) => m.content === undefined));
    const allowed = await event(await chat('keep-none', 'Nothing kept 1f7b at all.'));
    assert.equal(allowed.textOmitted, 'none');
    const bytes = storeBytes();
    assert.ok(!bytes.includes('Nothing kept'), 'a text is in the SQLite files');
  });

  it('when audit.text is not set, then texts are kept (the default is all)', async () => {
    const allowed = await event(await chat('keep-all', 'Kept words 2a9c, hello.'));
    assert.equal(allowed.textOmitted, undefined);
    assert.equal(allowed.input.messages[1]?.content, 'Kept words 2a9c, hello.');
    assert.equal(allowed.output?.text, REPLY);
  });

  it('when texts were left out, then the chain verifies and the review page says so', async () => {
    const id = await chat('keep-flagged', 'Review me 6c3a, fine day.');
    const report = await gw.audit.verify();
    assert.equal(report.ok, true, JSON.stringify(report.brokenAt));
    assert.ok(report.checked >= 5);
    const cookie = await signIn(gw.reviewerTokens.rita ?? '');
    const page = await fetch(`${gw.url}/review/decisions/${id}`, { headers: { cookie } });
    assert.equal(page.status, 200);
    const body = await page.text();
    assert.match(body, /text not kept \(policy audit\.text: flagged_only\)/);
    assert.ok(!body.includes('Review me 6c3a'));
  });

  it('when the shipped customer-support policy allows a chat, then its event is compact', async () => {
    const allowed = await event(await chat('customer-support', 'When will my parcel arrive?'));
    assert.equal(allowed.action, 'allow');
    const json = canonicalEventJson(allowed);
    // Format 1 wrote about 4,300 bytes for this chat; quiet rules now keep no configuration.
    assert.ok(json.length < 3700, `event is ${json.length} bytes`);
    const quiet = allowed.rules.filter((r) => r.score === undefined && r.action === 'allow');
    assert.ok(quiet.length > 0);
    for (const r of quiet) {
      assert.deepEqual(Object.keys(r).sort(), ['action', 'durationMs', 'rule', 'scanner', 'stage']);
    }
  });
});
