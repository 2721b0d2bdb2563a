/**
 * A per-request vault of redacted values: each distinct value gets one typed, numbered
 * placeholder (`[EMAIL_1]`), numbered in order of first appearance, so a chat that resends its
 * history gets the same placeholders every time. It lives in the request and is never logged.
 */
import { findPlaceholders } from './placeholder-match.js';

export class Vault {
  readonly #byValue = new Map<string, string>();
  /** Placeholder → value, for values the user gave (input stage): the only ones restored. */
  readonly #restorable = new Map<string, string>();
  readonly #counters = new Map<string, number>();

  placeholderFor(kind: string, value: string, restorable: boolean): string {
    const type = placeholderType(kind);
    const key = `${type}\u0000${value}`;
    const existing = this.#byValue.get(key);
    if (existing !== undefined) {
      // A value a tool quoted first is still the user's own when they sent it too.
      if (restorable) this.#restorable.set(existing, value);
      return existing;
    }
    const n = (this.#counters.get(type) ?? 0) + 1;
    this.#counters.set(type, n);
    const placeholder = `[${type}_${n}]`;
    this.#byValue.set(key, placeholder);
    if (restorable) this.#restorable.set(placeholder, value);
    return placeholder;
  }

  get size(): number {
    return this.#restorable.size;
  }

  /**
   * Puts the user's own values back, also where the model rephrased a placeholder slightly
   * (placeholder-match.ts). Placeholders created for the model's own output, or never created
   * in this request, are left as they are.
   */
  restore(text: string): string {
    let out = '';
    let cursor = 0;
    for (const hit of this.placeholdersIn(text)) {
      out += text.slice(cursor, hit.start) + hit.value;
      cursor = hit.end;
    }
    return cursor === 0 ? text : out + text.slice(cursor);
  }

  /** Where `restore` would put values back (a stream must not cut through one). */
  placeholdersIn(text: string): { start: number; end: number; value: string }[] {
    if (this.#restorable.size === 0) return [];
    const types = [...this.#restorable.keys()].map((p) => p.slice(1, p.lastIndexOf('_')));
    return findPlaceholders(text, types).flatMap((hit) => {
      const value = this.#restorable.get(hit.placeholder);
      return value === undefined ? [] : [{ start: hit.start, end: hit.end, value }];
    });
  }
}

/** `banned-phrase` → `BANNED_PHRASE`; kinds are already UPPER_SNAKE for entity scanners. */
export function placeholderType(kind: string): string {
  const type = kind
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return type === '' || /^\d/.test(type) ? `REDACTED${type ? `_${type}` : ''}` : type;
}
