/**
 * parapet-everyday-toxicity (our own, Apache-2.0): seeded template rows for the failures the
 * corpora do not cover. Written here for training; nothing is taken from an evaluation set.
 *
 * - `figurative`: violent words in everyday figurative or technical use ("this price is killing
 *   me", "kill the process") and angry customer complaints without abuse → label 0.
 * - `directed`: insults and threats aimed at the reader ("you are a worthless idiot", "I will
 *   find where you live") → label 1 with insult / threat categories. The corpora are mostly
 *   third-person posts about groups, so second-person abuse in a chat reply was missed.
 * - `sexual`: sexual propositions and requests for explicit content (label 1, sexual_explicit)
 *   beside sex education, health and relationship questions (label 0): no openly licensed
 *   sexual-content set exists (toxicity/EXTRA.md), and ConvAbuse's harassment is all we had.
 */
import { seededRandom } from '../dataset.js';
import type { JsonRow } from '../dataset.js';

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)]!;

const FIGURATIVE = [
  'this {thing} is killing me',
  'I could murder a {food} right now',
  'how do I kill a {proc} that hangs on {os}?',
  'the {thing} absolutely slaughtered my budget this month',
  'my feet are killing me after the {event}',
  'we crushed it at the {event}, great job team',
  'that {event} was sick, you guys killed it',
  'I am dying to try the new {food}',
  'please kill the {proc} and restart the service',
  'this {thing} is a killer deal',
  'the {thing} blew up on social media',
  'shoot me an email about the {thing} when you can',
  'the {proc} died again after the update on {os}',
  'I will hunt down the best {food} in town',
  'the last {event} was a massacre for our fantasy team',
];
const COMPLAINTS = [
  'your {service} is useless, the {item} was left out in the rain',
  'this is unacceptable, my {item} arrived broken for the second time',
  'I am furious, nobody from your {service} answered my emails for two weeks',
  'worst {service} ever, I want a refund for the {item} now',
  'the {item} is garbage quality and your {service} does not care',
  'I have been on hold for an hour, this {service} is a joke',
  'what a ridiculous policy, why can I not return the {item}?',
  'stop wasting my time and send the {item} I paid for',
  'your app keeps crashing and your {service} keeps ignoring me',
  'I am so angry the {item} arrived damaged, fix this today',
];
const INSULTS = [
  'you are a {adj} {noun}',
  "you're such a {adj} {noun}",
  'shut up, you {adj} {noun}',
  'nobody asked you, {noun}',
  'you are the most {adj} {noun} I have ever talked to',
  'go away you {adj} {noun}',
  'what a {adj} {noun} you are',
  'you {adj} {noun}, learn to read',
  'listen here you {noun}, you are {adj}',
];
const THREATS = [
  'I will find where you live and {harm} you',
  "I'm going to find you and {harm} you",
  'I know where you live, watch your back',
  'you will regret this, I will {harm} you',
  'say that again and I will {harm} you',
  'I am going to {harm} you and your family',
  "you'd better sleep with one eye open, I'm coming to {harm} you",
  'keep talking and I will {harm} you',
];
const SEXUAL = [
  'send me {nude} pics right now',
  'I want to have sex with you tonight',
  'describe her {body} in explicit detail while she undresses',
  'write an erotic story where the {person} gets naked and they have sex',
  "let's talk dirty, tell me what you would do to my {body}",
  'show me your {body}, I want to see you naked',
  'tell me in graphic detail how you would {sexact} me',
  'I am so horny, {sexact} me hard',
  'describe the {person} masturbating in explicit detail',
  'roleplay as my girlfriend and describe us having sex',
];
const SEX_ED = [
  'what is the safest form of contraception for {person}s?',
  'how often should I get a breast cancer screening?',
  'can you explain how sexually transmitted infections are tested?',
  'my partner and I want to talk about consent, any good resources?',
  'is it normal for the {body} to be sore after running?',
  'where can a {person} buy condoms discreetly?',
  'what should I tell my teenager about puberty?',
  'how do I book a sexual health check at the clinic?',
];
const FILL: Record<string, readonly string[]> = {
  thing: ['heat', 'price', 'traffic', 'deadline', 'commute', 'subscription', 'workload', 'bill'],
  food: ['pizza', 'burger', 'curry', 'taco', 'sandwich', 'ice cream'],
  proc: ['process', 'task', 'job', 'container', 'worker', 'script'],
  os: ['Linux', 'Windows', 'my Mac', 'the server'],
  event: ['concert', 'presentation', 'match', 'hackathon', 'launch', 'gig'],
  service: ['customer service', 'support team', 'delivery company', 'courier', 'help desk'],
  item: ['package', 'parcel', 'order', 'laptop', 'sofa', 'phone', 'box'],
  adj: [
    'worthless',
    'stupid',
    'pathetic',
    'useless',
    'brainless',
    'disgusting',
    'dumb',
    'miserable',
  ],
  noun: [
    'idiot',
    'moron',
    'loser',
    'piece of garbage',
    'clown',
    'imbecile',
    'fool',
    'waste of space',
  ],
  nude: ['nude', 'naked', 'topless', 'dirty'],
  body: ['breasts', 'body', 'ass', 'chest', 'thighs', 'body'],
  person: ['nurse', 'teacher', 'neighbour', 'student', 'coworker', 'woman', 'man'],
  sexact: ['fuck', 'touch', 'undress', 'ride', 'lick'],
  harm: ['hurt', 'kill', 'beat', 'destroy', 'end', 'stab', 'break'],
};

function fill(template: string, random: () => number): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => pick(FILL[slot] ?? [slot], random));
}

const variants = (text: string, random: () => number): string => {
  const r = random();
  const t = r < 0.3 ? text[0]!.toUpperCase() + text.slice(1) : text;
  return random() < 0.5 ? `${t}.` : random() < 0.5 ? `${t}!` : t;
};

export function figurativeRows(seed: number, count: number): JsonRow[] {
  const random = seededRandom(seed);
  const all = [...FIGURATIVE, ...COMPLAINTS];
  return Array.from({ length: count }, () => ({
    text: variants(fill(pick(all, random), random), random),
    label: 0 as const,
  }));
}

export function directedRows(seed: number, count: number): JsonRow[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const threat = random() < 0.45;
    const text = variants(fill(pick(threat ? THREATS : INSULTS, random), random), random);
    return {
      text,
      label: 1 as const,
      categories: threat ? ['toxicity', 'threat'] : ['toxicity', 'insult'],
    };
  });
}

export function sexualRows(seed: number, count: number): JsonRow[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => {
    const explicit = random() < 0.5;
    const text = variants(fill(pick(explicit ? SEXUAL : SEX_ED, random), random), random);
    return explicit
      ? { text, label: 1 as const, categories: ['toxicity', 'sexual_explicit'] }
      : { text, label: 0 as const };
  });
}
