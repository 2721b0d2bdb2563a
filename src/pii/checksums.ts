/**
 * Check digits and number-range rules for structured identifiers. Each returns a Validation:
 * a checksum that holds confirms (`valid`); a range or format rule that holds only fails to
 * refute (`unknown`), so context still has to speak for the match.
 */
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { Validation } from './types.js';

const digitsOf = (text: string) => text.replace(/\D/g, '');

export function passesLuhn(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** [first prefix, last prefix (same length), min length, max length] per issuer range. */
const ISSUER_RANGES: readonly (readonly [string, string, number, number])[] = [
  ['4', '4', 13, 19], // Visa (13, 16, 19 in use; 14-18 rejected below)
  ['51', '55', 16, 16], // Mastercard
  ['2221', '2720', 16, 16], // Mastercard 2-series
  ['34', '34', 15, 15], // American Express
  ['37', '37', 15, 15],
  ['6011', '6011', 16, 19], // Discover
  ['644', '649', 16, 19],
  ['65', '65', 16, 19],
  ['300', '305', 14, 19], // Diners Club
  ['36', '36', 14, 19],
  ['38', '39', 16, 19],
  ['3528', '3589', 16, 19], // JCB
  ['1800', '1800', 15, 15], // JCB legacy
  ['2131', '2131', 15, 15],
  ['50', '50', 12, 19], // Maestro
  ['56', '69', 12, 19], // Maestro, UnionPay (62), RuPay (60), Verve (650)
  ['2200', '2204', 16, 19], // Mir
];

function hasKnownIssuer(digits: string): boolean {
  if (digits.startsWith('4') && ![13, 16, 19].includes(digits.length)) return false;
  return ISSUER_RANGES.some(([lo, hi, min, max]) => {
    const prefix = digits.slice(0, lo.length);
    return prefix >= lo && prefix <= hi && digits.length >= min && digits.length <= max;
  });
}

/** Luhn + issuer ranges (cf. Presidio CreditCardRecognizer); separators must be consistent. */
export function checkCreditCard(match: string): Validation {
  const separators = new Set(match.replace(/\d/g, ''));
  if (separators.size > 1) return 'invalid';
  const digits = digitsOf(match);
  if (digits.length < 12 || digits.length > 19 || !passesLuhn(digits)) return 'invalid';
  if (/^(\d)\1+$/.test(digits)) return 'invalid';
  return hasKnownIssuer(digits) ? 'valid' : 'unknown';
}

export function checkLuhn(match: string): Validation {
  return passesLuhn(digitsOf(match)) ? 'valid' : 'invalid';
}

/** ISO 13616 mod-97 and the country's length and BBAN format (ibantools). */
export function checkIban(match: string): Validation {
  const iban = electronicFormatIBAN(match);
  return iban !== null && isValidIBAN(iban) ? 'valid' : 'invalid';
}

// Never issued (SSA): publicity numbers, and the Woolworth wallet card.
const NEVER_ISSUED = new Set(['078051120', '219099999', '123456789', '457555462']);

/** US SSN ranges: area 000, 666 and 9xx, group 00 and serial 0000 are never issued. */
export function checkUsSsn(match: string): Validation {
  if (new Set(match.replace(/\d/g, '')).size > 1) return 'invalid';
  const digits = digitsOf(match);
  if (digits.length !== 9 || NEVER_ISSUED.has(digits) || /^(\d)\1+$/.test(digits)) {
    return 'invalid';
  }
  const area = digits.slice(0, 3);
  if (area === '000' || area === '666' || area.startsWith('9')) return 'invalid';
  if (digits.slice(3, 5) === '00' || digits.slice(5) === '0000') return 'invalid';
  return 'unknown';
}

/**
 * NHS number mod-11. A pass stays `unknown`: one in eleven ten-digit numbers passes, and US
 * phone numbers share the 3-3-4 layout, so the word "NHS" has to be nearby.
 */
export function checkUkNhs(match: string): Validation {
  const digits = digitsOf(match);
  if (digits.length !== 10) return 'invalid';
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (digits.charCodeAt(i) - 48) * (10 - i);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === digits.charCodeAt(9) - 48 ? 'unknown' : 'invalid';
}

const NINO_UNALLOCATED = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);

/** UK National Insurance number prefix rules (HMRC NIM39110); the format itself is the pattern. */
export function checkUkNino(match: string): Validation {
  const compact = match.replace(/\s/g, '').toUpperCase();
  if (!/^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$/.test(compact)) return 'invalid';
  return NINO_UNALLOCATED.has(compact.slice(0, 2)) ? 'invalid' : 'unknown';
}
