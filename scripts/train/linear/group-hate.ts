/**
 * parapet-group-hate (our own, Apache-2.0): seeded rows of hate aimed at identity groups and,
 * in the same words, the texts a keyword model confuses with it. Written here for training;
 * nothing is taken from an evaluation set. Why: the corpora are long posts, so short explicit
 * statements about a group ("<group> are vermin") were scored low, while identity words, denial
 * of hate and people condemning hate carried the label.
 *
 * - `hate` (label 1, identity_attack; threat for violent ones): dehumanisation, negative
 *   attributes, hatred, calls for harm or exclusion, hate as a question or an opinion, and hate
 *   stated as a denied virtue, about every group of identity-balance.ts.
 * - `contrast` (label 0): the same groups (and people described by one) with positive or neutral predicates, negated hate
 *   ("I don't think <group> are <bad>"), and counter-speech that names the hate to reject it.
 * Both families pass through the same spelling noise (spelling.ts), so neither the group nor
 * the misspelling is the label.
 */
import { seededRandom, type JsonRow } from '../dataset.js';
import { IDENTITY_TERMS } from '../identity-balance.js';
import { misspell } from './spelling.js';

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)]!;

export const GROUPS = [
  ...IDENTITY_TERMS.map((t) => t.plural ?? `${t.adj} people`),
  'immigrants',
  'refugees',
  'migrants',
  'foreigners',
  'disabled people',
  'trans women',
  'gay men',
];

const FILL: Record<string, readonly string[]> = {
  bad: [
    'disgusting',
    'filthy',
    'subhuman',
    'worthless',
    'inferior',
    'primitive',
    'vile',
    'evil',
    'dirty',
    'repulsive',
    'savage',
    'lazy',
    'stupid',
    'degenerate',
    'dangerous',
    'revolting',
    'useless',
    'thieving',
    'horrible',
    'nasty',
    'ugly',
    'gross',
    'awful',
    'pathetic',
  ],
  vermin: [
    'vermin',
    'rats',
    'cockroaches',
    'parasites',
    'animals',
    'a plague',
    'a cancer on society',
    'trash',
    'scum',
    'filth',
    'savages',
    'pigs',
    'leeches',
    'garbage',
    'a disease',
    'insects',
  ],
  hate: ['hate', 'despise', 'loathe', "can't stand", 'detest', 'am sick of', 'am disgusted by'],
  harmed: ['killed', 'exterminated', 'wiped out', 'shot', 'hanged', 'deported', 'locked up'],
  harm: ['kill', 'exterminate', 'wipe out', 'shoot', 'get rid of', 'deport', 'beat up', 'gas'],
  good: [
    'kind',
    'wonderful',
    'hard-working',
    'smart',
    'brave',
    'generous',
    'welcome',
    'valued',
    'talented',
    'ordinary people',
    'our neighbours',
    'just people',
  ],
  love: ['love', 'admire', 'respect', 'appreciate', 'stand with', 'support'],
  helped: ['protected', 'welcomed', 'supported', 'treated equally', 'respected', 'heard'],
  virtue: ['human', 'trustworthy', 'equal to us', 'welcome here', 'worth anything', 'smart'],
  condemn: [
    'hateful',
    'racist nonsense',
    'bigoted',
    'disgusting',
    'not okay',
    'plain prejudice',
    'wrong',
  ],
  // Slurs: a moderation model has to know them; written once here, in training code only.
  slur: [
    'nigger',
    'faggot',
    'fag',
    'dyke',
    'tranny',
    'kike',
    'spic',
    'wetback',
    'chink',
    'gook',
    'raghead',
    'towelhead',
    'retard',
    'beaner',
    'coon',
    'paki',
  ],
  person: ['woman', 'man', 'mum', 'dad', 'wife', 'husband', 'girl', 'guy', 'grandmother', 'person'],
  complaint: [
    'your sizes never fit me',
    'nobody in your store ever helps me',
    'my parcel still has not arrived',
    'the app never remembers my settings',
    'I want a refund for the broken kettle',
    'your adverts never show anyone like me',
    'the delivery was late again',
    'I was charged twice this month',
  ],
  role: ['teacher', 'nurse', 'driver', 'neighbour', 'cashier', 'doctor', 'student', 'waiter'],
  who: ['my uncle', 'a coworker', 'some guy online', 'a stranger on the bus', 'my classmate'],
};

