/**
 * parapet-identity-descriptors (our own, Apache-2.0): seeded pairs of short sentences that
 * judge a person or a group named by an identity word, the same frame once with a hostile word
 * (label 1) and once with a kind or neutral one (label 0). Written here for training; nothing is
 * taken from an evaluation set. Why: after everyday-toxicity.ts taught "you are a <insult>",
 * toxicity-v2 scored any "You are a <adjective> <identity>" as an insult, kind adjectives
 * included (0.5–0.8), while the identity word with a hostile adjective and no noun ("<name> is a
 * horrible <identity>", "being <identity> is awful", "I hate <identity>") was scored below 0.6:
 * the group-hate rows name groups in the plural, with nouns. Counterfactual in both directions:
 * every frame and every identity word appears in both labels, so only the judging word (or verb)
 * decides.
 *
 * - `hate` (label 1): a hostile adjective about the reader or a named person described by an
 *   identity word (insult + identity_attack), about someone described by an occupation (insult
 *   only), being of an identity called bad, hate or violence aimed at an identity word
 *   (identity_attack; threat when violent).
 * - `contrast` (label 0): the same frames with kind or neutral words, support instead of harm,
 *   and the hostile adjectives about a thing instead of a person ("Terrible service!"): with
 *   the person frames alone, an everyday complaint's "Terrible service!" scored insult 0.51.
 */
import { seededRandom, type JsonRow } from '../dataset.js';
import { IDENTITY_TERMS } from '../identity-balance.js';
import { article, capitalise, FILL, NAMES, OCCUPATIONS, pick } from './descriptor-words.js';
import { GROUPS } from './group-hate.js';

// descriptor-self (the writer's own identity, then a complaint or abuse) lives in its own file.
export { descriptorSelfRows } from './descriptor-self.js';

/** {a} = the article of the next word; {id} = an identity adjective; {Name}, {job}. */
const HATE_FRAMES: readonly { frame: string; categories: readonly string[] }[] = [
  { frame: 'You are {a} {bad} {id}', categories: ['insult', 'identity_attack'] },
  { frame: "You're such {a} {bad} {id}", categories: ['insult', 'identity_attack'] },
  { frame: '{Name} is {a} {bad} {id}', categories: ['insult', 'identity_attack'] },
  { frame: '{Name} is {a} {bad} {id} {job}', categories: ['insult', 'identity_attack'] },
  { frame: 'What {a} {bad} {id} you are', categories: ['insult', 'identity_attack'] },
  { frame: 'My neighbour is {a} {bad} {id}', categories: ['insult', 'identity_attack'] },
  { frame: 'You are {a} {bad} {job}', categories: ['insult'] },
  { frame: '{Name} is {a} {bad} {job}', categories: ['insult'] },
  { frame: 'Being {id} is {badState}', categories: ['identity_attack'] },
  { frame: 'It is {badState} to be {id}', categories: ['identity_attack'] },
  { frame: 'Anyone {id} is {badState}', categories: ['identity_attack'] },
  { frame: 'I {hate} {id} people', categories: ['identity_attack'] },
  { frame: 'I {hate} anyone who is {id}', categories: ['identity_attack'] },
  { frame: 'I {hate} {group}', categories: ['identity_attack'] },
  { frame: '{harm} {group}', categories: ['identity_attack', 'threat'] },
  { frame: '{harm} every {id} person', categories: ['identity_attack', 'threat'] },
  { frame: 'We should {harm} the {id} ones', categories: ['identity_attack', 'threat'] },
];

const CONTRAST_FRAMES: readonly string[] = [
  'You are {a} {good} {id}',
  "You're such {a} {good} {id}",
  '{Name} is {a} {good} {id}',
  '{Name} is {a} {good} {id} {job}',
  'What {a} {good} {id} you are',
  'My neighbour is {a} {good} {id}',
  'You are {a} {good} {job}',
  '{Name} is {a} {good} {job}',
  'Being {id} is {goodState}',
  'It is {goodState} to be {id}',
  'Anyone {id} is welcome here',
  'I {like} {id} people',
  'I {like} anyone who is {id}',
  'I {like} {group}',
  '{help} {group}',
  '{help} every {id} person',
  'We should {help} the {id} ones',
  'I am {id}',
  '{Name} is {id}',
  // The hostile adjectives judging a thing: a complaint ("Terrible service!") is no insult.
  '{badThing} {thing}',
  'What {a} {badThing} {thing}',
  'The {thing} was {badThing}',
  'Your {thing} is {badThing}',
  'Third time this month, {badThing} {thing}',
  'Such {a} {badThing} {thing}, I want a refund',
  // The harm verbs about old objects, with "old" (an identity word too) before a thing.
  'I need to {harmThing} the old {object}',
  'How do I {harmThing} my old {object}?',
  'Time to {harmThing} the old {object}',
];

// Identity words that are ordinary words too: "the old ones" may be old phones, so before
// "ones" they take a person noun instead ("the old people").
const ORDINARY = new Set(['old', 'older', 'young', 'white', 'straight', 'senior', 'blind']);

function fill(frame: string, random: () => number): string {
  const id = pick(IDENTITY_TERMS, random).adj;
  let text = (ORDINARY.has(id) ? frame.replace('the {id} ones', 'the {id} people') : frame)
    .replaceAll('{Name}', pick(NAMES, random))
    .replaceAll('{job}', pick(OCCUPATIONS, random))
    .replaceAll('{id}', id)
    .replaceAll('{group}', pick(GROUPS, random));
  for (const [slot, words] of Object.entries(FILL))
    text = text.replaceAll(`{${slot}}`, () => pick(words, random));
  // The article agrees with the word after it, whichever slot filled it.
  text = text.replace(/\{a\} (\S+)/g, (_, next: string) => `${article(next)} ${next}`);
  const end = text.endsWith('?') ? '' : pick(['', '', '.', '!'], random);
  const cased = random() < 0.2 ? text.toLowerCase() : capitalise(text);
  return `${cased}${end}`;
}

/** `count` rows of label 1, each frame equally often; deterministic for a seed. */
export function descriptorHateRows(seed: number, count: number): JsonRow[] {
  const random = seededRandom(seed + 31);
  return Array.from({ length: count }, (_, i) => {
    const { frame, categories } = HATE_FRAMES[i % HATE_FRAMES.length]!;
    return {
      text: fill(frame, random),
      label: 1 as const,
      categories: ['toxicity', ...categories],
    };
  });
}

/** `count` rows of label 0 in the same frames with kind or neutral words. */
export function descriptorContrastRows(seed: number, count: number): JsonRow[] {
  const random = seededRandom(seed + 37);
  return Array.from({ length: count }, (_, i) => ({
    text: fill(CONTRAST_FRAMES[i % CONTRAST_FRAMES.length]!, random),
    label: 0 as const,
  }));
}
