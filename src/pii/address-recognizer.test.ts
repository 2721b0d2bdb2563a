import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectAddresses } from './address-recognizer.js';
import { resolveOverlaps } from './analyze.js';
import { defaultGazetteer } from './gazetteer.js';

// As the analyzer sees them: overlaps resolved (the street cores kept beside a grown address lose
// to it), then the report threshold.
const found = (text: string) =>
  resolveOverlaps(detectAddresses(text, defaultGazetteer()))
    .filter((d) => d.score >= 0.5)
    .map((d) => text.slice(d.start, d.end));

describe('ADDRESS', () => {
  const CASES: readonly (readonly [string, readonly string[]])[] = [
    ['Ship it to 221 Baker Street, London NW1 6XE please.', ['221 Baker Street, London NW1 6XE']],
    [
      'I live at 2437 Main St Suite 442, Springfield, IL 62704.',
      ['2437 Main St Suite 442, Springfield, IL 62704'],
    ],
    [
      'My address: 3482 Via Franscini 71\n Suite 838\n Tujetsch',
      ['3482 Via Franscini 71\n Suite 838\n Tujetsch'],
    ],
    ['Write to P.O. Box 1234, Anchorage, AK 99501', ['P.O. Box 1234, Anchorage, AK 99501']],
    // one blank line before a last line of a known country and a postcode (the postcode was left)
    [
      'Ship to: 14 Rua Nova 5\nApt. 7\nBraga\n\nPortugal 4700',
      ['14 Rua Nova 5\nApt. 7\nBraga\n\nPortugal 4700'],
    ],
    [
      'Ship to: 14 Rua Nova 5\nApt. 7\nBraga\n\nPortugal is lovely.',
      ['14 Rua Nova 5\nApt. 7\nBraga'],
    ],
    ['She lives at 688 rue du centre 320, Marke', ['688 rue du centre 320, Marke']],
    ['The office is at 10 Downing Street.', ['10 Downing Street']],
    // street first, postcode before the town (DE, NL, AT, CH, Nordic)
    ['Meine Adresse: Hauptstraße 5, 10115 Berlin', ['Hauptstraße 5, 10115 Berlin']],
    ['Send it to Keizersgracht 123, 1015 CJ Amsterdam.', ['Keizersgracht 123, 1015 CJ Amsterdam']],
    ['We met at Hauptstraße 5 yesterday', ['Hauptstraße 5']],
    [
      'Anschrift: Karl-Marx-Straße 12, 15230 Frankfurt (Oder)',
      ['Karl-Marx-Straße 12, 15230 Frankfurt (Oder)'],
    ],
    // a full stop ends the address, not the town before it
    ['Send it to 10 Calle Mayor 5, Madrid. Thanks!', ['10 Calle Mayor 5, Madrid']],
    ['Ship to 221 Baker Street, London NW1 6XE. Thanks', ['221 Baker Street, London NW1 6XE']],
    // a house number written with a dot goes on to the next line
    [
      'Address: 12 Kossuth Lajos u. 7.\n Budapest\n 1055',
      ['12 Kossuth Lajos u. 7.\n Budapest\n 1055'],
    ],
    // lower case: a known town, or what a postcode follows
    [
      'send it to 12 rua augusta 40, porto, portugal 4000',
      ['12 rua augusta 40, porto, portugal 4000'],
    ],
    // US military and diplomatic mail
    ['Mail goes to Unit 2050 Box 4190, APO AP 96278 now', ['Unit 2050 Box 4190, APO AP 96278']],
    ['Write to USS Nimitz FPO AP 96620 please', ['USS Nimitz FPO AP 96620']],
    ['psc 1234, box 5678\napo ae 09012', ['psc 1234, box 5678\napo ae 09012']],
    // a street word first, with no house number before it (Greek, Spanish)
    [
      'Our shop: Λεωφόρος Κηφισίας 88\n Apt. 4\n Αθήνα\n Greece 11526',
      ['Λεωφόρος Κηφισίας 88\n Apt. 4\n Αθήνα\n Greece 11526'],
    ],
    ['We live at Calle Mayor 5, Madrid.', ['Calle Mayor 5, Madrid']],
    // the sentence's own "street" after the street's suffix is not part of the name
    ['The song is about 22 Pollen Crescent street in Leeds.', ['22 Pollen Crescent']],
    // a block of three lines with a state code, a known country and a postcode: an address, even
    // where its street reads as a person; a label line ("Mobile:") ends it
    [
      'Desk\n5850 Jana Nerudy 894\nLimassol\n, NI\n Cyprus 78891\nMobile: 0490 39 07 81',
      ['5850 Jana Nerudy 894\nLimassol\n, NI\n Cyprus 78891'],
    ],
  ];
  for (const [text, expected] of CASES) {
    it(`when the text is ${JSON.stringify(text)}, then the whole address is one span`, () => {
      assert.deepEqual(found(text), expected);
    });
  }

  const NONE = [
    'I bought 3 Big Macs 2 days ago.',
    'We scored 21 Points and 3 Assists.',
    'Version 2 Update 3 is out.',
    'Meet me at 5 pm on Main Street.',
    'There are 12 Main characters in season 2.',
    'Spring 2024 was great',
    'The Brigade 2 attacked at dawn',
    'the Sweetie 2 launch',
    'I moved to Berlin in 2019.',
    'Sent via Email 2 times last week.',
  ];
  for (const text of NONE) {
    it(`when the text is ${JSON.stringify(text)}, then no address is reported`, () => {
      assert.deepEqual(found(text), []);
    });
  }
});
