/**
 * Scan results cached by content hash: chats resend their whole history on every turn, so
 * without a cache each earlier message is rescanned each time. Keys are hashes (no customer
 * text is kept as a key); only successful scans are cached; size is bounded. The language
 * guess the policy's `unsupported_language` gate reads is cached the same way: without it every
 * resent message was language-ranked again on every turn (issue 14 item 4, `npm run
 * bench:scan-cpu`: the last of 8 turns cost more than a first message with the rule scans all
 * served from the cache).
 */
import { hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { LanguageGuess, LanguageRanker, TextViews, ViewKey } from '../contract/text-views.js';
import type { ScanResult, Stage } from '../contract/types.js';

/** sha256 of a text, as a per-text view. */
const TEXT_DIGEST: ViewKey<string> = { id: 'sha256' };
/**
 * One-shot `hash` (utf-8, as `createHash().update(text)`): the same digest without a Hash object,
 * ~1-2 us less per 1 KB text and stage (measured alternating in one process).
 */
const digestOf = (text: string) => hash('sha256', text, 'base64url');

/**
 * A guess holds franc's score for each of ~60 languages (a few KB), so fewer are kept than scan
 * results: enough for the histories of the chats active at once.
 */
const LANGUAGES_PER_SCAN_ENTRY = 5;

export class ScanCache {
  readonly #cache: LRUCache<string, ScanResult>;
  readonly #languages: LRUCache<string, LanguageGuess>;
  readonly #ranker: LanguageRanker | undefined;

  /** `ranker`: where guesses are ranked off the request thread (the scan pool), if anywhere. */
  constructor(maxEntries = 10_000, ranker?: LanguageRanker) {
    this.#ranker = ranker;
    this.#cache = new LRUCache({ max: maxEntries });
    this.#languages = new LRUCache({
      max: Math.max(1, Math.floor(maxEntries / LANGUAGES_PER_SCAN_ENTRY)),
    });
  }

  /**
   * The key of one rule's scan of one text. The text is hashed once (`TEXT_DIGEST`, memoized in
   * the stage's text views) and shared by every rule, instead of one sha256 over the whole text
   * per rule (issue 14: one hash per text); the rule key is already a sha256 (policy/resolve.ts).
   */
  static key(ruleKey: string, stage: Stage, views: TextViews): string {
    return `${ruleKey}:${stage}:${views.memo(TEXT_DIGEST, digestOf)}`;
  }

  /** The text's language guess (views.language), from the cache when this text was seen. */
  language(views: TextViews, minChars: number): LanguageGuess {
    // Below minChars the guess is `und` without any ranking: nothing to keep.
    if (views.text.length < minChars) return views.language(minChars);
    const key = `${minChars}:${views.memo(TEXT_DIGEST, digestOf)}`;
    let guess = this.#languages.get(key);
    if (!guess) {
      guess = views.language(minChars);
      this.#languages.set(key, guess);
    }
    return guess;
  }

  /** Whether guesses are ranked off this thread (rankedLanguage), so are worth starting early. */
  get ranksElsewhere(): boolean {
    return this.#ranker !== undefined;
  }

  /**
   * The same guess as `language`, ranked by the ranker off this thread when there is one. Any
   * failure there (queue full, a worker lost) ranks in process instead: the guess is the same
   * either way, so a decision never depends on where it was made.
   */
  async rankedLanguage(
    views: TextViews,
    minChars: number,
    signal: AbortSignal,
  ): Promise<LanguageGuess> {
    if (!this.#ranker || views.text.length < minChars) return this.language(views, minChars);
    const key = `${minChars}:${views.memo(TEXT_DIGEST, digestOf)}`;
    const cached = this.#languages.get(key);
    if (cached) return cached;
    let guess: LanguageGuess;
    try {
      guess = await this.#ranker.rankLanguages(views.text, signal);
    } catch {
      return this.language(views, minChars);
    }
    this.#languages.set(key, guess);
    return guess;
  }

  get(key: string): ScanResult | undefined {
    return this.#cache.get(key);
  }

  set(key: string, result: ScanResult): void {
    this.#cache.set(key, result);
  }
}
