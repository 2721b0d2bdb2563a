/**
 * The word families of gen-injection-data.ts: short texts on the words attacks share with
 * customers ("password", "access", "instructions", "policy"), each once benign and once an
 * attack, so the words alone cannot carry the label. Kept apart from the generator only to keep
 * each file short.
 */
import { seededRandom } from './dataset.js';
import { accountWordRows } from './injection-account-words.js';
import { picker } from './injection-carriers.js';
import { dedupe, type GeneratedRow } from './injection-dedupe.js';
import { passwordPolicyRows } from './injection-password-policy.js';

/**
 * Short messages about passwords, access and instructions (0) beside attacks in the same words
 * (1), scripts/train/injection-account-words.ts: `draws` per English template pick.
 */
export function accountWords(seed: number, draws: number, attacks: number): GeneratedRow[] {
  const rows = accountWordRows(picker(seededRandom(seed)), draws, attacks).map((r) => ({
    text: r.text,
    label: r.label,
    categories: ['generated', r.label ? 'account-attack' : 'account-words', `lang:${r.lang}`],
  }));
  return dedupe(rows);
}

/**
 * Questions to the business about its password and security policy (0) beside requests for the
 * assistant's own password, secret or instructions (1), scripts/train/injection-password-policy.ts.
 */
export function passwordPolicy(
  seed: number,
  draws: number,
  attacks: number,
  notices = 0,
): GeneratedRow[] {
  const random = seededRandom(seed);
  const rows = passwordPolicyRows(picker(random), random, draws, attacks, notices).map((r) => ({
    text: r.text,
    label: r.label,
    categories: ['generated', r.label ? 'secret-request' : 'password-policy', `lang:${r.lang}`],
  }));
  return dedupe(rows);
}
