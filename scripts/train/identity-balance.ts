/**
 * parapet-identity-templates (our own, Apache-2.0): benign sentences that mention identity
 * groups in ordinary contexts, as non-toxic training rows for `toxicity-v1`. In the hate-speech
 * corpora identity words appear mostly in hateful posts, so the model learned them as toxic on
 * their own; the same everyday sentence for every group teaches it that the word alone is not.
 * Templates and term lists are written here for training; none is taken from an evaluation set.
 * Deterministic: the fillers come from a seeded generator.
 */
import { seededRandom } from './dataset.js';

export interface Term {
  /** The adjective, as in "a Muslim teacher", "a deaf musician". */
  readonly adj: string;
  /** The group in the plural, as in "Muslims"; "<adj> people" when omitted. */
  readonly plural?: string;
}

const t = (adj: string, plural?: string): Term =>
  plural === undefined ? { adj } : { adj, plural };

const NATIONALITIES = [
  t('Mexican', 'Mexicans'),
  t('American', 'Americans'),
  t('Chinese'),
  t('Indian', 'Indians'),
  t('Nigerian', 'Nigerians'),
  t('Pakistani', 'Pakistanis'),
  t('Iranian', 'Iranians'),
  t('Syrian', 'Syrians'),
  t('Iraqi', 'Iraqis'),
  t('Afghan', 'Afghans'),
  t('Somali', 'Somalis'),
  t('Russian', 'Russians'),
  t('Polish'),
  t('Irish'),
  t('Italian', 'Italians'),
  t('German', 'Germans'),
  t('French'),
  t('Japanese'),
  t('Korean', 'Koreans'),
  t('Vietnamese'),
  t('Filipino', 'Filipinos'),
  t('Brazilian', 'Brazilians'),
  t('Canadian', 'Canadians'),
  t('British'),
  t('Palestinian', 'Palestinians'),
  t('Israeli', 'Israelis'),
  t('Turkish'),
  t('Ukrainian', 'Ukrainians'),
  t('Haitian', 'Haitians'),
  t('Jamaican', 'Jamaicans'),
  t('Cuban', 'Cubans'),
  t('Egyptian', 'Egyptians'),
  t('Moroccan', 'Moroccans'),
  t('Ethiopian', 'Ethiopians'),
  t('Puerto Rican', 'Puerto Ricans'),
];
const RELIGIONS = [
  t('Muslim', 'Muslims'),
  t('Jewish', 'Jews'),
  t('Christian', 'Christians'),
  t('Catholic', 'Catholics'),
  t('Protestant', 'Protestants'),
  t('Hindu', 'Hindus'),
  t('Buddhist', 'Buddhists'),
  t('Sikh', 'Sikhs'),
  t('Mormon', 'Mormons'),
  t('atheist', 'atheists'),
  t('agnostic'),
  t('evangelical', 'evangelicals'),
  t('Orthodox'),
];
const ETHNICITIES = [
  t('Black'),
  t('white'),
  t('Asian'),
  t('Latino', 'Latinos'),
  t('Latina', 'Latinas'),
  t('Hispanic'),
  t('African American', 'African Americans'),
  t('Arab', 'Arabs'),
  t('Native American', 'Native Americans'),
  t('Indigenous'),
  t('Middle Eastern'),
  t('mixed-race'),
  t('biracial'),
  t('Romani'),
  t('African', 'Africans'),
];
const GENDERS = [
  t('female', 'women'),
  t('male', 'men'),
  t('transgender'),
  t('trans'),
  t('nonbinary'),
  t('cisgender'),
];
const ORIENTATIONS = [
  t('gay', 'gay people'),
  t('lesbian', 'lesbians'),
  t('bisexual'),
  t('straight'),
  t('heterosexual'),
  t('homosexual'),
  t('queer'),
  t('LGBT'),
  t('LGBTQ'),
  t('asexual'),
];
const DISABILITIES = [
  t('deaf'),
  t('blind'),
  t('disabled'),
  t('autistic'),
  t('paraplegic'),
  t('dyslexic'),
  t('hard-of-hearing'),
  t('wheelchair-using'),
];
const AGES = [
  t('old'),
  t('elderly'),
  t('young'),
  t('teenage', 'teenagers'),
  t('middle-aged'),
  t('older'),
  t('senior', 'seniors'),
];

/** The terms by kind: counterfactual swaps (linear/identity-swap.ts) stay within a kind. */
export const IDENTITY_KINDS: readonly (readonly Term[])[] = [
  NATIONALITIES,
  RELIGIONS,
  ETHNICITIES,
  GENDERS,
  ORIENTATIONS,
  DISABILITIES,
  AGES,
];

export const IDENTITY_TERMS: readonly Term[] = IDENTITY_KINDS.flat();

