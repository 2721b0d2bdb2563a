/**
 * Product keys: a key maps a caller to a product (and so to a policy). The keys file keeps only
 * a hash of each key (see token-file.ts) and is re-read when it changes, so `parapet keys create`
 * takes effect on a running gateway.
 */
import { z } from 'zod';
import { hashSecret, newRecordId, newSecret, TokenFile, TokenIndex } from './token-file.js';

const KeyRecord = z
  .object({
    id: z.string().regex(/^key_[a-z0-9]+$/),
    product: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    created_at: z.string(),
    revoked_at: z.string().nullable().default(null),
  })
  .strict();

export type KeyRecord = z.infer<typeof KeyRecord>;

export interface KeyIdentity {
  readonly keyId: string;
  readonly product: string;
}

const keyFile = (path: string) => new TokenFile<KeyRecord>(path, 'keys', KeyRecord);

/** Adds a key for a product and returns the new key; the file keeps only its hash. */
export function createKey(
  path: string,
  product: string,
  now = new Date(),
): { key: string; record: KeyRecord } {
  const key = newSecret('ppk-');
  const record: KeyRecord = {
    id: newRecordId('key'),
    product,
    sha256: hashSecret(key),
    created_at: now.toISOString(),
    revoked_at: null,
  };
  keyFile(path).append(record);
  return { key, record };
}

/**
 * Revokes a key by id (rotation: create the new key, move clients over, revoke the old one).
 * Returns false when no such active key exists. A running gateway drops it within a second.
 */
export function revokeKey(path: string, id: string, now = new Date()): boolean {
  return keyFile(path).revoke(id, now);
}

/** Every key record (ids, products, dates; hashes are not secret but are not shown by the CLI). */
export function listKeys(path: string): readonly KeyRecord[] {
  return keyFile(path).read();
}

export class KeyStore {
  readonly #index: TokenIndex<KeyRecord, KeyIdentity>;

  constructor(path: string) {
    this.#index = new TokenIndex(keyFile(path), (r) => ({ keyId: r.id, product: r.product }));
  }

  /** The identity behind a presented key, or undefined. Re-reads the file at most once a second. */
  lookup(key: string): KeyIdentity | undefined {
    return this.#index.lookup(key);
  }

  get count(): number {
    return this.#index.count;
  }
}
