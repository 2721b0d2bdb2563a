/**
 * Reviewer tokens (DESIGN §9): a token identifies a trust & safety reviewer and the products
 * whose decisions they may see and label (a list, or `all`). Stored like product keys: only a
 * hash, in a file re-read when it changes (see policy/token-file.ts). Tokens start `ppr-`,
 * product keys `ppk-`: the two files are separate, so neither works where the other is expected.
 */
import { z } from 'zod';
import { hashSecret, newRecordId, newSecret, TokenFile, TokenIndex } from '../policy/token-file.js';
import type { ProductScope } from '../audit/review-types.js';

const PRODUCT = /^[a-z0-9][a-z0-9-]*$/;

const ReviewerRecord = z
  .object({
    id: z.string().regex(/^rev_[a-z0-9]+$/),
    name: z.string().min(1).max(100),
    products: z.union([z.literal('all'), z.array(z.string().regex(PRODUCT)).min(1)]),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    created_at: z.string(),
    revoked_at: z.string().nullable().default(null),
  })
  .strict();

export type ReviewerRecord = z.infer<typeof ReviewerRecord>;

export interface Reviewer {
  readonly id: string;
  readonly name: string;
  readonly scope: ProductScope;
}

const reviewerFile = (path: string) =>
  new TokenFile<ReviewerRecord>(path, 'reviewers', ReviewerRecord);

/** `a,b` → ['a', 'b']; absent or `all` → 'all'. Throws on a name that is not kebab-case. */
export function parseProducts(list: string | undefined): ProductScope {
  if (list === undefined || list.trim() === 'all') return 'all';
  const products = [...new Set(list.split(',').map((p) => p.trim()))].filter((p) => p !== '');
  if (products.length === 0 || !products.every((p) => PRODUCT.test(p))) {
    throw new Error('--products must be `all` or comma-separated kebab-case product names');
  }
  return products;
}

/** Adds a reviewer and returns the new token; the file keeps only its hash. */
export function createReviewer(
  path: string,
  name: string,
  scope: ProductScope,
  now = new Date(),
): { token: string; record: ReviewerRecord } {
  const token = newSecret('ppr-');
  const record: ReviewerRecord = {
    id: newRecordId('rev'),
    name,
    products: scope === 'all' ? 'all' : [...scope],
    sha256: hashSecret(token),
    created_at: now.toISOString(),
    revoked_at: null,
  };
  reviewerFile(path).append(record);
  return { token, record };
}

/** Revokes a token by id; a running gateway refuses it, and ends its sessions, within a second. */
export function revokeReviewer(path: string, id: string, now = new Date()): boolean {
  return reviewerFile(path).revoke(id, now);
}

export function listReviewers(path: string): readonly ReviewerRecord[] {
  return reviewerFile(path).read();
}

export class ReviewerStore {
  readonly #index: TokenIndex<ReviewerRecord, Reviewer>;

  constructor(path: string) {
    this.#index = new TokenIndex(reviewerFile(path), (r) => ({
      id: r.id,
      name: r.name,
      scope: r.products,
    }));
  }

  /** The reviewer behind a presented token, or undefined (unknown or revoked). */
  lookup(token: string): Reviewer | undefined {
    return this.#index.lookup(token);
  }

  /** The reviewer with this id if their token is still active. */
  active(id: string): Reviewer | undefined {
    return this.#index.byId(id);
  }

  get count(): number {
    return this.#index.count;
  }
}