const ROLES = [
  'teacher',
  'nurse',
  'doctor',
  'engineer',
  'grandmother',
  'grandfather',
  'neighbour',
  'coworker',
  'student',
  'chef',
  'musician',
  'accountant',
  'friend',
  'dentist',
  'farmer',
  'pilot',
  'librarian',
  'mechanic',
  'scientist',
  'coach',
  'photographer',
  'nurse practitioner',
];
const HOBBIES = [
  'hiking',
  'baking bread',
  'playing chess',
  'gardening',
  'painting',
  'running marathons',
  'reading mystery novels',
  'fishing',
  'knitting',
  'cycling',
  'birdwatching',
  'cooking',
];
const THINGS = ['a birthday card', 'a thank-you note', 'a short speech', 'a toast', 'a poem'];

/** {a} = the article before {adj}; {A} = the same, capitalised; {group} = the plural. */
const TEMPLATES = [
  'My neighbour is {a} {adj} {role}.',
  "I'm {a} {adj} {role} and I love {hobby}.",
  'She is a proud {adj} {role}.',
  'He is {a} {adj} {role} who spends weekends {hobby}.',
  'Our new {role} is {adj}, and everyone likes working with them.',
  'Can you help me write {thing} for my {adj} {role}?',
  'What are some good books by {adj} authors?',
  'My best friend is {adj} and we met at university.',
  'The {adj} {role} down the street helped me fix my bike.',
  'Many {group} live in our town and run small businesses.',
  'I met {a} {adj} {role} at the conference today; we talked about {hobby}.',
  'Please suggest a gift for {a} {adj} {role} who enjoys {hobby}.',
  'My grandmother is {adj} and she makes the best soup.',
  'We invited our {adj} neighbours over for dinner on Sunday.',
  'As {a} {adj} {role}, I volunteer at the library on Saturdays.',
  'Write a short story about {a} {adj} {role} who loves {hobby}.',
  'There is a club for {group} at my school, and they organise charity runs.',
  'How can our office make {group} feel welcome at work?',
  '{A} {adj} {role} won the local baking contest this year.',
  'I am {adj}, I work as {a_role}, and I have two cats.',
  'My sister married {a} {adj} {role} last summer.',
  'Our team has two {adj} players and they are both great at defence.',
  'Tell me about the history of {adj} communities in Chicago.',
  'The podcast interviews {group} about their favourite recipes.',
  'My dad is {adj} and he still goes swimming every morning.',
  'Thanks to the {adj} {role} who answered all my questions so patiently.',
  'Which holidays do {group} in my neighbourhood usually celebrate?',
  'I have {a} {adj} roommate who is teaching me to play guitar.',
  'The museum opened an exhibition of work by {adj} artists.',
  'Our {adj} {role} retired after thirty years and we threw a party.',
  // Short ones too: the model averages its features, so in a long sentence the identity word
  // weighs little, and short texts are where it decided on its own.
  "I'm {adj}.",
  'Proud to be {adj}!',
  'Books by {adj} writers',
  '{A} {adj} {role}.',
  'Our {adj} friends.',
  'Hello from {a} {adj} {role}!',
  '{Group} welcome here.',
  'Support {adj} small businesses.',
  'My {adj} colleagues.',
  'Meet our {adj} volunteers.',
];

const capitalise = (text: string) => text[0]!.toUpperCase() + text.slice(1);

const article = (word: string) => (/^(?:[aeio]|u(?!kr)|hon)/i.test(word) ? 'an' : 'a');

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)]!;

function fill(template: string, term: Term, random: () => number): string {
  const role = pick(ROLES, random);
  const a = article(term.adj);
  const text = template
    .replaceAll('{A}', capitalise(a))
    .replaceAll('{a}', a)
    .replaceAll('{a_role}', `${article(role)} ${role}`)
    .replaceAll('{adj}', term.adj)
    .replaceAll('{Group}', capitalise(term.plural ?? `${term.adj} people`))
    .replaceAll('{group}', term.plural ?? `${term.adj} people`)
    .replaceAll('{role}', role)
    .replaceAll('{hobby}', pick(HOBBIES, random))
    .replaceAll('{thing}', pick(THINGS, random));
  return capitalise(text);
}

/**
 * Every template `fills` times for every term (different roles and hobbies each time), without
 * duplicates: label-0 rows, the same for every group.
 */
export function identityBalanceRows(seed: number, fills: number): { text: string; label: 0 }[] {
  const random = seededRandom(seed);
  const rounds = Array.from({ length: fills }, (_, i) => i);
  const texts = IDENTITY_TERMS.flatMap((term) =>
    rounds.flatMap(() => TEMPLATES.map((template) => fill(template, term, random))),
  );
  // A template without fillers gives the same text every round: keep it once.
  return [...new Set(texts)].map((text) => ({ text, label: 0 as const }));
}
