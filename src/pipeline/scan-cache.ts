/**
 * Scan results cached by content hash: chats resend their whole history on every turn, so
 * without a cache each earlier message is rescanned each time. Keys are hashes (no customer
 * text is kept as a key); only successful scans are cached; size is bounded.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { TextViews, ViewKey } from '../contract/text-views.js';
import type { ScanResult, Stage } from '../contract/types.js';

/** sha256 of a text, as a per-text view. */
const TEXT_DIGEST: ViewKey<string> = { id: 'sha256' };
const digestOf = (text: string) => createHash('sha256').update(text).digest('base64url');

export class ScanCache {
  readonly #cache: LRUCache<string, ScanResult>;

  constructor(maxEntries = 10_000) {
    this.#cache = new LRUCache({ max: maxEntries });
  }

  /**
   * The key of one rule's scan of one text. The text is hashed once (`TEXT_DIGEST`, memoized in
   * the stage's text views) and shared by every rule, instead of one sha256 over the whole text
   * per rule (issue 14: one hash per text); the rule key is already a sha256 (policy/resolve.ts).
   */
  static key(ruleKey: string, stage: Stage, views: TextViews): string {
    return `${ruleKey}:${stage}:${views.memo(TEXT_DIGEST, digestOf)}`;
  }

  get(key: string): ScanResult | undefined {
    return this.#cache.get(key);
  }

  set(key: string, result: ScanResult): void {
    this.#cache.set(key, result);
  }
}
