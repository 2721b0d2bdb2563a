import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pii } from './pii.js';
import { scanInputFor } from '../text/views.js';

const deps = { countTokens: () => Promise.reject(new Error('no model')) };
const scannerWith = (params: object) => {
  const scan = pii.create(pii.params.parse(params), deps);
  return (text: string) => scan(scanInputFor(text, 'input', new AbortController().signal));
};
const scanDefault = scannerWith({});
const found = async (text: string, scan = scanDefault) =>
  (await scan(text)).findings.map((f) => [f.kind, text.slice(f.span?.start, f.span?.end)]);

// Public test values: Stripe test cards (https://docs.stripe.com/testing), the ECBS / Wikipedia
// IBAN examples, RFC 2606 / 5737 / 3849 documentation domains and addresses, Ofcom's drama range
// (020 7946 0xxx), the Bitcoin wiki's P2PKH example and EIP-55's checksummed address.
const POSITIVES: readonly (readonly [string, string, string])[] = [
  ['You can reach me at jane.doe@example.com.', 'EMAIL', 'jane.doe@example.com'],
  // a house number and a postcode-like number read as one address, not as a phone
  ['The restaurant is at 17151 2450 Crown St', 'ADDRESS', '17151 2450 Crown St'],
  ['Call me on +44 20 7946 0958 after six', 'PHONE', '+44 20 7946 0958'],
  ['My number is (202) 555-0143, text first', 'PHONE', '(202) 555-0143'],
  ['Fax: 345-899-3560x4587', 'PHONE', '345-899-3560x4587'],
  ['Please charge my card 4242 4242 4242 4242, expiry 12/27', 'CREDIT_CARD', '4242 4242 4242 4242'],
  ['Amex 378282246310005 was declined', 'CREDIT_CARD', '378282246310005'],
  ['Send it to IBAN GB82 WEST 1234 5698 7654 32 please', 'IBAN', 'GB82 WEST 1234 5698 7654 32'],
  ['Wire to DE89370400440532013000 by Friday', 'IBAN', 'DE89370400440532013000'],
  ["Here's my SSN: 536-90-4399", 'US_SSN', '536-90-4399'],
  ['I keep getting blocked from 192.0.2.44 at work', 'IP_ADDRESS', '192.0.2.44'],
  ['The server listens on 2001:db8::8a2e:370:7334 now', 'IP_ADDRESS', '2001:db8::8a2e:370:7334'],
  ['See https://example.com/orders?id=42.', 'URL', 'https://example.com/orders?id=42'],
  [
    'Send the BTC to 1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
    'CRYPTO',
    '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2',
  ],
  [
    'my wallet is 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    'CRYPTO',
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
  ],
  ['Patient NHS number 9434765919 attached', 'UK_NHS', '9434765919'],
  ['My national insurance number is AB 12 34 56 C', 'UK_NINO', 'AB 12 34 56 C'],
  ['The checking account number is 004417839201', 'US_BANK_NUMBER', '004417839201'],
  ['passport no. C03005988, expires 2031', 'US_PASSPORT', 'C03005988'],
  ["My driver's license number is U62928788557186", 'US_DRIVER_LICENSE', 'U62928788557186'],
  ['She was born on 7/5/1981, says the form', 'DATE_OF_BIRTH', '7/5/1981'],
  ['DOB: March 14, 1985', 'DATE_OF_BIRTH', 'March 14, 1985'],
];

// False-positive traps: each of these must yield no finding at all.
const NEGATIVES: readonly (readonly [string, string])[] = [
  ['a card number that fails Luhn', 'My card 4242 4242 4242 4241 was declined'],
  ['an IBAN with a wrong check digit', 'IBAN GB83 WEST 1234 5698 7654 32 please'],
  ['an SSN in area 666', 'SSN 666-12-3456 on file'],
  ['an SSN with serial 0000', 'my ssn is 536-90-0000'],
  ['an order number', 'Order #100045223 shipped on Monday'],
  ['a bare ten-digit order number', 'order 2025550143 is out for delivery'],
  ['a short number after "call me"', 'call me at 5 tomorrow'],
  ['a date and a time', 'Meeting on 2024-05-01 at 12:30:45'],
  ['a date without birth context', 'The invoice is dated 14 March 1985'],
  ['a three-part version string', 'Upgrade to version 10.4.2 today'],
  ['a five-part build number', 'Build 10.0.19045.1234.5 installed'],
  ['an account-like number with no context', 'Reference 004417839201 attached'],
  ['a clean question', 'Could you tell me when my parcel will arrive?'],
];

