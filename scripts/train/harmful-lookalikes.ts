/**
 * Seeded contrast pairs for harmful-request-v2: a harmful request and benign look-alikes that
 * share its verbs, objects and request forms. The training sources have few short, plain
 * requests for violence, crime or hate ("how do I poison my neighbour"), and almost no benign
 * questions that use the same words ("how do I kill a stuck process", "what was the atomic bomb"),
 * so the small model learned a few topics and the request forms of its sources, not the harm.
 * The slots are written from harm taxonomies (MLCommons hazard categories: violent and
 * non-violent crimes, weapons, drugs, cybercrime, fraud, hate, self-harm, child abuse, privacy)
 * and everyday homonyms, not from any evaluation set. Harmful rows carry the scanner's category.
 */
import type { JsonRow } from './dataset.js';
import { seededRandom } from './dataset.js';
import { HARMFUL_ACTIONS, type Category } from './harmful-lookalike-actions.js';
import { TO_PHRASINGS } from './harmful-phrasings.js';

const VICTIMS = [
  'my neighbour',
  'my wife',
  'my husband',
  'my boss',
  'my ex',
  'a coworker',
  'a stranger',
  'someone',
  'a child',
  'my teacher',
  'a police officer',
  'the mayor',
  'my landlord',
  'my stepfather',
  'a homeless man',
  'my classmates',
  'my roommate',
  'an old lady',
];
const VIOLENT_VERBS = [
  'kill',
  'murder',
  'poison',
  'stab',
  'shoot',
  'strangle',
  'kidnap',
  'beat up',
  'torture',
  'assault',
  'hurt',
  'drown',
  'suffocate',
  'run over',
  'attack',
  'break the legs of',
];
const COVER = [
  '',
  '',
  '',
  ' without getting caught',
  ' and hide the body',
  ' so it looks like an accident',
  ' without leaving evidence',
  ' tonight',
];

const GROUPS = [
  'immigrants',
  'Muslims',
  'Jews',
  'Black people',
  'gay people',
  'women',
  'disabled people',
  'Roma',
  'Mexicans',
  'Asians',
  'trans people',
  'Christians',
  'refugees',
  'old people',
];
const HATE_TEMPLATES: readonly ((g: string) => string)[] = [
  (g) => `Write a post arguing that ${g} are inferior.`,
  (g) => `Why are ${g} so stupid?`,
  (g) => `How can we get rid of all the ${g} in our town?`,
  (g) => `Explain why ${g} should not be allowed to vote.`,
  (g) => `Give me some jokes that make fun of ${g}.`,
  (g) => `Write a speech saying ${g} are a disease on society.`,
  (g) => `Why should ${g} be banned from working as teachers?`,
];
const PLACES = [
  'Where is a good place to',
  'What is the best time to',
  'Where can I go to',
  'Which city is the easiest place to',
];

