/**
 * parapet-explicit-ads (our own, Apache-2.0): seeded rows of the sexual content that is not a
 * proposition to the reader: adult-site spam and webcam/escort adverts, and short explicit
 * descriptions (label 1, sexual_explicit), beside ordinary advert spam in the same shapes
 * (label 0), so the spam register (hashtags, "free", "click here", token counts) is not the
 * label, only the sexual words are. Written here for training; nothing is taken from an
 * evaluation set. Why: everyday-sexual (everyday-toxicity.ts) covers "send me nudes"; explicit
 * adverts and descriptions scored 0.02–0.2, and no openly licensed sexual-content set exists
 * (toxicity/EXTRA.md). Nothing here is about minors.
 */
import { seededRandom, type JsonRow } from '../dataset.js';

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)]!;

const FILL: Record<string, readonly string[]> = {
  adult: ['porn', 'xxx', 'sex', 'nude', 'adult', 'erotic', 'hardcore', 'naked'],
  media: ['videos', 'pics', 'cams', 'movies', 'photos', 'clips', 'live shows', 'chat'],
  act: [
    'anal',
    'blowjob',
    'oral sex',
    'threesome',
    'masturbation',
    'orgasm',
    'cumshot',
    'striptease',
    'handjob',
    'sex toys',
  ],
  who: ['milf', 'housewives', 'couples', 'girls', 'amateurs', 'escorts', 'models', 'singles'],
  place: ['Madrid', 'your city', 'Berlin', 'London', 'near you', 'Amsterdam', 'Chicago'],
  body: ['tits', 'boobs', 'ass', 'pussy', 'cock', 'dick', 'breasts', 'nipples'],
  verb: ['fucked', 'stripped', 'touched herself', 'sucked', 'rode him', 'moaned', 'undressed'],
  // The benign side of the same shapes.
  thing: ['shoes', 'flights', 'watches', 'phones', 'hotel rooms', 'recipes', 'loans', 'courses'],
  deal: ['discounts', 'deals', 'coupons', 'offers', 'sales', 'bargains', 'reviews', 'tips'],
  topic: ['cooking', 'fitness', 'travel', 'gaming', 'gardening', 'yoga', 'crypto', 'fashion'],
  tag: ['#free', '#deal', '#live', '#new', '#hot', '#sale', '#cute', '#fun'],
};

const EXPLICIT = [
  'Free {adult} {media} {who} {place}, {act} and more, click here',
  'Hot {who} {act} {adult} {media} {tag} {tag}',
  'best {adult} {media}: {act}, {act}, {who} {act}',
  'Live {adult} {media} with {who}, {act} after 10 tokens {tag}',
  '{who} {place} want {act} tonight, no sign up, {adult} {media}',
  'watch {who} get {verb} in hd {adult} {media}',
  'she {verb} and showed her {body} on cam',
  'he grabbed her {body} and they {verb} all night',
  'full {adult} {media} of {who} showing {body}, {act} uncensored',
  '{act} {adult} {media} galleries {tag}',
  'Escorts {place} {act} real photos call now',
  'I want to see your {body} and then {act}',
];
const ADS = [
  'Free {thing} {deal} {place}, cheap and more, click here',
  'Hot {thing} {deal} {tag} {tag}',
  'best {topic} {media}: {deal}, {deal}, {thing} {deal}',
  'Live {topic} {media} with experts, {deal} after 10 tokens {tag}',
  'singles {place} want {topic} tips tonight, no sign up, {topic} {media}',
  'watch {topic} {media} in hd, new {thing} every day',
  'she cooked dinner and showed her garden on cam',
  'he grabbed her bag and they danced all night',
  'full {topic} {media} of {thing} {deal}, uncut and free',
  '{topic} {media} galleries {tag}',
  'Hotels {place} real photos call now',
  'I want to see your {thing} and then buy some',
];

function fill(template: string, random: () => number): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => pick(FILL[slot] ?? [slot], random));
}

/** `count` rows, half explicit (label 1), half ordinary adverts in the same shapes (label 0). */
export function explicitAdRows(seed: number, count: number): JsonRow[] {
  const random = seededRandom(seed + 41);
  return Array.from({ length: count }, (_, i) => {
    const explicit = i % 2 === 0;
    const template = pick(explicit ? EXPLICIT : ADS, random);
    const text = fill(template, random);
    const cased = random() < 0.3 ? text.toUpperCase() : text;
    return explicit
      ? { text: cased, label: 1 as const, categories: ['toxicity', 'sexual_explicit'] }
      : { text: cased, label: 0 as const };
  });
}