describe('pii', () => {
  for (const [text, kind, value] of POSITIVES) {
    it(`when the text holds a ${kind}, then exactly that span is found: "${text}"`, async () => {
      assert.deepEqual(await found(text), [[kind, value]]);
    });
  }

  for (const [name, text] of NEGATIVES) {
    it(`when the text holds ${name}, then nothing is found`, async () => {
      assert.deepEqual(await found(text), []);
    });
  }

  it('when a validator confirms a match, then its score is 1 and the note names the validator', async () => {
    const result = await scanDefault('card 5555-5555-5555-4444');
    assert.equal(result.score, 1);
    assert.match(result.findings[0]?.note ?? '', /luhn\+issuer confirmed/);
    assert.ok(!result.findings[0]?.note?.includes('5555'));
  });

  it('when emoji come before the value, then the span is in UTF-16 code units', async () => {
    const text = '👩🏽‍💻🚀 mail jane@example.org — ‏שלום';
    const result = await scanDefault(text);
    const start = text.indexOf('jane');
    assert.deepEqual(result.findings[0]?.span, { start, end: start + 'jane@example.org'.length });
  });

  it('when several entities appear, then findings are sorted by start', async () => {
    const text = 'Email a@example.com, card 4242424242424242, phone +44 20 7946 0958';
    assert.deepEqual(
      (await found(text)).map(([kind]) => kind),
      ['EMAIL', 'CREDIT_CARD', 'PHONE'],
    );
  });

  it('when entities are restricted, then other entities are not reported', async () => {
    const scan = scannerWith({ entities: ['EMAIL'] });
    assert.deepEqual(await found('a@example.com, card 4242424242424242', scan), [
      ['EMAIL', 'a@example.com'],
    ]);
  });

  it('when a value is allow-listed, then it is not reported but others are', async () => {
    const scan = scannerWith({ allow: ['help@example.com'] });
    assert.deepEqual(await found('Write to help@example.com or jo@example.com', scan), [
      ['EMAIL', 'jo@example.com'],
    ]);
  });

  it('when a word is deny-listed, then it is reported as DENY_LIST, whole words only', async () => {
    const scan = scannerWith({ deny: ['Project Falcon'] });
    assert.deepEqual(await found('Is project falcon live? Project Falconry is not.', scan), [
      ['DENY_LIST', 'project falcon'],
    ]);
  });

  it('when a custom recognizer names a validator, then failing matches are discarded', async () => {
    const scan = scannerWith({
      recognizers: [
        {
          entity: 'LOYALTY_CARD',
          patterns: [{ name: 'loyalty', pattern: '\\bLC\\d{11}\\b', score: 0.4 }],
          context: ['loyalty'],
          validator: 'luhn',
        },
      ],
    });
    assert.deepEqual(await found('loyalty LC49927398716 and LC49927398717', scan), [
      ['LOYALTY_CARD', 'LC49927398716'],
    ]);
  });

  it('when min_score is raised, then context-only matches drop out', async () => {
    const scan = scannerWith({ min_score: 0.9 });
    assert.deepEqual(await found("Here's my SSN: 536-90-4399, email a@example.com", scan), [
      ['EMAIL', 'a@example.com'],
    ]);
  });

  const refused: readonly (readonly [string, object])[] = [
    ['an unknown entity', { entities: ['PASSWORD'] }],
    [
      'a lower-case custom entity',
      { recognizers: [{ entity: 'loyalty', patterns: [{ name: 'x', pattern: 'x' }] }] },
    ],
    [
      'nested quantifiers',
      { recognizers: [{ entity: 'X', patterns: [{ name: 'x', pattern: '(a+)+$' }] }] },
    ],
    [
      'an unknown validator',
      {
        recognizers: [{ entity: 'X', patterns: [{ name: 'x', pattern: 'x' }], validator: 'sha1' }],
      },
    ],
    ['a min_score above 1', { min_score: 1.5 }],
  ];
  for (const [name, params] of refused) {
    it(`when params hold ${name}, then they are refused`, () => {
      assert.equal(pii.params.safeParse(params).success, false);
    });
  }
});
