import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { IDLE_MS, MAX_AGE_MS, sameToken, SessionStore } from './sessions.js';

describe('reviewer sessions', () => {
  it('when a session is created, then its id finds it and a different id does not', () => {
    const store = new SessionStore();
    const { id, session } = store.create('rev_a');
    assert.equal(store.get(id), session);
    assert.equal(store.get(`${id}x`), undefined);
    assert.notEqual(session.csrf, id);
  });

  it('when a session idles past the limit, then it is gone; activity keeps it alive until the cap', () => {
    let now = 0;
    const store = new SessionStore(() => now);
    const idle = store.create('rev_a');
    const busy = store.create('rev_b');
    for (now = 0; now < MAX_AGE_MS - IDLE_MS; now += IDLE_MS / 2) assert.ok(store.get(busy.id));
    assert.equal(store.get(idle.id), undefined);
    now = MAX_AGE_MS + 1;
    assert.equal(store.get(busy.id), undefined, 'absolute lifetime reached');
  });

  it('when a session is deleted (logout), then its id no longer works', () => {
    const store = new SessionStore();
    const { id } = store.create('rev_a');
    store.delete(id);
    assert.equal(store.get(id), undefined);
    assert.equal(store.size, 0);
  });

  it('when tokens are compared, then only equal ones match, whatever their lengths', () => {
    assert.equal(sameToken('abc', 'abc'), true);
    assert.equal(sameToken('abc', 'abd'), false);
    assert.equal(sameToken('abc', 'abcd'), false);
    assert.equal(sameToken('', 'a'), false);
  });
});
