/**
 * parapet-identity-descriptors, `descriptor-self` (our own, Apache-2.0): a customer names their
 * own identity, then complains, asks, or (1 in 4) abuses. Split out of identity-descriptors.ts
 * (which re-exports it); the rows are unchanged (same sha256 for the same seed).
 */
import { seededRandom, type JsonRow } from '../dataset.js';
import { IDENTITY_TERMS } from '../identity-balance.js';
import { article, capitalise, FILL, pick } from './descriptor-words.js';
import { GROUPS } from './group-hate.js';

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
