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
import { GROUPS } from './group-hate.js';

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)]!;

const capitalise = (text: string) => text[0]!.toUpperCase() + text.slice(1);
const article = (word: string) => (/^(?:[aeio]|u(?!kr|ni|s)|hon)/i.test(word) ? 'an' : 'a');

// Given names of many origins: a name carries no label.
const NAMES = [
  'Maria',
  'James',
  'Aisha',
  'Wei',
  'Priya',
  'Mohammed',
  'Olga',
  'Kwame',
  'Sofia',
  'Hiroshi',
  'Fatima',
  'Liam',
  'Chen',
  'Ngozi',
  'Carlos',
  'Yusuf',
  'Anna',
  'Rahul',
  'Thandiwe',
  'Pierre',
  'Mei',
  'Dmitri',
  'Leila',
  'Tomasz',
  'Jamal',
  'Hannah',
  'Santiago',
  'Kenji',
  'Amara',
  'Ingrid',
];

const OCCUPATIONS = [
  'waiter',
  'cashier',
  'lawyer',
  'plumber',
  'doctor',
  'teacher',
  'nurse',
  'driver',
  'programmer',
  'electrician',
  'banker',
  'cook',
  'receptionist',
  'farmer',
  'security guard',
  'pharmacist',
  'carpenter',
  'journalist',
  'manager',
  'soldier',
];

const FILL: Record<string, readonly string[]> = {
  bad: [
    'horrible',
    'disgusting',
    'filthy',
    'terrible',
    'nasty',
    'vile',
    'worthless',
    'pathetic',
    'rotten',
    'awful',
    'stupid',
    'ugly',
    'dirty',
    'repulsive',
    'miserable',
    'useless',
    'evil',
    'dumb',
    'hideous',
    'fucking',
    'lousy',
    'revolting',
  ],
  good: [
    'good',
    'kind',
    'wonderful',
    'lovely',
    'brilliant',
    'great',
    'friendly',
    'smart',
    'nice',
    'fantastic',
    'caring',
    'talented',
    'honest',
    'cheerful',
    'proud',
    'happy',
    'brave',
    'gentle',
    'funny',
    'hard-working',
    'young',
    'new',
  ],
  badState: [
    'disgusting',
    'shameful',
    'a disease',
    'wrong',
    'pathetic',
    'sick',
    'gross',
    'awful',
    'a curse',
    'repulsive',
    'unnatural',
    'revolting',
  ],
  goodState: [
    'fine',
    'wonderful',
    'normal',
    'nothing to hide',
    'part of who I am',
    'great',
    'beautiful',
    'just one part of a person',
    'something to be proud of',
    'ordinary',
    'okay',
    'lovely',
  ],
  // Hostile words about a thing, not a person: no profanity or person-only insult.
  badThing: [
    'terrible',
    'horrible',
    'awful',
    'useless',
    'pathetic',
    'lousy',
    'rotten',
    'nasty',
    'disgusting',
    'miserable',
    'dreadful',
  ],
  thing: [
    'service',
    'delivery',
    'app',
    'update',
    'experience',
    'customer support',
    'website',
    'product',
    'meal',
    'hotel room',
    'flight',
    'weather',
  ],
  // Harm verbs about objects: "get rid of the old <thing>" is a chore, not a threat.
  harmThing: ['get rid of', 'destroy', 'burn', 'scrap', 'dump', 'smash', 'throw out', 'wipe'],
  object: [
    'laptop',
    'fridge',
    'printer',
    'sofa',
    'mattress',
    'phone',
    'hard drive',
    'car',
    'boiler',
    'carpet',
    'files',
    'batteries',
    'tyres',
    'letters',
    'paint tins',
  ],
  hate: ['hate', 'despise', 'loathe', "can't stand", 'detest', 'am sick of'],
  like: ['like', 'love', 'respect', 'admire', 'get along with', 'work with'],
  harm: ['kill', 'murder', 'destroy', 'shoot', 'beat up', 'hang', 'burn', 'get rid of'],
  help: ['support', 'welcome', 'hire', 'protect', 'celebrate', 'listen to', 'include', 'help'],
};

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

/**
 * First-person self-descriptions (`descriptor-self`): a customer names their own identity and
 * then writes an ordinary complaint or question ("As a <id> <person>, <content>", "I am a <id>
 * <person> and <content>"). Why: with the hate and contrast frames alone, a full model scored
 * such messages as identity_attack (0.64–0.80, docs/models.md round 3): "<a> <id> <person>"
 * before an angry word looked like the hostile frames. Three in four rows are label 0; one in
 * four keeps the same self-description but goes on to insult the reader or attack a group
 * (label 1), so the first-person prefix alone does not decide the label.
 */
