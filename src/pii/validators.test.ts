import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkCreditCard, checkIban, checkUkNhs, checkUkNino, checkUsSsn } from './checksums.js';
import type { Validation, Validator } from './types.js';
import {
  checkBirthDate,
  checkBtcAddress,
  checkEmail,
  checkHighEntropy,
  checkIp,
  checkJwt,
  checkPhone,
} from './validators.js';

// Public test values: cards from https://docs.stripe.com/testing; IBANs from the ECBS / Wikipedia
// "International Bank Account Number" examples; BTC addresses from the Bitcoin wiki and BIP-173 /
// BIP-350 test vectors; the JWT from https://jwt.io; NHS 401 023 2137 from Presidio's tests.
const JWT_IO =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c';

const CASES: readonly (readonly [string, Validator, string, Validation])[] = [
  ['Visa test card', checkCreditCard, '4242 4242 4242 4242', 'valid'],
  ['Mastercard test card', checkCreditCard, '5555-5555-5555-4444', 'valid'],
  ['Amex test card', checkCreditCard, '378282246310005', 'valid'],
  ['Discover test card', checkCreditCard, '6011111111111117', 'valid'],
  ['Diners test card', checkCreditCard, '3056930009020004', 'valid'],
  ['JCB test card', checkCreditCard, '3566002020360505', 'valid'],
  ['UnionPay test card', checkCreditCard, '6200000000000005', 'valid'],
  ['Visa with its last digit changed', checkCreditCard, '4242424242424241', 'invalid'],
  ['card with mixed separators', checkCreditCard, '4242-4242 4242-4242', 'invalid'],
  ['Luhn-valid number with no issuer', checkCreditCard, '0000000000000018', 'unknown'],
  ['Visa of 15 digits', checkCreditCard, '424242424242428', 'invalid'],
  ['UK IBAN', checkIban, 'GB82 WEST 1234 5698 7654 32', 'valid'],
  ['German IBAN', checkIban, 'DE89370400440532013000', 'valid'],
  ['UK IBAN with a wrong check digit', checkIban, 'GB83 WEST 1234 5698 7654 32', 'invalid'],
  ['German IBAN one digit short', checkIban, 'DE8937040044053201300', 'invalid'],
  ['SSN in a valid range', checkUsSsn, '536-90-4399', 'unknown'],
  ['SSN with area 000', checkUsSsn, '000-12-3456', 'invalid'],
  ['SSN with area 666', checkUsSsn, '666-12-3456', 'invalid'],
  ['SSN with area 9xx', checkUsSsn, '912-34-5678', 'invalid'],
  ['SSN with group 00', checkUsSsn, '536-00-4399', 'invalid'],
  ['SSN with serial 0000', checkUsSsn, '536-90-0000', 'invalid'],
  ['the Woolworth wallet SSN', checkUsSsn, '078-05-1120', 'invalid'],
  ['NHS number with a good check digit', checkUkNhs, '401 023 2137', 'unknown'],
  ['NHS number with a bad check digit', checkUkNhs, '401 023 2138', 'invalid'],
  ['NINO with an allocated prefix', checkUkNino, 'AB 12 34 56 C', 'unknown'],
  ['NINO with the unallocated GB prefix', checkUkNino, 'GB 12 34 56 A', 'invalid'],
  ['NINO with the example-only QQ prefix', checkUkNino, 'QQ123456C', 'invalid'],
  ['P2PKH address', checkBtcAddress, '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'valid'],
  ['P2SH address', checkBtcAddress, '3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'valid'],
  ['P2PKH address with a typo', checkBtcAddress, '1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3', 'invalid'],
  [
    'bech32 address (BIP-173)',
    checkBtcAddress,
    'BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4',
    'valid',
  ],
  [
    'bech32m taproot address (BIP-350)',
    checkBtcAddress,
    'bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0',
    'valid',
  ],
  [
    'bech32 in mixed case',
    checkBtcAddress,
    'bc1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4',
    'invalid',
  ],
  ['UK number in international format', checkPhone, '+44 20 7946 0958', 'valid'],
  ['US number with brackets', checkPhone, '(202) 555-0143', 'valid'],
  ['bare ten digits', checkPhone, '2025550143', 'unknown'],
  ['a date with a time', checkPhone, '2005-07-21 18', 'invalid'],
  ['an SSN', checkPhone, '536-90-4399', 'invalid'],
  ['a dotted quad', checkPhone, '192.168.10.20', 'invalid'],
  ['six digits', checkPhone, '123 456', 'invalid'],
  ['IPv4 documentation address', checkIp, '192.0.2.1', 'unknown'],
  ['IPv6 documentation address', checkIp, '2001:db8::1', 'unknown'],
  ['an octet over 255', checkIp, '300.1.2.3', 'invalid'],
  ['a clock time', checkIp, '12:30:45', 'invalid'],
  ['an ordinary address', checkEmail, 'jane.doe@example.com', 'valid'],
  ['a numeric TLD', checkEmail, 'root@10.0.0.1', 'invalid'],
  ['two dots in the local part', checkEmail, 'jane..doe@example.com', 'invalid'],
  ['a birth date', checkBirthDate, '14 March 1985', 'unknown'],
  ['a US-style date', checkBirthDate, '03/14/1985', 'unknown'],
  ['a date in the future', checkBirthDate, '01/01/2999', 'invalid'],
  ['month 13', checkBirthDate, '1985-13-01', 'invalid'],
  ['the jwt.io example token', checkJwt, JWT_IO, 'valid'],
  ['three dotted words', checkJwt, 'eyJub3QiOiJqc29uIn0.abcde.fghij', 'invalid'],
  ['a random 32-hex key', checkHighEntropy, '9f8e7d6c5b4a39281706f5e4d3c2b1a0', 'unknown'],
  ['a long identifier', checkHighEntropy, 'OPENAI_API_KEY_PRODUCTION', 'invalid'],
];

describe('validators', () => {
  for (const [name, validate, value, expected] of CASES) {
    it(`when given ${name}, then it is ${expected}`, () => {
      assert.equal(validate(value), expected);
    });
  }
});