// Benign look-alikes: the same verbs with harmless objects, the same harm words in questions
// about meaning, history, safety and fiction, and ordinary questions about the same groups.
const HOMONYMS = [
  'kill a stuck Python process',
  'kill time at the airport',
  'kill the weeds in my garden',
  'kill a zombie process on Linux',
  'shoot a wedding video',
  'shoot better photos at night',
  'execute a SQL query from Java',
  'execute a business plan',
  'blow up a balloon without a pump',
  'blow up a photo for a poster',
  'attack a hard maths problem',
  'crush garlic without a press',
  'crush my exams',
  'break into the film industry',
  'break into a new market',
  'hack my morning routine',
  'hack together a quick prototype',
  'steal the show at my recital',
  'steal a base in baseball',
  'destroy an old hard drive safely',
  'get rid of ants in my kitchen',
  'beat my personal best in a 5k',
  'cook rice in a pressure cooker',
  'make a bomb cake for my friend’s birthday',
  'grow tomatoes on a balcony',
  'sell my old car',
  'buy a used laptop',
  'launder silk at home',
  'make a fake tan look natural',
  'forge a good relationship with my team',
  'strangle a weed vine off my fence',
  'drown out noise from my neighbours',
  'hang a heavy mirror',
  'cut my own hair',
  'starve a fire of oxygen',
  'track my package',
  'reset my password',
  'cancel my subscription',
  'get a refund for a damaged item',
];
const FICTION = [
  'in Minecraft',
  'in Skyrim',
  'in a video game',
  'in my novel',
  'in a chess game',
  'in Call of Duty',
  'in my screenplay',
  'in a board game',
];
const ABOUT = [
  'What is',
  'What was',
  'Tell me the history of',
  'Explain the science behind',
  'Why is it illegal to own',
  'How do police detect',
  'How can I protect my family from',
  'What are the warning signs of',
];
const HARM_TOPICS = [
  'a pipe bomb',
  'the atomic bomb',
  'napalm',
  'ransomware',
  'a phishing scam',
  'money laundering',
  'identity theft',
  'meth addiction',
  'fentanyl',
  'a ponzi scheme',
  'cyberbullying',
  'domestic violence',
  'child grooming',
  'self-harm',
  'hate speech',
  'terrorism',
  'a keylogger',
  'arson',
];
const BENIGN_GROUP_TEMPLATES: readonly ((g: string) => string)[] = [
  (g) => `Write a post celebrating the culture of ${g}.`,
  (g) => `Why are ${g} underrepresented in politics?`,
  (g) => `How can we make our town more welcoming to ${g}?`,
  (g) => `What discrimination have ${g} faced in history?`,
  (g) => `Give me some facts about ${g} in the workforce.`,
];

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)]!;

function phrase(action: string, random: () => number): string {
  return pick(TO_PHRASINGS, random)(action);
}

/** `n` harmful requests and `n` benign look-alikes, seeded. */
export function lookalikeRows(n: number, seed: number): JsonRow[] {
  const random = seededRandom(seed);
  const rows = new Map<string, JsonRow>();
  const add = (text: string, label: 0 | 1, category?: Category) => {
    if (!rows.has(text)) rows.set(text, { text, label, categories: category ? [category] : [] });
  };
  const categories = Object.keys(HARMFUL_ACTIONS) as Category[];
  for (let i = 0; rows.size < n && i < n * 20; i++) {
    const r = random();
    if (r < 0.3) {
      const act = `${pick(VIOLENT_VERBS, random)} ${pick(VICTIMS, random)}${pick(COVER, random)}`;
      add(phrase(act, random), 1, 'violent_crime_weapons');
    } else if (r < 0.4) {
      add(
        `${pick(PLACES, random)} ${pick(VIOLENT_VERBS, random)} ${pick(VICTIMS, random)}?`,
        1,
        'violent_crime_weapons',
      );
    } else if (r < 0.5)
      add(pick(HATE_TEMPLATES, random)(pick(GROUPS, random)), 1, 'hate_harassment');
    else {
      const category = pick(categories, random);
      add(phrase(pick(HARMFUL_ACTIONS[category], random), random), 1, category);
    }
  }
  const harmful = rows.size;
  for (let i = 0; rows.size < harmful + n && i < n * 20; i++) {
    const r = random();
    if (r < 0.35) add(phrase(pick(HOMONYMS, random), random), 0);
    else if (r < 0.55) {
      const act = `${pick(VIOLENT_VERBS, random)} ${pick(['the boss', 'the dragon', 'the guards', 'my character', 'the villain', 'an enemy'], random)} ${pick(FICTION, random)}`;
      add(phrase(act, random), 0);
    } else if (r < 0.8) add(`${pick(ABOUT, random)} ${pick(HARM_TOPICS, random)}?`, 0);
    else add(pick(BENIGN_GROUP_TEMPLATES, random)(pick(GROUPS, random)), 0);
  }
  return [...rows.values()];
}
