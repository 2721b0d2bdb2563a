/**
 * parapet-hate-forms (our own, Apache-2.0), issue 15 round 8: the HateCheck functional-test
 * forms that hate-functions.ts does not write and that toxicity-v2 still missed most (counts
 * only, round 5 at the input rule's 0.6): hate phrased as a question, more negated positives,
 * and insults with a letter swapped, dropped or doubled. The contrast side holds the same words
 * with the meaning turned: counter-speech quoting this file's hate rows, questions that defend a
 * group, and ordinary remarks about one person in the same frames. The phrasings are written
 * here, none is taken from an evaluation set. A separate file, so hate-functions.ts's rows (and
 * every existing config) stay as they are.
 */
import { seededRandom, type JsonRow } from '../dataset.js';
import { IDENTITY_TERMS } from '../identity-balance.js';
import { GROUPS } from './group-hate.js';
import { misspell } from './spelling.js';

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)]!;

const FILL: Record<string, readonly string[]> = {
  vice: ['lazy', 'dirty', 'stupid', 'violent', 'greedy', 'useless', 'dishonest', 'primitive'],
  habit: [
    'whine about everything',
    'ruin every neighbourhood they move into',
    'lie through their teeth',
    'live off everyone else',
    'smell like that',
    'breed so much',
    'make everything about themselves',
  ],
  skill: [
    'hold down a real job',
    'think for themselves',
    'raise their kids properly',
    'be trusted with money',
    'run a country',
    'speak without lying',
    'keep a home clean',
  ],
  quality: ['honest', 'decent', 'intelligent', 'useful', 'civilised', 'hard-working'],
  achieve: [
    'invented anything worth using',
    'contributed a thing to this country',
    'earned what they have',
    'done an honest day of work',
  ],
  insult: [
    'scum',
    'vermin',
    'filth',
    'parasites',
    'animals',
    'savages',
    'trash',
    'idiots',
    'pigs',
    'rats',
    'subhuman',
    'disgusting',
    'worthless',
    'pathetic',
    'cockroaches',
  ],
  indiv: ['My neighbour', 'My brother', 'Our manager', 'Dave from accounts', 'My landlord', 'Sara'],
  task: ['parking', 'cooking', 'darts', 'replying to emails', 'keeping plants alive', 'maths'],
  chore: ['wash the dishes', 'call back', 'turn up on time', 'return what he borrows'],
  unfair: [
    'treated so unfairly',
    'left out of the conversation',
    'stopped by the police',
    'paid less for the same work',
    'harassed online',
  ],
  post: ['leadership', 'science', 'parliament', 'the arts', 'engineering', 'sport'],
  person: ['woman', 'man', 'neighbour', 'colleague', 'student', 'person'],
  good: ['kind', 'wonderful', 'brilliant', 'generous', 'talented', 'friendly', 'hard-working'],
  denounce: ['hateful', 'bigoted', 'vile', 'not okay', 'plain racism', 'ignorant'],
};

// {g} a group, {ga} its adjective, {a_ga} with an article; {x} an insult with its letters
// mangled (swapInsult), so the char n-grams learn the mangled forms, not the exact spelling.
const QUESTION = [
  'why are {g} so {vice}?',
  'why are all {g} so {vice}?',
  'why do {g} always {habit}?',
  'is it just me or do {g} always {habit}?',
  'is it just me or are {g} all {vice}?',
  'how can anyone stand being around {g}?',
  'what is it about {g} that makes them so {vice}?',
  "why can't {g} ever {skill}?",
  'have you ever met {a_ga} {person} who was not {vice}?',
  'who thought letting {g} in here was a good idea?',
  'why do we even put up with {g}?',
  'are {g} born {vice} or do they learn it?',
  'can someone explain why {g} are such {insult}?',
];
const NEGATED_POSITIVE = [
  "{g} can't {skill}",
  "{g} don't know how to {skill}",
  '{g} have never {achieve}',
  "I've yet to meet {a_ga} {person} who is {quality}",
  '{g} are incapable of being {quality}',
  "there's nothing {quality} about {g}",
  'not a single one of those {g} is {quality}',
  '{g} will never {skill}, it is not in them',
  "{g} aren't {quality} and never will be",
  "don't expect {g} to {skill}",
];
const SWAPPED = [
  '{g} are {x}',
  'all {g} are {x}',
  '{g} are nothing but {x}',
  '{g} are {x}, every one of them',
  'those {g} are {x}',
  'every {ga} {person} is {x}',
  'get these {x} out of here, {g} ruin everything',
];
// The contrast: one person, no group, the same frames and words.
const INDIVIDUAL = [
  '{indiv} is never any good at {task}',
  "{indiv} can't {chore} to save their life, bless them",
  'why is {indiv} so bad at {task}?',
  'why does {indiv} never {chore}?',
  "{indiv} doesn't know how to {chore}, it drives me mad",
  'is it just me or is {indiv} awful at {task}?',
  "I've yet to meet anyone worse at {task} than {indiv}",
];
const DEFENDING_QUESTION = [
  'why are {g} so often {unfair}?',
  'why do people say {g} are {vice}? it is simply not true',
  'why are there so few {g} in {post}?',
  'how can we make {g} feel more welcome here?',
  'are {g} {vice}? no, and saying so is {denounce}',
  'who decided {g} were {insult}? nobody with any decency',
  "why would anyone think {g} can't {skill}?",
  'have you ever met {a_ga} {person}? most are lovely',
];
const DENIED = [
  "it is a lie that {g} can't {skill}",
  "of course {g} are {quality}, why wouldn't they be?",
  'plenty of {g} have {achieve}',
  'calling {g} {insult} is {denounce}',
  '{g} are not {insult}, they are people',
];
// Option `kind` (round 8b): the hate frames with kind words, the adjectives mangled as the
// insults are, so "<group> are <unknown word>" and "why are <group> so ...?" are not hate alone.
const KIND = [
  '{g} are {y}',
  'all the {g} I know are {y}',
  '{g} are {good}, every one of them',
  'why are {g} so {good}?',
  'is it just me or are {g} really {good}?',
  'every {ga} {person} I have met was {y}',
];
// Counter-speech: {q} is a hate row of this file, quoted to reject it.
const COUNTER = [
  'People who say "{q}" should be ashamed.',
  'No, "{q}" is not an opinion. It is {denounce}.',
  '"{q}" Seriously? That is {denounce}.',
  'Our teacher showed us the post "{q}" as an example of hate speech.',
  'Someone left a note saying "{q}". We reported it to the police.',
  'When someone says "{q}", call it out.',
  'I keep seeing "{q}" in the comments and it is {denounce}.',
];

