import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pii } from './pii.js';
import { secrets } from './secrets.js';
import { scanInputFor } from '../text/views.js';

const deps = { countTokens: () => Promise.reject(new Error('no model')) };
const scanPii = pii.create(pii.params.parse({}), deps);
const scanSecrets = secrets.create(secrets.params.parse({}), deps);
const found = async (text: string, scan = scanPii) =>
  (await scan(scanInputFor(text, 'input', new AbortController().signal))).findings.map((f) => [
    f.kind,
    text.slice(f.span?.start, f.span?.end),
  ]);

// Public test values: the ECBS / Wikipedia IBAN example, Royal Mail's SW1A 1AA, Canada Post's
// K1A 0B1; the phone numbers are in France's and Spain's fiction/test-like mobile ranges.
describe('pii: national phone layouts, loose IBANs, versions, postcodes', () => {
  for (const [text, kind, value] of [
    ['Phone: 06-12-34-56-78', 'PHONE', '06-12-34-56-78'],
    ['appelez-moi au téléphone 06.12.34.56.78 ce soir', 'PHONE', '06.12.34.56.78'],
    ['call me on 06.12.34.56.78 tonight', 'PHONE', '06.12.34.56.78'],
    ['mi móvil es 612 345 678', 'PHONE', '612 345 678'],
    ['Phone: 612-34-56-78', 'PHONE', '612-34-56-78'],
    ['+44 20 7946 0958 ) 1234.5678.9', 'PHONE', '+44 20 7946 0958'],
    ['llámame al 612 34 56 78', 'PHONE', '612 34 56 78'],
    ['iban de89 3704 0044 0532 0130 00 thanks', 'IBAN', 'de89 3704 0044 0532 0130 00'],
    ['iban DE89 37040044 0532 013000', 'IBAN', 'DE89 37040044 0532 013000'],
    ['my zip is 90210', 'POSTCODE', '90210'],
    ['postcode SW1A 1AA please', 'POSTCODE', 'SW1A 1AA'],
    ['my postal code is K1A 0B1', 'POSTCODE', 'K1A 0B1'],
    ['Postleitzahl 10115', 'POSTCODE', '10115'],
    ['postcode 1012 AB', 'POSTCODE', '1012 AB'],
  ] as const) {
    it(`when given "${text}", then ${kind} "${value}" is found`, async () => {
      assert.deepEqual(await found(text), [[kind, value]]);
    });
  }
  for (const text of [
    'upgrade to version 1.2.3.4 now',
    'Build 10.0.1.1 fixed it',
    'I paid 90210 dollars',
    'meet at SW1A 1AA',
    'the meeting is on 12-05-2024',
    'ticket 612-34-56-78 is closed',
    'call about ticket 612.34.56.78',
    'iban de89 3704 0044 0532 0130 01',
  ]) {
    it(`when given "${text}", then nothing is found`, async () => {
      assert.deepEqual(await found(text), []);
    });
  }
  it('when a dotted quad follows "server", then it is still an IP address', async () => {
    assert.deepEqual(await found('server at 10.0.0.1'), [['IP_ADDRESS', '10.0.0.1']]);
  });
});

describe('secrets: passwords and codes said in a sentence', () => {
  for (const [text, kind, value] of [
    ['my password is hunter2.', 'PASSWORD', 'hunter2'],
    ['the passcode was x9!pq', 'PASSWORD', 'x9!pq'],
    ['pin: 4821', 'ACCESS_CODE', '4821'],
    ['my PIN is 0000', 'ACCESS_CODE', '0000'],
    ['the code is 55AB12', 'ACCESS_CODE', '55AB12'],
    ['verification code: 839201', 'ACCESS_CODE', '839201'],
    ['the PIN for the door is 4821', 'ACCESS_CODE', '4821'],
    ['The code to the safe: 7734', 'ACCESS_CODE', '7734'],
    ['the alarm code is 5309', 'ACCESS_CODE', '5309'],
    ['my password for gmail is hunter2', 'PASSWORD', 'hunter2'],
    ['the password to our wifi router was Tr0ub4dor&3.', 'PASSWORD', 'Tr0ub4dor&3'],
  ] as const) {
    it(`when given "${text}", then only the value "${value}" is reported`, async () => {
      assert.deepEqual(await found(text, scanSecrets), [[kind, value]]);
    });
  }
  for (const text of [
    'My password is reset',
    'the code is broken',
    'error code 404',
    'error code: 5001',
    'this code is 2024',
    'zip code 90210',
    'the code for the build is broken',
    'the PIN for the card is on the back',
    'my password for gmail is secret',
    'a pin for the map 4821',
    'the code of conduct is 2024',
  ]) {
    it(`when given "${text}", then no secret is reported`, async () => {
      assert.deepEqual(await found(text, scanSecrets), []);
    });
  }
});
