/**
 * parapet-hate-functions (our own, Apache-2.0): seeded rows for the kinds of hate, and of
 * non-hate in the same words, that toxicity-v2 still missed after group-hate.ts. The kinds are
 * the functional tests of the public HateCheck taxonomy (Röttger et al., ACL 2021); the
 * phrasings are written here, none is taken from an evaluation set, and the groups are the
 * identity lists of identity-balance.ts.
 *
 * - `hate` (label 1, identity_attack): hate as an emotion about a group ("I despise <group>",
 *   "<group> make my skin crawl"), hate as a negated virtue ("<group> are never any good"), and
 *   implicit derogation (no insult word: "<group> belong in a cage", "I'd rather starve than
 *   hire one").
 * - `contrast` (label 0): the same sentence frames turned kind (positive emotions, pride,
 *   praise: "<group> fill me with hope"), the emotions and derogations negated or denied, and
 *   counter-speech that quotes a hate row of this file (or of group-hate.ts) to denounce it, so
 *   the framing decides, not the quoted words alone.
 * Both pass through the same spelling noise (spelling.ts).
 */
import { seededRandom, type JsonRow } from '../dataset.js';
import { IDENTITY_TERMS } from '../identity-balance.js';
import { GROUPS, groupHateRows } from './group-hate.js';
import { misspell } from './spelling.js';
import { FILL } from './hate-function-words.js';

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)]!;

// {g} a group, {ga} its adjective, {a_ga} with an article.
const EMOTION = [
  'I {really} {hate} {g}',
  'I {hate} {g} with every fibre of my being',
  '{g} {repel}',
  'honestly, {g} {repel}',
  'I feel nothing but {contempt} for {g}',
  'my {contempt} for {g} grows every single day',
  'nothing makes me more {angry} than {g}',
  'I get so {angry} whenever I see {g}',
  'being around {g} makes me {angry}',
  'I {hate} {g} more than anything',
  '{g}? I {hate} every last one of them',
  'the sight of {g} makes me {angry}',
  'I have always despised {g} and I always will',
  'you have no idea how much I {hate} {g}',
  'every time I see {a_ga} {person} I feel {angry}',
];

const NEGATED_VIRTUE = [
  '{g} are never {virtue}',
  '{g} will never be {virtue}',
  '{g} are not {virtue} and never will be',
  'no {ga} {person} is {virtue}',
  'not one of those {g} is {virtue}',
  'I have never met {a_ga} {person} who was {virtue}',
  '{g} do not deserve {deserve}',
  '{g} should never get {deserve}',
  'there is not a single decent person among {g}',
  'I would never trust {g}',
  '{g} have never done anything good for anyone',
  'nothing {g} do is ever worth anything',
];

const IMPLICIT = [
  '{g} belong in {place}',
  '{g} should go back to {place}',
  '{g} should stick to {menial}',
  '{g} are only good for {menial}',
  "I'd rather {rather} than {mix} {a_ga} {person}",
  'I would {rather} before I let {g} near my kids',
  'would you let your daughter marry one of those {g}? thought not',
  'when {g} move in, the whole street goes downhill',
  '{g} have the brains of {beast}',
  '{g} breed like rabbits',
  'lock your doors, {g} just moved in down the road',
  'crime went up the day the {g} arrived, funny that',
  '{g} should be grateful we let them live here at all',
  '{g} are like children, someone has to tell them what to do',
  '{g} were put on this earth to serve the rest of us',
  '{g} ruin everything they touch',
  'give {g} a job and watch it fall apart',
  "there's a reason {g} never built anything worth seeing",
  '{g} are a different species, just look at them',
];

const KIND = [
  'I {really} {admire} {g}',
  '{g} {inspire}',
  'honestly, {g} {inspire}',
  'I feel nothing but {warmth} for {g}',
  'my {warmth} for {g} grows every single day',
  'I get so {glad} whenever I see {g} succeed',
  'being around {g} makes me {glad}',
  'I am proud to be {a_ga} {person}',
  'being {ga} is something to celebrate',
  '{g} have given so much to this country',
  'we need more {g} in {post}',
  '{g} make our towns stronger',
  '{g} are {good} and I am glad they are my neighbours',
  'my {ga} {role} is the most {good} person I know',
  '{g} deserve {deserve} like everyone else',
  '{g} are always welcome here',
  'the {ga} {role}s at my school were {good}',
];