/** One letter of an insult swapped with its neighbour, dropped, doubled, starred or in digits. */
function swapInsult(word: string, random: () => number): string {
  const i = 1 + Math.floor(random() * (word.length - 2));
  switch (Math.floor(random() * 5)) {
    case 0:
      return word.slice(0, i) + word[i + 1]! + word[i]! + word.slice(i + 2);
    case 1:
      return word.slice(0, i) + word.slice(i + 1);
    case 2:
      return word.slice(0, i) + word[i]! + word.slice(i);
    case 3:
      return word.slice(0, i) + '*' + word.slice(i + 1);
    default:
      return word.replace(
        /[aeiost]/g,
        (c) => ({ a: '4', e: '3', i: '1', o: '0', s: '5', t: '7' })[c]!,
      );
  }
}

function fill(template: string, random: () => number, quote?: () => string): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    if (slot === 'g') return pick(GROUPS, random);
    if (slot === 'ga') return pick(IDENTITY_TERMS, random).adj;
    if (slot === 'a_ga') {
      const adj = pick(IDENTITY_TERMS, random).adj;
      return `${/^[aeiou]/i.test(adj) ? 'an' : 'a'} ${adj}`;
    }
    if (slot === 'x') return swapInsult(pick(FILL.insult!, random), random);
    if (slot === 'y') return swapInsult(pick(FILL.good!, random), random);
    if (slot === 'q' && quote) return quote();
    return pick(FILL[slot] ?? [slot], random);
  });
}

function surface(text: string, random: () => number): string {
  const t = random() < 0.5 ? text[0]!.toUpperCase() + text.slice(1) : text;
  const end = /[?.!]$/.test(t) ? '' : random() < 0.5 ? '.' : random() < 0.5 ? '!' : '';
  return misspell(`${t}${end}`, 0.3, random);
}

/** Label 1: hate as a question, negated positives, mangled insults, in equal thirds. */
export function formHateRows(seed: number, count: number): JsonRow[] {
  const random = seededRandom(seed);
  const families = [QUESTION, NEGATED_POSITIVE, SWAPPED];
  return Array.from({ length: count }, (_, i) => ({
    text: surface(fill(pick(families[i % 3]!, random), random), random),
    label: 1 as const,
    categories: ['toxicity', 'identity_attack'],
  }));
}

/**
 * Label 0: counter-speech quoting this file's hate rows (1 in 4), questions and remarks about
 * one person (1 in 4), questions that defend a group (1 in 4), negated positives denied (1 in 4).
 * With `kind`, a fifth family (KIND) joins, 1 in 5 each; with `noInsults`, no contrast frame
 * names a bare insult ("calling <group> vermin is hateful"), as those drew the moderation test's
 * "subhuman vermin" under 0.7. Without options, the rows are round 8's.
 */
export function formContrastRows(
  seed: number,
  count: number,
  options: { kind?: boolean; noInsults?: boolean } = {},
): JsonRow[] {
  const random = seededRandom(seed + 1);
  const quotes = formHateRows(seed + 2, 400).map((r) => r.text.replace(/[.!]$/, ''));
  const quote = () => pick(quotes, random);
  return Array.from({ length: count }, (_, i) => {
    const families = [COUNTER, INDIVIDUAL, DEFENDING_QUESTION, DENIED]
      .concat(options.kind ? [KIND] : [])
      .map((f) => (options.noInsults ? f.filter((t) => !t.includes('{insult}')) : f));
    const family = families[i % families.length]!;
    return { text: surface(fill(pick(family, random), random, quote), random), label: 0 as const };
  });
}
