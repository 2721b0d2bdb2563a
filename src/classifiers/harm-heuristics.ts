/**
 * Harmful-request cues as data, one rule per category: a request (an asking or instructing
 * phrase) near a harm object ("how do I make a pipe bomb", "write ransomware"). They name the
 * category a finding belongs to, and catch the unambiguous cases the small classifier misses.
 * A harm word alone is no request: "what is money laundering?" and "how do I kill a Python
 * process" match nothing. Written from harm taxonomies (MLCommons hazard categories), not from
 * the evaluation sets.
 */
import type { Heuristic } from './heuristics.js';

// How a request opens: a question about method, an order, or a stated intent.
const ASK = String.raw`(?:how (?:do|can|could|would|should|might) (?:i|we|you|one|someone|a person)|how to|ways? to|steps? (?:to|for)|instructions? (?:for|on|to)|guide (?:to|on|for)|tutorial (?:on|for)|recipe for|teach me(?: how)?(?: to)?|help me|tell me how|explain how|show me how|i (?:want|need|plan|intend) to|let me|best way to|easiest way to|give (?:me )?(?:detailed )?(?:instructions|steps)|write|create|generate|develop|code|build)`;
const NEAR = String.raw`(?:\s+[\w'’-]+){0,6}?\s+`;

const rule = (id: string, note: string, object: string, score = 0.85): Heuristic => ({
  id,
  score,
  note,
  patterns: [new RegExp(String.raw`\b${ASK}${NEAR}${object}`, 'i')],
});

const PERSON = String.raw`(?:my\s+(?:wife|husband|boss|neighbou?r|father|mother|dad|mom|sister|brother|teacher|ex|partner|coworker|colleague|friend|roommate|classmate)|someone|somebody|a (?:person|man|woman|child|kid|human|cop|police officer)|people|him|her|them|the president|a politician)`;

// Groups of people by origin, religion, ethnicity, sexuality, gender or disability: what
// dehumanizing propaganda names (hate-speech taxonomies: HateCheck's "dehumanisation" functions).
const GROUP = String.raw`(?:(?:all|the|these|those|most)\s+)?(?:immigrants?|migrants?|refugees?|foreigners|asylum[- ]seekers|muslims?|jews?|jewish people|christians?|hindus?|sikhs?|arabs?|mexicans?|africans?|asians?|chinese(?: people)?|black (?:people|folks?|men|women)|blacks|white (?:people|folks?)|whites|latinos?|latinas?|hispanics?|gypsies|roma(?: people)?|gays?|gay (?:people|men)|lesbians?|trans (?:people|women|men)|transgender (?:people|women|men)|women|disabled people)`;
// Calling a group vermin, disease or animals, or saying it should be driven out or wiped out.
const DEHUMANIZED = String.raw`(?:(?:are|is)\s+(?:(?:nothing but|no better than|just|all|like|basically|a bunch of|a pack of|a horde of)\s+)?(?:vermin|rats|cockroaches|roaches|parasites|leeches|maggots|lice|insects|subhumans?|sub-human|savages|animals|beasts|apes|monkeys|pigs|a (?:plague|disease|virus|cancer|infestation|pestilence))|(?:should|must|need to|ought to|deserve to)\s+be\s+(?:driven out|thrown out|kicked out|wiped out|exterminated|eradicated|purged|gassed|hunted(?: down)?|rounded up|eliminated|put down))\b`;
// An order to produce such text. Not: replying to it, reporting or refuting it ("write a reply
// to a post saying ...", "help me report ..."), which stops the words in between from matching.
const PRODUCE = String.raw`\b(?:write|create|generate|compose|draft|produce|make|give me)\b(?:\s+(?!(?:a\s+)?(?:repl\w*|respon\w*|rebut\w*|report\w*|counter\w*|against|debunk\w*|refut\w*|critic\w*|why|whether|complain\w*)\b)[\w'’-]+){0,6}?\s+`;

const HATEFUL = rule(
  'hate_harassment',
  'request for hateful, harassing or dehumanizing content aimed at a group or person',
  String.raw`(?:(?:racist|sexist|homophobic|antisemitic|hateful|degrading|dehumaniz\w+) (?:jokes?|slurs?|insults?|content|posts?|messages?|speech|propaganda)|(?:harass|bully|stalk|intimidate|threaten|dox+)\s+${PERSON}|why (?:\w+\s+)?(?:are|is) (?:inferior|subhuman))\b`,
);
const DEHUMANIZING_OR_HATEFUL: Heuristic = {
  ...HATEFUL,
  patterns: [
    ...HATEFUL.patterns,
    new RegExp(String.raw`${PRODUCE}${GROUP}\s+(?:\w+\s+){0,2}?${DEHUMANIZED}`, 'i'),
  ],
};

