/**
 * Self-harm disclosures and intent as data: first-person, present statements ("I want to die",
 * "I feel like killing myself", "I've been cutting myself"), plus worry about someone else's
 * safety ("my friend says she wants to kill herself"), which a reviewer should see as well.
 * Figurative and everyday uses must not match: "this traffic is killing me", "I could die of
 * embarrassment", "kill the process", "I cut myself shaving", "I'd rather die than wear that",
 * "I'm not suicidal". Phrases follow the first-person wording of the self-harm rows in
 * ../shared/data/train/toxicity (their `meta.rule_match`), with the figurative exclusions ours;
 * measured in docs/scanners.md#self-harm. Requests for methods are harm-heuristics.ts' rule.
 */
import type { Heuristic } from './heuristics.js';

/** The user's own disclosure or intent. */
export const KIND = 'self_harm';
/** Someone else's safety, as the user reports it. */
export const OTHER_KIND = 'self_harm_other';
// Words that make a phrase about an accident, a joke or someone else's plan, not self-harm.
const NOT_SELF_HARM = String.raw`(?!\s+(?:for (?:\w+ing|that|this|it)|laughing|with laughter|in the foot|over|on (?:a|an|the|some)|at|while|when|by accident|accidentally|shaving|playing|during|doing|trying to|at the gym)\b)`;
// "to die of embarrassment", "die laughing", "rather die than ..."
const NOT_FIGURATIVE_DIE = String.raw`(?!\s+(?:of|from|laughing|for|than|when|at|a little|inside|on the inside|happy)\b|\s+(?:(?:my|your|his|her|the)\s+)?(?:hair|clothes|shirt|jeans|fabric)\b)`;
// "you deserve to die", "they all want to die": said of someone else, by the subject just before.
const NOT_SAID_OF_OTHERS = String.raw`(?<!\b(?:you|ye|u|they|he|she|we|them|people|everyone|everybody|who|all of you|you all|y'all)\s+(?:(?:all|really|just|should|both|must|simply)\s+)?)`;
// A first-person word somewhere in the text: "want to die" is only a disclosure when said of oneself.
const FIRST_PERSON = /\b(?:i|i'm|im|me|my|myself)\b/i;

const disclosure = (note: string, score: number, ...patterns: RegExp[]): Heuristic => ({
  id: KIND,
  score,
  note,
  patterns,
});

export const SELF_HARM_LEXICON: readonly Heuristic[] = [
  disclosure(
    'first-person statement of suicidal intent',
    0.9,
    new RegExp(
      String.raw`\b(?:kill(?:ing)?|hang(?:ing)?|shoot(?:ing)?|drown(?:ing)?|poison(?:ing)?|suffocat(?:e|ing)|off(?:ing)?)\s+my\s*self\b${NOT_SELF_HARM}`,
      'i',
    ),
    /\b(?:want to|wanna|going to|gonna|about to|might|should|will|i'll)\s+kms\b/i,
    /\b(?:end(?:ing)?|tak(?:e|ing))\s+my\s+(?:own\s+)?life\b/i,
    /\bend(?:ing)?\s+it\s+all\b/i,
    /\b(?:(?:considering|contemplating|thinking (?:about|of)|think about|thought about|planning|plan|going|want|wanna|gonna|could|might|will|i'll)\s+(?:to\s+)?(?:committing\s+|commit\s+)?suicide)\b(?!\s+(?:prevention|awareness|hotlines?|rates?|statistics|bombers?|squad)\b)/i,
    /\b(?:going to|gonna|want to|wanna|planning to|plan to|about to|will|i'll)\s+(?:overdose|jump off (?:a|the|this) (?:bridge|building|roof|cliff|balcony)|jump in front of (?:a|the) (?:train|bus|truck|car)|take all (?:of )?(?:my|the) (?:pills|meds|medication|tablets)|swallow all (?:of )?(?:my|the) (?:pills|meds|tablets))\b/i,
    /\b(?:writ(?:e|ing)|wrote|written|left)\s+(?:my|a)\s+(?:suicide|goodbye)\s+(?:note|letter)\b/i,
  ),
  disclosure(
    'first-person self-injury, now or intended',
    0.9,
    new RegExp(
      String.raw`\b(?:(?:i(?:\s+(?:just|really|still|sometimes|often|always|also))?|looking\s+to|want(?:ed)?\s+to|wanna|going\s+to|gonna|need\s+to|urges?\s+to|tempted\s+to|started|keep|kept|stop|tried\s+to|trying\s+to|thinking\s+(?:about|of)|feel\s+like)\s+(?:hurt(?:ing)?|harm(?:ing)?|cut(?:ting)?|burn(?:ing)?|starv(?:e|ing))|(?:hurting|harming|cutting|burning|starving))\s+my\s*self\b${NOT_SELF_HARM}`,
      'i',
    ),
    /\b(?:i|i do|i've|ive|i have|been|started|keep|stop|urges? to|urge for|relapsed? (?:into|on))\s+(?:been\s+)?self[- ]?harm(?:ing|ed)?\b/i,
    /\bmy\s+self[- ]?harm(?:ing)?\b/i,
  ),
  {
    ...disclosure(
      'first-person wish to die or not to live',
      0.9,
      new RegExp(
        String.raw`${NOT_SAID_OF_OTHERS}\b(?:want(?:ed)?|wanna|ready|going|deserve|wish(?:ing)?|would rather|'d rather|plan(?:ning)?)\s+(?:to\s+)?die\b${NOT_FIGURATIVE_DIE}`,
        'i',
      ),
      /\b(?:don'?t|do not|dont|no longer|never)\s+want\s+to\s+(?:(?:live|be alive|exist|go on|keep going|be around)\b(?!\s+(?:in|with|at|near|there|here|like|on|off|through|without|this|that|these|those|under|next|by|alone|abroad|you|them|him|her|people|anyone|anybody|everyone|such)\b)|be here (?:anymore|any ?more|any longer)|wake up (?:anymore|any ?more|again|ever))/i,
      /\bsuicidal\s+(?:thoughts?|feelings?|urges?|ideation|again)\b/i,
      /\b(?:i'?m|im|i am|feel(?:ing)?|felt|(?<!\b(?:has|had)\s+)been|getting|becoming)\s+(?:(?!not\b|never\b|n't\b)\w+\s+){0,2}?suicidal\b/i,
    ),
    requires: FIRST_PERSON,
  },
  disclosure(
    'hopelessness about being alive, in words that leave no other reading',
    0.9,
    /\b(?:no reason to live|nothing (?:left )?to live for|not worth living|isn'?t worth living|better off dead|better off without me|better off if i (?:was|were|wasn'?t|weren'?t) (?:dead|gone|here|around|alive)|(?:no ?one|nobody) would (?:miss me|care|notice|even notice) if i (?:died|was dead|were dead|was gone|killed myself)|if i (?:killed|kill) myself\b(?!\s+(?:laughing|over|at|on|for|trying))|tired of (?:living|being alive)|wish (?:i|i'd) (?:was|were|had been) (?:dead|never born)|wish i (?:had )?never (?:existed|been born))\b/i,
  ),
  disclosure(
    'request to hide self-harm or for eating-disorder methods',
    0.85,
    /\b(?:make myself (?:throw up|vomit|puke)|hide my (?:eating disorder|self[- ]harm|scars|cuts|anorexia|bulimia)|(?:develop|get|speed up|tips for|with) (?:my )?(?:anorexia|bulimia)|(?:stop|stopped) eating (?:and drinking )?until i die|poison myself)\b/i,
  ),
  // Not the user speaking about themselves: a kind of its own, so that a policy can tell the
  // two apart (a response supersedes a block only for the user's own disclosure).
  {
    id: OTHER_KIND,
    score: 0.85,
    note: "worry about another person's safety",
    patterns: [
      new RegExp(
        String.raw`\b(?:kill(?:ing)?|hurt(?:ing)?|harm(?:ing)?|cut(?:ting)?)\s+(?:himself|herself|themselves|themself)\b${NOT_SELF_HARM}`,
        'i',
      ),
      /\b(?:he|she|they|my (?:friend|son|daughter|brother|sister|partner|wife|husband|mom|mum|dad|kid|child|boyfriend|girlfriend))\s+(?:\w+\s+){0,3}?(?:is|are|seems?|sounds?|feels?|was|has been|have been)\s+(?:\w+\s+)?suicidal\b/i,
      // "my little sister told me she wanted to die"
      new RegExp(
        String.raw`\b(?:he|she|they|my (?:friend|son|daughter|brother|sister|partner|wife|husband|mom|mum|dad|kid|child|boyfriend|girlfriend))\s+(?:\w+\s+){0,3}?(?:wants?|wanted|wanna|is going|was going|plans?|planned|planning)\s+to\s+(?:die\b${NOT_FIGURATIVE_DIE}|end (?:his|her|their) (?:own )?life\b)`,
        'i',
      ),
    ],
  },
];
