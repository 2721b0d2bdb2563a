import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { GatewayError } from '../errors.js';
import {
  createReviewer,
  listReviewers,
  parseProducts,
  revokeReviewer,
} from '../review/reviewers.js';
import type { ProductScope } from '../audit/review-types.js';

function scopeFrom(products: string | undefined): ProductScope {
  try {
    return parseProducts(products);
  } catch (error) {
    throw new GatewayError('usage_invalid', {
      detail: error instanceof Error ? error.message : 'invalid --products',
    });
  }
}

/** Creates a reviewer token; the token itself is the last line of stdout (and is never stored). */
export function runReviewersCreate(
  options: { name: string; products?: string; reviewers?: string },
  config: Config,
): void {
  const name = options.name.trim();
  if (name === '' || name.length > 100) {
    throw new GatewayError('usage_invalid', { detail: '--name must be 1 to 100 characters' });
  }
  const scope = scopeFrom(options.products);
  // A product without a policy yet is allowed (tokens may come first), but likely a typo.
  for (const product of scope === 'all' ? [] : scope) {
    if (!existsSync(join(config.policies, `${product}.yaml`))) {
      process.stderr.write(`warning: no policy ${product}.yaml in ${config.policies}\n`);
    }
  }
  const path = options.reviewers ?? config.reviewers;
  const { token, record } = createReviewer(path, name, scope);
  const products = record.products === 'all' ? 'all products' : record.products.join(',');
  process.stdout.write(
    `created ${record.id} (${record.name}) for ${products} in ${path}\n${token}\n`,
  );
}

/** Revokes a token by id; a running gateway refuses it, and ends its sessions, within a second. */
export function runReviewersRevoke(
  options: { id: string; reviewers?: string },
  config: Config,
): void {
  const path = options.reviewers ?? config.reviewers;
  if (!revokeReviewer(path, options.id)) {
    throw new GatewayError('usage_invalid', {
      detail: `no active reviewer ${options.id} in ${path}`,
    });
  }
  process.stdout.write(`revoked ${options.id}\n`);
}

/** Lists reviewers: id, name, products, created, revoked. Never the hashes. */
export function runReviewersList(options: { reviewers?: string }, config: Config): void {
  for (const r of listReviewers(options.reviewers ?? config.reviewers)) {
    const products = r.products === 'all' ? 'all' : r.products.join(',');
    process.stdout.write(
      `${r.id}\t${r.name}\t${products}\t${r.created_at}\t${r.revoked_at ?? 'active'}\n`,
    );
  }
}
