/**
 * The evasion suite: each attack rewritten the ways attackers dodge keyword filters, then
 * scanned by one rule; a rewrite should be caught as often as the plain text. Rewrites are
 * deterministic (position-based, no randomness), so the figures are reproducible.
 */
import type { Rule } from '../policy/types.js';
import { ruleFires } from './run-rows.js';

export const EVASIONS = {
  plain: (text: string) => text,
  /** Every other Latin letter that has a Cyrillic look-alike is swapped for it. */
  homoglyphs: (text: string) => {
    let k = 0;
    return text.replace(/[aceopxyiACEOPXYIHKMT]/g, (c) =>
      k++ % 2 === 0 ? (HOMOGLYPHS[c] ?? c) : c,
    );
  },
  /** A zero-width space after every third letter inside words. */
  'zero-width': (text: string) => {
    let k = 0;
    return text.replace(/(?<=\p{L})\p{L}/gu, (c) => (++k % 3 === 0 ? `\u200b${c}` : c));
  },
  /** Leetspeak on every other letter of words of three or more letters (a → 4, e → 3, ...). */
  leetspeak: (text: string) =>
    text.replace(/\p{L}{3,}/gu, (word) =>
      Array.from(word)
        .map((c, i) => (i % 2 === 0 ? (LEET[c.toLowerCase()] ?? c) : c))
        .join(''),
    ),
  /** The whole text base64-encoded (UTF-8). */
  base64: (text: string) => Buffer.from(text, 'utf8').toString('base64'),
  /** Letters alternate between upper and lower case. */
  'mixed case': (text: string) => {
    let k = 0;
    return text.replace(/\p{L}/gu, (c) => (k++ % 2 === 0 ? c.toUpperCase() : c.toLowerCase()));
  },
  /** Each word's characters one space apart, words two spaces apart: "i g n o r e  a l l". */
  'spaced letters': (text: string) =>
    text
      .split(/\s+/u)
      .filter((w) => w !== '')
      .map((w) => Array.from(w).join(' '))
      .join('  '),
  /** The whole text backwards, character by character. */
  reversed: (text: string) => Array.from(text).reverse().join(''),
  /** Latin letters rotated by 13 (ROT13). */
  rot13: (text: string) =>
    text.replace(/[a-z]/gi, (c) => {
      const base = c <= 'Z' ? 65 : 97;
      return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
    }),
} as const satisfies Record<string, (text: string) => string>;

export type Evasion = keyof typeof EVASIONS;

const HOMOGLYPHS: Readonly<Record<string, string>> = {
  a: 'а',
  c: 'с',
  e: 'е',
  o: 'о',
  p: 'р',
  x: 'х',
  y: 'у',
  i: 'і',
  A: 'А',
  C: 'С',
  E: 'Е',
  O: 'О',
  P: 'Р',
  X: 'Х',
  Y: 'У',
  I: 'І',
  H: 'Н',
  K: 'К',
  M: 'М',
  T: 'Т',
};

const LEET: Readonly<Record<string, string>> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };

export interface EvasionRate {
  readonly evasion: Evasion;
  readonly caught: number;
  readonly total: number;
  readonly rate: number;
}

/** Share of `attacks` (rewritten each way) on which the rule fires, as the pipeline decides it. */
export async function evasionRates(rule: Rule, attacks: readonly string[]): Promise<EvasionRate[]> {
  const rates: EvasionRate[] = [];
  for (const [evasion, rewrite] of Object.entries(EVASIONS) as [Evasion, (t: string) => string][]) {
    let caught = 0;
    for (const text of attacks) {
      const fired = await ruleFires(rule, rewrite(text), 10_000);
      if (fired) caught++;
    }
    rates.push({
      evasion,
      caught,
      total: attacks.length,
      rate: caught / Math.max(1, attacks.length),
    });
  }
  return rates;
}
