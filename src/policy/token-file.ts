/**
 * Files of hashed bearer secrets, shared by product keys and reviewer tokens. Only a sha256 of
 * each secret is stored: secrets carry 192 random bits, so a plain hash (not a slow KDF) is
 * enough, and a lookup by hash leaks nothing about the secret (no timing side channel on it).
 * Writes go through a temporary file and a rename, and readers re-read a changed file at most
 * once a second, so the CLI can add or revoke a secret while a gateway runs.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z, type ZodType } from 'zod';

/** What every record in such a file has; each kind adds its own fields. */
export interface HashedRecord {
  readonly id: string;
  readonly sha256: string;
  readonly created_at: string;
  readonly revoked_at: string | null;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** A new secret: a kind prefix (`ppk-`, `ppr-`) and 192 random bits. */
export function newSecret(prefix: string): string {
  return prefix + randomBytes(24).toString('base64url');
}

export function newRecordId(prefix: string): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

export class TokenFile<R extends HashedRecord> {
  readonly #file: ZodType<{ version: 1; records: R[] }>;

  /** `field` names the array in the file (`keys`, `reviewers`). */
  constructor(
    readonly path: string,
    private readonly field: string,
    record: ZodType<R>,
  ) {
    this.#file = z
      .object({ version: z.literal(1), [field]: z.array(record) })
      .strict()
      .transform((file) => ({ version: 1 as const, records: file[field] as R[] }));
  }

  /** Every record; a missing file has none. */
  read(): R[] {
    let raw: string;
    try {
      raw = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const parsed = this.#file.safeParse(JSON.parse(raw));
    if (!parsed.success) {
      const why = parsed.error.issues[0]?.message ?? 'invalid';
      throw new Error(`${this.path}: not a valid ${this.field} file (${why})`);
    }
    return parsed.data.records;
  }

  append(record: R): void {
    this.#write([...this.read(), record]);
  }

  /** Marks an active record revoked; false when no active record has that id. */
  revoke(id: string, now = new Date()): boolean {
    const records = this.read();
    const target = records.find((r) => r.id === id && r.revoked_at === null);
    if (!target) return false;
    this.#write(records.map((r) => (r === target ? { ...r, revoked_at: now.toISOString() } : r)));
    return true;
  }

  #write(records: readonly R[]): void {
    mkdirSync(dirname(this.path), { recursive: true });
    // Write then rename, so a running gateway never reads a half-written file.
    const tmp = `${this.path}.${process.pid}.tmp`;
    const body = { version: 1, [this.field]: records };
    writeFileSync(tmp, JSON.stringify(body, null, 2) + '\n', { mode: 0o600 });
    renameSync(tmp, this.path);
  }
}

/**
 * Active secrets by hash, from a TokenFile re-read when it changes. A broken file on reload keeps
 * the identities we had; at start it throws, where it must stop the process.
 */
export class TokenIndex<R extends HashedRecord, I> {
  #byHash = new Map<string, I>();
  #byId = new Map<string, I>();
  #mtimeMs = -1;
  #checkedAt = 0;

  constructor(
    private readonly file: TokenFile<R>,
    private readonly identify: (record: R) => I,
  ) {
    this.#refresh(true);
  }

  /** The identity behind a presented secret, or undefined. */
  lookup(secret: string): I | undefined {
    this.#refresh(false);
    return this.#byHash.get(hashSecret(secret));
  }

  /** The identity of a still-active record id (sessions re-check their reviewer with it). */
  byId(id: string): I | undefined {
    this.#refresh(false);
    return this.#byId.get(id);
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
      mtimeMs = statSync(this.file.path).mtimeMs;
    } catch {
      mtimeMs = 0;
    }
    if (!force && mtimeMs === this.#mtimeMs) return;
    const byHash = new Map<string, I>();
    const byId = new Map<string, I>();
    try {
      for (const record of this.file.read()) {
        if (record.revoked_at !== null) continue;
        const identity = this.identify(record);
        byHash.set(record.sha256, identity);
        byId.set(record.id, identity);
      }
    } catch (error) {
      if (force) throw error;
      return;
    }
    this.#byHash = byHash;
    this.#byId = byId;
    this.#mtimeMs = mtimeMs;
  }
}
