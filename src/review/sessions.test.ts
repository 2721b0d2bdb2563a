import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { openSqliteAuditStore, type SqliteStore } from '../audit/stores/sqlite/sqlite-store.js';
import { IDLE_MS, MAX_AGE_MS, sameToken, sessionHash, SessionStore, TOUCH_MS } from './sessions.js';

let audit: SqliteStore;
beforeEach(() => {
  audit = openSqliteAuditStore(':memory:');
});
afterEach(async () => {
  await audit.close();
});

describe('reviewer sessions', () => {
  it('when a session is created, then its id finds it, a different id does not, and only its hash is stored', async () => {
    const store = new SessionStore(audit.sessions);
    const { id, session } = await store.create('rev_a');
    assert.deepEqual(await store.get(id), session);
    assert.equal(await store.get(`${id}x`), undefined);
    assert.notEqual(session.csrf, id);
    assert.equal(await audit.sessions.getSession(id), undefined, 'not stored under the id');
    const stored = await audit.sessions.getSession(sessionHash(id));
    assert.equal(stored?.reviewer, 'rev_a');
    assert.notEqual(stored.hash, session.csrf, 'the stored hash does not reveal the CSRF token');
  });

  it('when a session idles past the limit, then it is gone from the store; activity keeps it alive until the cap', async () => {
    let now = 0;
    const store = new SessionStore(audit.sessions, () => now);
    const idle = await store.create('rev_a');
    const busy = await store.create('rev_b');
    for (now = 0; now < MAX_AGE_MS - IDLE_MS; now += IDLE_MS / 2)
      assert.ok(await store.get(busy.id));
    assert.equal(await store.get(idle.id), undefined);
    assert.equal(await audit.sessions.getSession(sessionHash(idle.id)), undefined, 'cleaned');
    now = MAX_AGE_MS + 1;
    assert.equal(await store.get(busy.id), undefined, 'absolute lifetime reached');
  });

  it('when views come within a minute, then activity is recorded once (no write per click)', async () => {
    let now = 0;
    const store = new SessionStore(audit.sessions, () => now);
    const { id } = await store.create('rev_a');
    now = TOUCH_MS / 2;
    assert.equal((await store.get(id))?.lastSeen, 0);
    now = TOUCH_MS;
    assert.equal((await store.get(id))?.lastSeen, TOUCH_MS);
    assert.equal((await audit.sessions.getSession(sessionHash(id)))?.lastSeen, TOUCH_MS);
  });

  it('when someone signs in, then sessions that expired meanwhile are deleted', async () => {
    let now = 0;
    const store = new SessionStore(audit.sessions, () => now);
    const old = await store.create('rev_a');
    now = IDLE_MS + 1;
    await store.create('rev_b');
    assert.equal(await audit.sessions.getSession(sessionHash(old.id)), undefined);
  });

  it('when a session is deleted (logout), then its id no longer works', async () => {
    const store = new SessionStore(audit.sessions);
    const { id } = await store.create('rev_a');
    await store.delete(id);
    assert.equal(await store.get(id), undefined);
  });

  it('when the store cannot be read, then get rejects instead of answering "no session" or a session', async () => {
    const store = new SessionStore(audit.sessions);
    const { id } = await store.create('rev_a');
    await audit.close();
    await assert.rejects(store.get(id), /review session query failed|closed/);
    await assert.rejects(store.create('rev_a'));
    audit = openSqliteAuditStore(':memory:');
  });

  it('when tokens are compared, then only equal ones match, whatever their lengths', () => {
    assert.equal(sameToken('abc', 'abc'), true);
    assert.equal(sameToken('abc', 'abd'), false);
    assert.equal(sameToken('abc', 'abcd'), false);
    assert.equal(sameToken('', 'a'), false);
  });
});