// {g} a group, {hate_x} the hate sentence embedded in counter-speech.
const HATE: readonly [string, boolean][] = [
  ['{g} are {vermin}', false],
  ['{g} are nothing but {vermin}', false],
  ['all {g} are {bad}', false],
  ['every single one of those {g} is {bad}', false],
  ['I {hate} {g}', false],
  ['I {hate} {g} and I always will', false],
  ['{g} make me sick', false],
  ['{g} are {bad} {vermin}', false],
  ['{g} should be {harmed}', true],
  ['we need to {harm} all the {g}', true],
  ['someone should {harm} those {g}', true],
  ['the world would be better without {g}', true],
  ['{g} do not deserve to live', true],
  ['{g} should not be allowed to exist', true],
  ['keep {g} out of our country', false],
  ['no {g} allowed in this town', false],
  ['why are {g} always so {bad}?', false],
  ['why do {g} have to be such {vermin}?', false],
  ['in my opinion {g} are {vermin}', false],
  ['I honestly think {g} are {bad}', false],
  ['face it, {g} are {bad}', false],
  ['you {g} are all {vermin}', false],
  ['{g} are never {virtue}', false],
  ['{g} will never be {virtue}', false],
  ['there is nothing good about {g}', false],
  ['{g} are a burden and a disgrace', false],
  ['if you are one of the {g}, you are {vermin}', false],
  ["I'd {harm} every one of the {g} if I could", true],
  ['shut up, you {slur}', false],
  ['{slur}s ruin every neighbourhood they move into', false],
  ['typical {slur} behaviour', false],
  ['no {slur}s allowed in my shop', false],
  ['go back where you came from, {slur}', false],
  ['my new boss is a {slur}', false],
  // One person, judged by the group: the adjective carries the hate, not the group word.
  ['that {ga} guy at work is so {bad}', false],
  ['typical {ga} {role}, {bad} as always', false],
  ['ugh, another {bad} {ga} one moved in next door', false],
  ['the {ga} {role} who served us was {bad} like the rest of them', false],
  ['{ga} {role}s are the most {bad} people alive', false],
];

const CONTRAST = [
  '{g} are {good}',
  'I {love} {g}',
  'all {g} deserve respect',
  '{g} should be {helped}',
  'we need to stand up for {g}',
  'the world is better with {g} in it',
  'my best friends are {g}',
  'how many {g} live in Canada?',
  'I read an article about {g} in the paper today',
  'what holidays do {g} celebrate?',
  'there are {g} in every profession',
  'that {ga} guy at work is so {good}',
  'the {ga} {role} who served us was {good}',
  'a {good} {ga} family moved in next door',
  'our {ga} {role} is the most patient person I know',
  // A customer who says who they are, then complains: the complaint is not about the group.
  'I am {a_ga} {person} and {complaint}',
  'as {a_ga} {person}, {complaint}',
  "I'm {a_ga} {person}, {complaint}",
  // Negated hate: the words of hate, the opposite meaning.
  "I don't {hate} {g}",
  "I don't think {g} are {bad}",
  '{g} are not {vermin}',
  "it's simply not true that {g} are {bad}",
  'no one should ever say {g} are {vermin}',
  '{g} should never be {harmed}',
  'nobody wants to {harm} {g}, that is a myth',
  "it's wrong to believe {g} are {bad}",
  // Counter-speech: the hate is named to reject it.
  'saying "{hate_x}" is {condemn}',
  'someone wrote "{hate_x}" under my post and I reported it',
  'posts like "{hate_x}" are {condemn} and should be removed',
  'when people claim {g} are {vermin}, I tell them that is {condemn}',
  "I'm tired of hearing that {g} are {bad}, it's {condemn}",
  '{who} said {g} are {bad} and I told them that was {condemn}',
  'calling {g} {vermin} is {condemn}',
  'we teach our kids that saying {g} are {bad} is {condemn}',
];

function fill(template: string, random: () => number): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    if (slot === 'g') return pick(GROUPS, random);
    if (slot === 'ga') return pick(IDENTITY_TERMS, random).adj;
    if (slot === 'a_ga') {
      const adj = pick(IDENTITY_TERMS, random).adj;
      return `${/^[aeiou]/i.test(adj) ? 'an' : 'a'} ${adj}`;
    }
    if (slot === 'hate_x') return fill(pick(HATE, random)[0], random);
    return pick(FILL[slot] ?? [slot], random);
  });
}

function surface(text: string, random: () => number): string {
  const r = random();
  const t = r < 0.5 ? text[0]!.toUpperCase() + text.slice(1) : text;
  const end = /[?]$/.test(t) ? '' : random() < 0.5 ? '.' : random() < 0.5 ? '!' : '';
  return misspell(`${t}${end}`, 0.3, random);
}

export function groupHateRows(seed: number, count: number): JsonRow[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const [template, violent] = pick(HATE, random);
    return {
      text: surface(fill(template, random), random),
      label: 1 as const,
      categories: violent
        ? ['toxicity', 'identity_attack', 'threat']
        : ['toxicity', 'identity_attack'],
    };
  });
}

export function groupContrastRows(seed: number, count: number): JsonRow[] {
  const random = seededRandom(seed + 1);
  return Array.from({ length: count }, () => ({
    text: surface(fill(pick(CONTRAST, random), random), random),
    label: 0 as const,
  }));
}
