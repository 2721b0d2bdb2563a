/**
 * Product keys: a key maps a caller to a product (and so to a policy). Only a sha256 of each
 * key is stored; the file is re-read when it changes, so `parapet keys create` takes effect on a
 * running gateway. Keys carry 192 random bits, so a plain hash (not a slow KDF) is enough, and a
 * lookup by hash leaks nothing about the key (no timing side channel on the key itself).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const KeyRecord = z
  .object({
    id: z.string().regex(/^key_[a-z0-9]+$/),
    product: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    created_at: z.string(),
    revoked_at: z.string().nullable().default(null),
  })
  .strict();

const KeyFile = z.object({ version: z.literal(1), keys: z.array(KeyRecord) }).strict();

export type KeyRecord = z.infer<typeof KeyRecord>;

export interface KeyIdentity {
  readonly keyId: string;
  readonly product: string;
}

const KEY_PREFIX = 'ppk-';

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function readKeyFile(path: string): KeyRecord[] {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const parsed = KeyFile.safeParse(JSON.parse(raw));
  if (!parsed.success)
    throw new Error(
      `${path}: not a valid keys file (${parsed.error.issues[0]?.message ?? 'invalid'})`,
    );
  return parsed.data.keys;
}

/** Adds a key for a product and returns the new key; the file keeps only its hash. */
export function createKey(
  path: string,
  product: string,
  now = new Date(),
): { key: string; record: KeyRecord } {
  const key = KEY_PREFIX + randomBytes(24).toString('base64url');
  const record: KeyRecord = {
    id: `key_${randomBytes(6).toString('hex')}`,
    product,
    sha256: hashKey(key),
    created_at: now.toISOString(),
    revoked_at: null,
  };
  writeKeyFile(path, [...readKeyFile(path), record]);
  return { key, record };
}

/**
 * Revokes a key by id (rotation: create the new key, move clients over, revoke the old one).
 * Returns false when no such active key exists. A running gateway drops it within a second.
 */
export function revokeKey(path: string, id: string, now = new Date()): boolean {
  const keys = readKeyFile(path);
  const target = keys.find((k) => k.id === id && k.revoked_at === null);
  if (!target) return false;
  writeKeyFile(
    path,
    keys.map((k) => (k === target ? { ...k, revoked_at: now.toISOString() } : k)),
  );
  return true;
}

/** Every key record (ids, products, dates; hashes are not secret but are not shown by the CLI). */
export function listKeys(path: string): readonly KeyRecord[] {
  return readKeyFile(path);
}

function writeKeyFile(path: string, keys: readonly KeyRecord[]): void {
  mkdirSync(dirname(path), { recursive: true });
  // Write then rename, so a running gateway never reads a half-written file.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, keys }, null, 2) + '\n', { mode: 0o600 });
  renameSync(tmp, path);
}

export class KeyStore {
  readonly #path: string;
  #byHash = new Map<string, KeyIdentity>();
  #mtimeMs = -1;
  #checkedAt = 0;

  constructor(path: string) {
    this.#path = path;
    this.#refresh(true);
  }

  /** The identity behind a presented key, or undefined. Re-reads the file at most once a second. */
  lookup(key: string): KeyIdentity | undefined {
    this.#refresh(false);
    return this.#byHash.get(hashKey(key));
  }

  get count(): number {
    return this.#byHash.size;
  }

  #refresh(force: boolean): void {
    const now = Date.now();
    if (!force && now - this.#checkedAt < 1000) return;
    this.#checkedAt = now;
    let mtimeMs: number;
    try {
      mtimeMs = statSync(this.#path).mtimeMs;
    } catch {
      mtimeMs = 0;
    }
    if (!force && mtimeMs === this.#mtimeMs) return;
    const next = new Map<string, KeyIdentity>();
    // A broken file on reload keeps the keys we had (throws only at start, where it must stop us).
    try {
      for (const record of readKeyFile(this.#path)) {
        if (record.revoked_at === null)
          next.set(record.sha256, { keyId: record.id, product: record.product });
      }
    } catch (error) {
      if (force) throw error;
      return;
    }
    this.#byHash = next;
    this.#mtimeMs = mtimeMs;
  }
}
