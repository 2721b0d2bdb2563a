/**
 * Seeded spelling noise for generated training rows: abusers dodge keyword filters by dropping
 * or swapping a letter, writing digits for letters, spacing a word out or gluing two words. The
 * character n-grams see most of a mangled word; these rows teach them the rest. Applied to benign
 * and toxic generated rows alike, so the noise itself says nothing about the label.
 */
import { controlledCopies, type CopyConfig } from './augment.js';
import type { GlueRow } from './glued.js';

const LEET: Record<string, string> = { a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' };

type Edit = (word: string, random: () => number) => string;

const at = (word: string, random: () => number) => 1 + Math.floor(random() * (word.length - 2));

const EDITS: readonly Edit[] = [
  // A letter dropped.
  (w, r) => {
    const i = at(w, r);
    return w.slice(0, i) + w.slice(i + 1);
  },
  // Two neighbours swapped.
  (w, r) => {
    const i = at(w, r);
    return w.slice(0, i) + w[i + 1]! + w[i]! + w.slice(i + 2);
  },
  // Letters written as digits.
  (w) => w.replace(/[aeiost]/g, (c) => LEET[c] ?? c),
  // Spaced out.
  (w) => w.split('').join(' '),
];

/**
 * With probability `rate`, one word of four letters or more is mangled, or (one time in five)
 * the space after a word is dropped.
 */
export function misspell(text: string, rate: number, random: () => number): string {
  if (random() >= rate) return text;
  const words = text.split(' ');
  const long = words.flatMap((w, i) => (/^[a-z]{4,}$/i.test(w) ? [i] : []));
  if (long.length === 0) return text;
  const i = long[Math.floor(random() * long.length)]!;
  if (random() < 0.2 && i < words.length - 1) {
    words.splice(i, 2, `${words[i]!}${words[i + 1]!}`);
    return words.join(' ');
  }
  const edit = EDITS[Math.floor(random() * EDITS.length)]!;
  words[i] = edit(words[i]!, random);
  return words.join(' ');
}

/**
 * Round 6: copies of real rows with one word misspelt (spelling.ts), positives and controls
 * alike. The generated hate rows had spelling noise, the corpora's rows did not, and HateCheck's
 * misspelt hate ("Tr4ns people", "ignoratn") was a quarter of its errors.
 */
export const spelledRows = (
  train: readonly GlueRow[],
  config: CopyConfig,
  seed: number,
  trainChars: number,
): GlueRow[] =>
  controlledCopies(train, config, seed, trainChars, 'spelled', (t, r) => misspell(t, 1, r));
