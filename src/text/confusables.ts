/**
 * Letters from other scripts that look like Latin ones (a subset of Unicode's confusables.txt,
 * UTS #39): the Cyrillic, Greek, Armenian, Cherokee and Latin-extension look-alikes attackers
 * use to dodge keyword filters. Fullwidth, mathematical, circled and other compatibility forms
 * need no entry: NFKC already folds them. Hand-written because no confusables package is
 * installed and none may be added; the full table (6,000+ rows, mostly symbols and CJK) would
 * also fold legitimate non-Latin words this small table leaves alone.
 */

// Pairs "look-alike, Latin". Only clear look-alikes: Cyrillic и/п/г are not here, since they
// look like no Latin letter in most fonts.
const PAIRS = [
  // Cyrillic lower case
  'аa вb еe ёe іi їi јj кk мm оo рp сc ѕs тt уy хx һh ԁd ԛq ԝw үy ӏl ɡg ьb ҫc ԍg ӕa',
  // Cyrillic upper case
  'АA ВB ЕE ЁE ІI ЇI ЈJ КK МM НH ОO РP СC ЅS ТT УY ХX ҮY ԚQ ԜW ӀI ЬB ԌG',
  // Greek
  'αa βb γy εe ηn ιi κk νv οo ρp τt υu χx ωw ϲc ϳj ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX ϹC ͿJ',
  // Armenian and Cherokee
  'օo ոn սu ցg զq հh ԱU ՍU ՏS ᎪA ᏴB ᏟC ᎠD ᎬE ᏀG ᎻH ᏆI ᎫJ ᏦK ᏞL ᎷM ᏢP ᎡR ᏚS ᎢT ᏙV ᏔW ᏃZ',
  // Latin extensions and IPA: dotless i, script g, small capitals, turned and hooked letters
  'ıi ȷj ɑa ɩi ɪi ʟl ʀr ʏy ᴀa ʙb ᴄc ᴅd ᴇe ɢg ʜh ᴊj ᴋk ᴍm ɴn ᴏo ᴘp ǫq ꜱs ᴛt ᴜu ᴠv ᴡw ᴢz ƅb ɵo øo ƒf',
];

const TABLE: ReadonlyMap<string, string> = new Map(
  PAIRS.join(' ')
    .split(/\s+/u)
    .filter((pair) => pair.length > 0)
    .map((pair) => {
      const [from = '', to = ''] = Array.from(pair);
      return [from, to] as const;
    }),
);

/** The Latin letter a character imitates, or undefined. */
export function confusableOf(ch: string): string | undefined {
  return TABLE.get(ch);
}
