import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createKey, KeyStore, listKeys, revokeKey } from './keys.js';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'parapet-keys-')), 'keys.json');

describe('product keys', () => {
  it('when a key is created, then only its hash is stored and it maps to its product', () => {
    const path = fresh();
    const { key, record } = createKey(path, 'kids-tutor');
    assert.ok(!readFileSync(path, 'utf8').includes(key));
    assert.deepEqual(new KeyStore(path).lookup(key), { keyId: record.id, product: 'kids-tutor' });
    assert.equal(new KeyStore(path).lookup(`${key}x`), undefined);
  });

  it('when a key is rotated, then the new one works and the revoked one is refused', () => {
    const path = fresh();
    const old = createKey(path, 'customer-support');
    const next = createKey(path, 'customer-support');
    assert.equal(revokeKey(path, old.record.id), true);
    const store = new KeyStore(path);
    assert.equal(store.lookup(old.key), undefined);
    assert.equal(store.lookup(next.key)?.keyId, next.record.id);
    assert.equal(revokeKey(path, old.record.id), false, 'already revoked');
    assert.equal(revokeKey(path, 'key_nosuch'), false);
    assert.equal(listKeys(path).filter((k) => k.revoked_at !== null).length, 1);
  });

  it('when the keys file is missing, then no key is accepted (and start does not fail)', () => {
    assert.equal(new KeyStore(join(tmpdir(), 'parapet-no-such-dir', 'keys.json')).count, 0);
  });
});
