import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createKey } from '../policy/keys.js';
import {
  createReviewer,
  listReviewers,
  parseProducts,
  ReviewerStore,
  revokeReviewer,
} from './reviewers.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'parapet-reviewers-')), 'reviewers.json');

describe('reviewer tokens', () => {
  it('when a token is created, then only its hash is stored and it maps to the reviewer and scope', () => {
    const path = fresh();
    const { token, record } = createReviewer(path, 'Dana (T&S)', ['kids-tutor', 'retail']);
    assert.match(token, /^ppr-[A-Za-z0-9_-]{32}$/);
    assert.ok(!readFileSync(path, 'utf8').includes(token));
    const store = new ReviewerStore(path);
    assert.deepEqual(store.lookup(token), {
      id: record.id,
      name: 'Dana (T&S)',
      scope: ['kids-tutor', 'retail'],
    });
    assert.equal(store.lookup(`${token}x`), undefined);
    assert.equal(store.active(record.id)?.name, 'Dana (T&S)');
  });

  it('when a token is revoked, then it is refused and its id is no longer active', () => {
    const path = fresh();
    const a = createReviewer(path, 'a', 'all');
    const b = createReviewer(path, 'b', 'all');
    assert.equal(revokeReviewer(path, a.record.id), true);
    assert.equal(revokeReviewer(path, a.record.id), false, 'already revoked');
    const store = new ReviewerStore(path);
    assert.equal(store.lookup(a.token), undefined);
    assert.equal(store.active(a.record.id), undefined);
    assert.equal(store.lookup(b.token)?.scope, 'all');
    assert.equal(listReviewers(path).length, 2);
  });

  it('when a product key is presented, then the reviewer store does not know it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-reviewers-'));
    const { key } = createKey(join(dir, 'keys.json'), 'retail');
    createReviewer(join(dir, 'reviewers.json'), 'x', 'all');
    assert.equal(new ReviewerStore(join(dir, 'reviewers.json')).lookup(key), undefined);
  });

  it('when the file is broken at start, then opening fails rather than accepting nobody silently', () => {
    const path = fresh();
    writeFileSync(path, JSON.stringify({ version: 1, reviewers: [{ id: 'nope' }] }));
    assert.throws(() => new ReviewerStore(path), /not a valid reviewers file/);
  });

  it('when --products is parsed, then lists are split and deduplicated, and bad names refused', () => {
    assert.equal(parseProducts(undefined), 'all');
    assert.equal(parseProducts('all'), 'all');
    assert.deepEqual(parseProducts('a, b,a'), ['a', 'b']);
    assert.throws(() => parseProducts('Bad Name'));
    assert.throws(() => parseProducts(','));
  });
});
