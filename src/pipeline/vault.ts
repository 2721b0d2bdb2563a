/**
 * A per-request vault of redacted values: each distinct value gets one typed, numbered
 * placeholder (`[EMAIL_1]`), numbered in order of first appearance, so a chat that resends its
 * history gets the same placeholders every time. It lives in the request and is never logged.
 */

export class Vault {
  readonly #byValue = new Map<string, string>();
  /** Placeholder → value, for values the user gave (input stage): the only ones restored. */
  readonly #restorable = new Map<string, string>();
  readonly #counters = new Map<string, number>();

  placeholderFor(kind: string, value: string, restorable: boolean): string {
    const type = placeholderType(kind);
    const key = `${type}\u0000${value}`;
    const existing = this.#byValue.get(key);
    if (existing !== undefined) return existing;
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
   * Puts the user's own values back. Tolerates a model that dropped the brackets (`EMAIL_1`);
   * placeholders created for the model's own output are never restored.
   */
  restore(text: string): string {
    if (this.#restorable.size === 0) return text;
    return text.replace(PLACEHOLDER_PATTERN, (match, type: string, n: string) => {
      return this.#restorable.get(`[${type}_${n}]`) ?? match;
    });
  }
}

/** `[TYPE_N]` or a bare `TYPE_N` as a whole word. */
export const PLACEHOLDER_PATTERN = /\[?\b([A-Z][A-Z0-9_]*?)_(\d+)\b\]?/g;

/** `banned-phrase` → `BANNED_PHRASE`; kinds are already UPPER_SNAKE for entity scanners. */
export function placeholderType(kind: string): string {
  const type = kind
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return type === '' || /^\d/.test(type) ? `REDACTED${type ? `_${type}` : ''}` : type;
}
