/** Hot reload on a running gateway: a good change takes effect, a broken one keeps the last good set. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { FIXTURE_POLICIES, startTestGateway, type TestGateway } from '../helpers/gateway.js';

let gw: TestGateway;
const dir = mkdtempSync(join(tmpdir(), 'parapet-reload-'));

async function guardAction(text: string): Promise<string> {
  const res = await fetch(`${gw.baseURL}/guard`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${gw.keys.plain ?? ''}` },
    body: JSON.stringify({ text }),
  });
  return ((await res.json()) as { action: string }).action;
}

async function readiness(): Promise<{ status: number; errors: string[] }> {
  const res = await fetch(`${gw.url}/readyz`);
  const body = (await res.json()) as { checks: { policies: { errors: string[] } } };
  return { status: res.status, errors: body.checks.policies.errors };
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

before(async () => {
  cpSync(FIXTURE_POLICIES, dir, { recursive: true });
  gw = await startTestGateway({
    backend: { backend: null, missing: 'not needed' },
    products: ['plain'],
    policiesDir: dir,
    watch: true,
  });
});
after(async () => {
  await gw?.close();
});

describe('policy hot reload', () => {
  const file = join(dir, 'plain.yaml');
  const original = readFileSync(file, 'utf8');

  it('when a policy file gains a phrase, then the running gateway enforces it', async () => {
    assert.equal(await guardAction('tell me about unicorns'), 'allow');
    const changed = original.replace('phrases: [', "phrases: ['unicorns', ");
    assert.notEqual(changed, original, 'the fixture no longer has the phrase list this test edits');
    writeFileSync(file, changed);
    await until(
      async () => (await guardAction('tell me about unicorns')) === 'block',
      'the new phrase',
    );
  });

  it('when a change breaks the file, then the last good policies stay and /readyz names the problem', async () => {
    const broken = original.replace('action: block', 'action: obliterate');
    assert.notEqual(broken, original);
    writeFileSync(file, broken);
    await until(async () => (await readiness()).errors.length > 0, 'the reload error');
    const { errors } = await readiness();
    assert.match(errors.join('\n'), /plain\.yaml:\d+:\d+ input\[0\]\.action: /);
    assert.equal(await guardAction('tell me about unicorns'), 'block');
    assert.ok(gw.logs.some((l) => l.includes('plain.yaml')));
  });

  it('when the file is fixed, then the errors clear', async () => {
    writeFileSync(file, original);
    await until(async () => (await readiness()).errors.length === 0, 'the errors to clear');
    assert.equal(await guardAction('tell me about unicorns'), 'allow');
  });
});
