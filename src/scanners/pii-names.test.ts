import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { redact } from '../redaction/redact.js';
import { Vault } from '../redaction/vault.js';
import { pii } from './pii.js';
import { scanInputFor } from '../text/views.js';

const deps = { countTokens: () => Promise.reject(new Error('no model')) };
const withTagger = pii.create(pii.params.parse({ name_tagger: true }), deps);
const rulesOnly = pii.create(pii.params.parse({ name_tagger: false }), deps);
const signal = new AbortController().signal;
const scanned = async (text: string, scan = withTagger) =>
  (await scan(scanInputFor(text, 'input', signal))).findings;
const found = async (text: string, scan = withTagger) =>
  (await scanned(text, scan)).map((f) => [f.kind, text.slice(f.span?.start, f.span?.end)]);

async function redacted(text: string, vault: Vault, scan = withTagger): Promise<string> {
  const spans = (await scanned(text, scan)).flatMap((f) =>
    f.span ? [{ kind: f.kind, score: f.score, span: f.span }] : [],
  );
  return redact(text, spans, vault, { restorable: true }).text;
}

describe('pii: names from the ner-v1 tagger combined with the rules', () => {
  for (const [text, expected] of [
    [
      'i met john smith in london yesterday',
      [
        ['PERSON', 'john smith'],
        ['LOCATION', 'london'],
      ],
    ],
    [
      'had lunch with maria from barcelona',
      [
        ['PERSON', 'maria'],
        ['LOCATION', 'barcelona'],
      ],
    ],
  ] as const) {
    it(`when chat in lower case names "${text}", then the tagger finds what the rules alone miss`, async () => {
      assert.deepEqual(await found(text), expected);
      assert.deepEqual(await found(text, rulesOnly), []);
    });
  }

  for (const text of [
    'the meeting is at noon, see you there',
    'Will you help me move on Monday?',
    'order 4482 shipped for 19.99 on 12/03/2024',
  ]) {
    it(`when given "${text}", then nothing is found`, async () => {
      assert.deepEqual(await found(text), []);
    });
  }

  it('when a rule finds a company, then the tagger neither removes it nor adds companies of its own', async () => {
    assert.deepEqual(await found('I work at Acme Holdings in Berlin'), [
      ['ORGANIZATION', 'Acme Holdings'],
      ['LOCATION', 'Berlin'],
    ]);
  });

  it('when the tagger proposes a name with a company or street word in it, then the rules refute it', async () => {
    const text = 'The Jones, Smith and Davis Orchestra was founded in 1988.';
    assert.ok((await found(text)).every(([, value]) => !(value ?? '').includes('Orchestra')));
  });

  // Found on presidio_synth dev rows: tagged once, "Southern" was nothing next to "Estonia" and
  // a person next to "[LOCATION_1]", so a second redaction changed the text.
  for (const text of [
    'it has grown to a fully professional orchestra serving Southern Estonia',
    'The Jones, Smith and Davis Orchestra serves Southern Switzerland',
    'i met john smith in london yesterday',
    // found by test:fuzz: a street read out of an IPv6 address's tail left "2001:db8::" behind
    '2001:db8::1 Estonia Dr. Smith',
  ]) {
    it(`when "${text}" is redacted twice, then the second pass changes nothing`, async () => {
      const vault = new Vault();
      const once = await redacted(text, vault);
      assert.notEqual(once, text);
      assert.equal(await redacted(once, vault), once);
    });
  }

  it('when a country is also on the baby-name lists, then its word cluster says place (rules alone too)', async () => {
    for (const scan of [rulesOnly, withTagger])
      assert.deepEqual(await found('Talks on Tunisia resumed.', scan), [['LOCATION', 'Tunisia']]);
  });

  it('when the tagger alone calls a word after "moved here from" a person, then the place reading wins', async () => {
    assert.deepEqual(await found('My family moved here from Vestervig'), [
      ['LOCATION', 'Vestervig'],
    ]);
  });

  it('when a river or lake is named after its feature word, then it is a place (rules alone too)', async () => {
    for (const scan of [rulesOnly, withTagger]) {
      assert.deepEqual(await found('They kayaked down the River Wey last summer.', scan), [
        ['LOCATION', 'River Wey'],
      ]);
      assert.deepEqual(await found('We camped by Lake Bled.', scan), [['LOCATION', 'Lake Bled']]);
    }
  });

  it('when a capitalized run ends in a building word, then it is not a person', async () => {
    for (const scan of [rulesOnly, withTagger])
      assert.ok(
        (await found('They toured the White House', scan)).every(([kind]) => kind !== 'PERSON'),
      );
  });

  // a country that reads as a place took the last line, and the postcode after it was left over
  it('when an address has a unit, a country and a postcode, then the country does not cut it short', async () => {
    const text = 'Send it to 14 Rua Nova 5\nApt. 7\nBraga\nPortugal 4700';
    for (const scan of [rulesOnly, withTagger])
      assert.deepEqual(await found(text, scan), [
        ['ADDRESS', '14 Rua Nova 5\nApt. 7\nBraga\nPortugal 4700'],
      ]);
  });

  // presidio_synth dev: the whole block lost to "Belgium", and a second pass (the country a
  // placeholder) found the street and the town; now the street is cut before the country
  it('when a street address loses its last line to a place, then its first lines are still redacted on the first pass', async () => {
    const text = '>3654 Brixtonlaan 380\n>Suite 727\n>Charleroi\n>Belgium 42940';
    for (const scan of [rulesOnly, withTagger]) {
      const vault = new Vault();
      const once = await redacted(text, vault, scan);
      assert.match(once, /^>\[ADDRESS_1\]/);
      assert.equal(await redacted(once, vault, scan), once);
    }
  });
});