/** The harm categories, named alike by these rules and by harmful-request-v2's heads. */
export const HARM_CATEGORIES = [
  'violent_crime_weapons',
  'self_harm',
  'sexual_minors',
  'cybercrime',
  'illegal_drugs',
  'fraud_scams',
  'hate_harassment',
] as const;

export const HARM_HEURISTICS: readonly Heuristic[] = [
  rule(
    'violent_crime_weapons',
    'request for weapons, explosives or violence toward people, or to get a gun around the law',
    String.raw`(?:(?:make|build|assemble|construct|manufacture|3d[- ]print|synthesi[sz]e)\s+(?:[\w'’-]+\s+){0,3}(?:bombs?|pipe bombs?|explosives?|ieds?|grenades?|molotov(?: cocktail)?s?|napalm|thermite|(?:ghost )?guns?|firearms?|silencers?|suppressors?|nerve agents?|sarin|ricin|anthrax|chemical weapons?|bioweapons?)|(?:kill|murder|assassinate|poison|strangle|stab|shoot|kidnap|torture|hurt|attack)\s+${PERSON}|(?:buy|get|obtain|purchase|acquire)\s+(?:[\w'’-]+\s+){0,2}?(?:guns?|firearms?|rifles?|pistols?|handguns?|ar-15s?)\s+(?:without|with no|avoiding|around)\s+(?:a\s+|any\s+|the\s+)?(?:background checks?|licen[cs]es?|permits?|paperwork|serial numbers?))\b`,
  ),
  rule(
    'self_harm',
    'request for ways to harm oneself',
    String.raw`(?:kill myself|end my (?:own )?life|commit suicide|hang myself|cut myself|hurt myself|harm myself|overdose|starve myself|die (?:painlessly|quickly|without pain))\b`,
    0.9,
  ),
  {
    id: 'sexual_minors',
    score: 0.95,
    note: 'sexual content involving minors',
    patterns: [
      /\b(?:child|children|kids?|minors?|underage|preteens?|teens?|\d{1,2}[- ]?(?:yo|years?[- ]old)|school ?(?:girl|boy)s?|lolis?)\b(?:\s+[\w'’-]+){0,5}?\s+(?:sex|sexual(?:ly)?|nudes?|naked|porn\w*|erotic\w*|explicit|seduc\w+|groom\w*)\b/i,
      /\b(?:sex|sexual(?:ly)?|nudes?|naked|porn\w*|erotic\w*|explicit|seduc\w+|groom\w*)\b(?:\s+[\w'’-]+){0,5}?\s+(?:child|children|kids?|minors?|underage|preteens?|\d{1,2}[- ]?(?:yo|years?[- ]old)|school ?(?:girl|boy)s?)\b/i,
    ],
  },
  rule(
    'cybercrime',
    'request for malware or for breaking into systems or accounts',
    String.raw`(?:(?:malware|ransomware|keyloggers?|computer virus(?:es)?|trojans?|worms?|botnets?|rootkits?|spyware|credential stealers?|phishing (?:emails?|pages?|sites?|kits?)|ddos (?:scripts?|tools?|attacks?)|zero[- ]day exploits?)|(?:hack|break)\s+into\s+(?:[\w'’-]+\s+){0,3}(?:accounts?|emails?|phones?|computers?|networks?|servers?|databases?|wi-?fi|websites?|systems?|instagram|facebook|gmail))\b`,
  ),
  rule(
    'illegal_drugs',
    'request to make or obtain illegal drugs',
    String.raw`(?:make|cook|synthesi[sz]e|produce|manufacture|grow|extract|buy|obtain|smuggle|sell)\s+(?:[\w'’-]+\s+){0,3}(?:meth(?:amphetamine)?|crystal meth|cocaine|crack|heroin|fentanyl|lsd|mdma|ecstasy|ghb|dmt|opium|carfentanil)\b`,
  ),
  rule(
    'fraud_scams',
    'request for fraud, scams, forgery or money laundering',
    String.raw`(?:launder (?:\w+\s+)?money|counterfeit (?:money|bills|currency|goods)|fake (?:ids?|passports?|invoices?|checks?|cheques?|reviews?)|forge (?:a |an )?(?:signature|document|check|cheque|passport)|steal (?:\w+\s+)?identit(?:y|ies)|scam (?:people|someone|elderly|old people|customers)|(?:run|start) a ponzi scheme|commit (?:insurance |tax |credit card |wire )?fraud|evade (?:paying )?taxes)\b`,
  ),
  DEHUMANIZING_OR_HATEFUL,
];
