import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { GatewayError } from '../errors.js';
import { createKey, listKeys, revokeKey } from '../policy/keys.js';

/** Creates a product key; the key itself is the last line of stdout (and is never stored). */
export function runKeysCreate(options: { product: string; keys?: string }, config: Config): void {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(options.product)) {
    throw new GatewayError('usage_invalid', {
      detail: '--product must be a kebab-case product name',
    });
  }
  if (!existsSync(join(config.policies, `${options.product}.yaml`))) {
    process.stderr.write(
      `warning: no policy ${options.product}.yaml in ${config.policies}; the key is refused until one exists\n`,
    );
  }
  const path = options.keys ?? config.keys;
  const { key, record } = createKey(path, options.product);
  process.stdout.write(`created ${record.id} for product ${record.product} in ${path}\n${key}\n`);
}

/** Revokes a key by id; a running gateway refuses it within a second. */
export function runKeysRevoke(options: { id: string; keys?: string }, config: Config): void {
  const path = options.keys ?? config.keys;
  if (!revokeKey(path, options.id)) {
    throw new GatewayError('usage_invalid', { detail: `no active key ${options.id} in ${path}` });
  }
  process.stdout.write(`revoked ${options.id}\n`);
}

/** Lists keys: id, product, created, revoked. Never the hashes. */
export function runKeysList(options: { keys?: string }, config: Config): void {
  for (const k of listKeys(options.keys ?? config.keys)) {
    process.stdout.write(`${k.id}\t${k.product}\t${k.created_at}\t${k.revoked_at ?? 'active'}\n`);
  }
}
