/**
 * Scan results cached by content hash: chats resend their whole history on every turn, so
 * without a cache each earlier message is rescanned each time. Keys are hashes (no customer
 * text is kept as a key); only successful scans are cached; size is bounded.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { ScanResult, Stage } from '../contract/types.js';

export class ScanCache {
  readonly #cache: LRUCache<string, ScanResult>;

  constructor(maxEntries = 10_000) {
    this.#cache = new LRUCache({ max: maxEntries });
  }

  static key(ruleKey: string, stage: Stage, text: string): string {
    return createHash('sha256')
      .update(ruleKey)
      .update('\0')
      .update(stage)
      .update('\0')
      .update(text)
      .digest('base64url');
  }

  get(key: string): ScanResult | undefined {
    return this.#cache.get(key);
  }

  set(key: string, result: ScanResult): void {
    this.#cache.set(key, result);
  }
}