// The frames of NEGATED_VIRTUE with a vice: the same negation, the opposite meaning.
const NEGATED_VICE = [
  '{g} are never {vice}',
  '{g} will never be {vice}',
  '{g} are not {vice} and never were',
  'no {ga} {person} is {vice} just for being {ga}',
  'not one of the {g} I know is {vice}',
  'I have never met {a_ga} {person} who was {vice}',
  'we should not let {g} {suffer}',
  'no one should ever let {g} {suffer}',
  '{g} should never have to {suffer}',
  'there is nothing wrong with being {ga}',
  'I would never treat {g} differently',
  'nothing about {g} is {vice}',
];

const NEGATED_HATE = [
  "I don't {hateVerb} {g} at all",
  "{g} don't {repel}, why would they?",
  'I would never say {g} belong in {place}',
  "it's a lie that {g} are only good for {menial}",
  "{g} are not {beast}, they're people like you and me",
  'nobody should think {g} are never {virtue}',
  "I'd happily {mix} {a_ga} {person}",
];

// Counter-speech: {q} is a hate sentence of this file or of group-hate.ts, quoted to reject it.
const COUNTER = [
  'If you say "{q}", you are the problem.',
  '"{q}" Statements like this have no place here.',
  'I can\'t believe someone posted "{q}" in our group chat. That is {denounce}.',
  '{who} told me "{q}" and I asked them to leave.',
  'You wrote "{q}"? That is {denounce}.',
  '"{q}" is exactly the kind of thing we have to stand up against.',
  'Stop saying "{q}". It is {denounce} and it hurts real people.',
  'Whenever I hear "{q}", I speak up.',
  'Reported this account for posting "{q}".',
  '{who} said "{q}". That is just {denounce}.',
  'The graffiti said "{q}" and the whole street came out to paint over it.',
  'Saying {g} are worthless is {denounce}.',
  'Your comment about {g} was {denounce} and I have reported it.',
];

function fill(template: string, random: () => number, quote?: () => string): string {
  const text = template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    if (slot === 'g') return pick(GROUPS, random);
    if (slot === 'ga') return pick(IDENTITY_TERMS, random).adj;
    if (slot === 'a_ga') {
      const adj = pick(IDENTITY_TERMS, random).adj;
      return `${/^[aeiou]/i.test(adj) ? 'an' : 'a'} ${adj}`;
    }
    if (slot === 'q' && quote) return quote();
    return pick(FILL[slot] ?? [slot], random);
  });
  return text.replace(/ {2,}/g, ' ');
}

function surface(text: string, random: () => number): string {
  const t = random() < 0.5 ? text[0]!.toUpperCase() + text.slice(1) : text;
  const end = /[?.!]$/.test(t) ? '' : random() < 0.5 ? '.' : random() < 0.5 ? '!' : '';
  return misspell(`${t}${end}`, 0.3, random);
}

/** Label 1: emotions of hate, negated virtues, implicit derogation, in equal thirds. */
export function functionHateRows(seed: number, count: number): JsonRow[] {
  const random = seededRandom(seed);
  const families = [EMOTION, NEGATED_VIRTUE, IMPLICIT];
  return Array.from({ length: count }, (_, i) => ({
    text: surface(fill(pick(families[i % 3]!, random), random), random),
    label: 1 as const,
    categories: ['toxicity', 'identity_attack'],
  }));
}

/**
 * Label 0: kind sentences in the same frames (2 in 5), negated hate and denied vices (2 in 5),
 * counter-speech (1 in 5).
 */
export function functionContrastRows(seed: number, count: number): JsonRow[] {
  const random = seededRandom(seed + 1);
  // The quoted sentences: this file's hate rows and group-hate.ts's, as the hate side has them
  // (spelling noise included), so a quote is the same text as a label-1 row.
  const quotes = [...functionHateRows(seed + 2, 400), ...groupHateRows(seed + 3, 400)].map((r) =>
    r.text.replace(/[.!]$/, ''),
  );
  const quote = () => pick(quotes, random);
  return Array.from({ length: count }, (_, i) => {
    const family = [KIND, KIND, NEGATED_HATE, NEGATED_VICE, COUNTER][i % 5]!;
    return {
      text: surface(fill(pick(family, random), random, quote), random),
      label: 0 as const,
    };
  });
}
