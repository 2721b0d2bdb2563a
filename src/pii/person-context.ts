/** The words around a name that say it is one: titles, announcing phrases, relations and roles. */

export const TITLES: ReadonlySet<string> = new Set([
  'mr',
  'mrs',
  'ms',
  'miss',
  'mx',
  'dr',
  'prof',
  'professor',
  'sir',
  'dame',
  'madam',
  'rev',
]);
/** Phrases right before a name that say a name follows. */
export const PERSON_CONTEXT = [
  'my name is',
  'name is',
  "name's",
  'name',
  "i'm",
  'i am',
  'im',
  'call me',
  'called',
  'named',
  'contact',
  'dear',
  'hi',
  'hello',
  'hey',
  'thanks',
  'thank you',
  'regards',
  'ask for',
  'signed',
  'patient',
  'customer',
  'client',
  'first name',
  'last name',
  'surname',
  'full name',
  'son',
  'daughter',
  'kid',
  'child',
  'wife',
  'husband',
  'brother',
  'sister',
  'mother',
  'father',
  'mom',
  'dad',
  'friend',
  'boss',
  'colleague',
  'manager',
  'director',
  'producer',
  'founder',
  'founders',
  'ceo',
  'assistant to',
  'follow up with',
  'talk to',
  'spoke to',
  'spoke with',
] as const;
/** Context after which even a lower-case name counts ("my name is hubert"). */
export const STRONG_CONTEXT = ['my name is', "name's", "i'm", 'i am', 'call me', 'named'] as const;
/** One-word context phrases that, capitalized at a sentence start, lead into a name ("Contact Ana Lima"). */
export const LEAD_INS: ReadonlySet<string> = new Set(
  PERSON_CONTEXT.filter((p) => !p.includes(' ')),
);
export const NAMING = ['my name is', "name's", 'call me'] as const;
/** Verbs whose subject is nearly always a person, right after a name ("Nikolaj spent a year"). */
export const AFTER_PERSON: ReadonlySet<string> = new Set(
  `said says told tells wrote writes asked asks replied explained listed spent began begins
  married marries worked lived moved called calls wants wanted thinks thought believes loves
  hates likes liked knows knew smiled laughed cried died graduated joined left`.split(/\s+/u),
);
