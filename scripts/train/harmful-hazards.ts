/**
 * Seeded harmful requests over a harm vocabulary of our own, organised by public hazard
 * taxonomies (harmful-hazards-violent.ts, harmful-hazards-other.ts), each beside a benign
 * look-alike on the same objects. harmful-lookalikes.ts covers a few verbs and topics; dev's
 * misses (75 of 115 under 0.3) name agents, exploits, crimes and euphemisms no source uses.
 * Both labels go through the same request forms (harmful-phrasings.ts), and benign rows also
 * ask what a thing is, its history and how to protect against it, so neither the form nor an
 * object's name is the label: the verb and the aim are. Harmful rows carry the hazard's category.
 */
import type { JsonRow } from './dataset.js';
import { seededRandom } from './dataset.js';
import type { Hazard } from './harmful-hazard-types.js';
import { OTHER_HAZARDS } from './harmful-hazards-other.js';
import { VIOLENT_HAZARDS } from './harmful-hazards-violent.js';
import { TO_PHRASINGS } from './harmful-phrasings.js';

export const HAZARDS: readonly Hazard[] = [...VIOLENT_HAZARDS, ...OTHER_HAZARDS];

// Questions about a thing (XSTest-style safe prompts: definitions, history, safety), benign.
const ABOUT: readonly ((o: string) => string)[] = [
  (o) => `What is ${o}?`,
  (o) => `Why is ${o} so dangerous?`,
  (o) => `How do investigators detect ${o}?`,
  (o) => `Tell me the history of ${o}.`,
  (o) => `How can I protect myself against ${o}?`,
  (o) => `What should I do if I come across ${o}?`,
  (o) => `In the thriller I am reading the villain uses ${o}. Is that realistic?`,
];

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)]!;

const asked = (action: string, random: () => number) => pick(TO_PHRASINGS, random)(action);

/**
 * `n` harmful requests and `benignPerHarmful × n` benign look-alikes (fewer if the vocabulary
 * runs out), seeded; more benign rows weigh the objects' names further toward neither label.
 */
export function hazardRows(n: number, seed: number, benignPerHarmful = 1): JsonRow[] {
  const random = seededRandom(seed);
  const rows = new Map<string, JsonRow>();
  const add = (text: string, label: 0 | 1, hazard: Hazard) => {
    if (rows.has(text)) return;
    const categories = label === 1 && hazard.category ? [hazard.category] : [];
    rows.set(text, { text, label, categories });
  };
  // Hazards are drawn uniformly: a small hazard (intellectual property) weighs as much as a
  // large one, since dev's misses are spread over categories, not concentrated in the big ones.
  for (let i = 0; rows.size < n && i < n * 20; i++) {
    const h = pick(HAZARDS, random);
    add(asked(pick(h.harmful, random)(pick(h.objects, random)), random), 1, h);
  }
  const harmful = rows.size;
  for (let i = 0; rows.size < harmful + n * benignPerHarmful && i < n * 40; i++) {
    const h = pick(HAZARDS, random);
    const o = pick(h.objects, random);
    if (h.things && random() < 0.35) add(pick(ABOUT, random)(o), 0, h);
    else add(asked(pick(h.benign, random)(o), random), 0, h);
  }
  return [...rows.values()];
}