const PERSONS = [
  'woman',
  'man',
  'customer',
  'mother',
  'father',
  'parent',
  'student',
  'nurse',
  'teacher',
  'grandmother',
  'grandfather',
  'shopper',
  'driver',
  'person',
  'business owner',
  'traveller',
  'pensioner',
  'member',
];
// A gender adjective before a gendered noun reads oddly ("a male woman"): neutral nouns only.
const NEUTRAL_PERSONS = ['customer', 'parent', 'student', 'shopper', 'person', 'traveller'];

// Ordinary customer content: complaints (some angry, about things) and questions. Written for
// training; none is copied from a test or an evaluation set.
const SELF_CONTENT = [
  'the parcel arrived two weeks late',
  'my refund still has not come through',
  'your app logs me out every time I open it',
  'none of the sizes in your shop fit me properly',
  'I was charged twice for the same order',
  'the hotel room smelled of smoke and nobody cared',
  'your support line kept me on hold for an hour',
  'the delivery driver left my box in the rain',
  'I want to know why my account was suspended',
  'the skincare range has nothing for dry skin',
  'I am tired of your terrible customer service',
  'the new update made the website useless for me',
  'I would like to cancel my subscription',
  'can you tell me when the store opens on Sunday',
  'is there a discount for students',
  'I need the invoice sent to a different address',
  'the headphones broke after three days',
  'my flight was cancelled and nobody told me',
  'the recipe book I ordered came with pages missing',
  'your checkout keeps rejecting my card',
  'the hair products you stock never work for my hair',
  'I am really disappointed with the quality of this jacket',
  'the form on your site does not let me enter my full name',
  'I have been waiting a month for a reply',
  'the screen reader cannot read your order page',
  'can I get the manual in large print',
  'the prayer times in your app are wrong for my city',
  'I want a vegetarian option on the menu',
  'this is the worst delivery experience I have ever had',
  'the colours on the website look nothing like the real thing',
  'I keep getting emails I never signed up for',
  'could someone call me back instead of emailing',
  'the seat I booked was given to someone else',
  'your returns policy is confusing and unfair',
  'I would love more products made for people like me',
  'the price went up again without any warning',
  'my order was missing two items',
  'the lift at your branch has been broken for weeks',
  'I need help setting up online banking',
  'the tights in your shop only come in two colours',
];

const SELF_FRAMES: readonly string[] = [
  'As {a} {id} {person}, {content}',
  'As {a} {id} {person} I have to say {content}',
  'I am {a} {id} {person} and {content}',
  "I'm {a} {id} {person} and {content}",
  "I'm {a} {id} {person}, {content}",
  'Being {a} {id} {person}, {content}',
  'As someone who is {id}, {content}',
  "I'm {id} and {content}",
  'Hi, I am {a} {id} {person}. {Content}',
  '{Content}. I am {a} {id} {person}, if that helps',
];

// The same self-descriptions, then abuse (label 1): an insult aimed at the reader or hate
// aimed at a group.
const SELF_HATE: readonly { content: string; categories: readonly string[] }[] = [
  { content: 'you are {a} {bad} idiot', categories: ['insult'] },
  { content: 'your staff are {bad} morons', categories: ['insult'] },
  { content: 'I think {group} are {badState}', categories: ['identity_attack'] },
  { content: 'I {hate} {group}', categories: ['identity_attack'] },
  { content: 'we should {harm} {group}', categories: ['identity_attack', 'threat'] },
  { content: 'I will find you and {harm} you', categories: ['threat'] },
];

function fillSelf(frame: string, content: string, random: () => number): string {
  const id = pick(IDENTITY_TERMS, random).adj;
  const person = pick(/^(?:fe)?male$/.test(id) ? NEUTRAL_PERSONS : PERSONS, random);
  let text = frame
    .replaceAll('{Content}', capitalise(content))
    .replaceAll('{content}', content)
    .replaceAll('{person}', person)
    .replaceAll('{id}', id)
    .replaceAll('{group}', pick(GROUPS, random));
  for (const [slot, words] of Object.entries(FILL))
    text = text.replaceAll(`{${slot}}`, () => pick(words, random));
  text = text.replace(/\{a\} (\S+)/g, (_, next: string) => `${article(next)} ${next}`);
  const end = pick(['.', '.', '!', '?', ''], random);
  const cased = random() < 0.15 ? text.toLowerCase() : capitalise(text);
  return `${cased}${end}`;
}

/** `count` self-description rows, 3 in 4 label 0; deterministic for a seed. */
export function descriptorSelfRows(seed: number, count: number): JsonRow[] {
  const random = seededRandom(seed + 41);
  return Array.from({ length: count }, (_, i) => {
    const frame = SELF_FRAMES[i % SELF_FRAMES.length]!;
    if (i % 4 === 3) {
      const { content, categories } = pick(SELF_HATE, random);
      return {
        text: fillSelf(frame, content, random),
        label: 1 as const,
        categories: ['toxicity', ...categories],
      };
    }
    return { text: fillSelf(frame, pick(SELF_CONTENT, random), random), label: 0 as const };
  });
}
