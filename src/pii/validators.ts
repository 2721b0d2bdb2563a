/**
 * Named validators: built-in recognizers use them directly and custom recognizers in policy
 * YAML name them (`validator: luhn`). Checksums confirm; format and range checks only refute.
 */
import { isIP } from 'node:net';
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import {
  checkCreditCard,
  checkIban,
  checkLuhn,
  checkUkNhs,
  checkUkNino,
  checkUsSsn,
} from './checksums.js';
import { checkBase58Address, checkBech32Address } from './crypto-address.js';
import type { Validation, Validator } from './types.js';

/** National numbers (no `+`) are tried in these regions, in order. */
const PHONE_REGIONS: readonly CountryCode[] = ['US', 'GB', 'DE', 'FR', 'IN', 'ES', 'IT', 'NL'];
/** Five pairs with one separator ("06-12-34-56-78", "06.12.34.56.78"): French, not a date. */
const DIGIT_PAIRS = /^\d{2}([-. ])\d{2}\1\d{2}\1\d{2}\1\d{2}$/;
/** Spanish three-then-pairs ("612 34 56 78", "612-34-56-78"): its last three groups read as a date. */
const THREE_THEN_PAIRS = /^\d{3}([- ])\d{2}\1\d{2}\1\d{2}$/;
/** Dates (also followed by a time), SSNs and dotted quads are written with the same characters. */
const NOT_A_PHONE =
  /^\d{4}[-./]\d{1,2}[-./]\d{1,2}\b|\b\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$|^\d{3}-\d{2}-\d{4}$|^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/;

/**
 * libphonenumber-js (full metadata). A national number valid in a region confirms only when
 * written like a phone number (spaces, dashes or brackets) with 10+ digits: a bare run of digits
 * is as likely an order or account number, so it needs a context word.
 */
export function checkPhone(match: string): Validation {
  const digits = match.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return 'invalid';
  const trimmed = match.trim();
  if (NOT_A_PHONE.test(trimmed) && !DIGIT_PAIRS.test(trimmed) && !THREE_THEN_PAIRS.test(trimmed))
    return 'invalid';
  // `7946 0958 (415`: a bracket left open means the match ran into the next number
  if (match.split('(').length !== match.split(')').length) return 'invalid';
  if (match.trimStart().startsWith('+')) {
    // a leading + and a plausible length already say "phone": invalid only for the metadata
    return parsePhoneNumberFromString(match)?.isValid() === true ? 'valid' : 'unknown';
  }
  // short national numbers (7-9 digits) collide with house numbers and postcodes in addresses
  const formatted = /[\s().-]/.test(match) && digits.length >= 10;
  for (const region of PHONE_REGIONS) {
    if (parsePhoneNumberFromString(match, region)?.isValid() === true) {
      return formatted ? 'valid' : 'unknown';
    }
  }
  return 'unknown';
}

export function checkIp(match: string): Validation {
  return isIP(match) === 0 ? 'invalid' : 'unknown';
}

/** RFC 5321 lengths, a letter TLD, no empty labels; a well-formed address is taken as confirmed. */
export function checkEmail(match: string): Validation {
  const at = match.lastIndexOf('@');
  const local = match.slice(0, at);
  const labels = match.slice(at + 1).split('.');
  const tld = labels[labels.length - 1] ?? '';
  if (local.length > 64 || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return 'invalid';
  }
  const badLabel = labels.some((l) => l.length === 0 || l.startsWith('-') || l.endsWith('-'));
  return badLabel || !/^[a-z]{2,24}$/i.test(tld) ? 'invalid' : 'valid';
}

export function checkUrl(match: string): Validation {
  try {
    const url = new URL(match.startsWith('www.') ? `http://${match}` : match);
    return url.hostname.includes('.') || url.hostname === 'localhost' ? 'unknown' : 'invalid';
  } catch {
    return 'invalid';
  }
}

const MONTHS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');

/** A calendar date between 1900 and today, day-first or month-first, numeric or named month. */
export function checkBirthDate(match: string): Validation {
  const parts = match.toLowerCase().match(/\d+|[a-z]+/g) ?? [];
  const year = Number(parts.find((p) => /^\d{4}$/.test(p)) ?? parts[2]);
  const fullYear = year < 100 ? (year > new Date().getFullYear() % 100 ? 1900 : 2000) + year : year;
  const named = parts.findIndex((p) => MONTHS.includes(p.slice(0, 3)));
  const numbers = parts.filter((p) => /^\d{1,2}$/.test(p)).map(Number);
  const fits = (day: number, month: number) => day >= 1 && day <= 31 && month >= 1 && month <= 12;
  const plausibleDay =
    named >= 0
      ? fits(numbers[0] ?? 0, 1)
      : parts[0]?.length === 4
        ? fits(numbers[1] ?? 0, numbers[0] ?? 0)
        : fits(numbers[0] ?? 0, numbers[1] ?? 0) || fits(numbers[1] ?? 0, numbers[0] ?? 0);
  const plausibleYear = fullYear >= 1900 && fullYear <= new Date().getFullYear();
  return plausibleDay && plausibleYear ? 'unknown' : 'invalid';
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(text: string): number {
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits;
}

/**
 * Random-looking: ≥ 3.5 bits per character (random base64 of 20+ characters has ≈ 4.1, hex ≈ 3.8,
 * identifiers and English words stay under ≈ 3.3) and both letters and digits.
 */
export function checkHighEntropy(match: string): Validation {
  const mixed = /\d/.test(match) && /[A-Za-z]/.test(match);
  return mixed && shannonEntropy(match) >= 3.5 ? 'unknown' : 'invalid';
}

/** A JWT's first part must decode to a JSON object header naming its algorithm. */
export function checkJwt(match: string): Validation {
  try {
    const header: unknown = JSON.parse(
      Buffer.from(match.split('.')[0] ?? '', 'base64url').toString(),
    );
    return typeof header === 'object' && header !== null && 'alg' in header ? 'valid' : 'invalid';
  } catch {
    return 'invalid';
  }
}

export function checkBtcAddress(match: string): Validation {
  return /^bc1/i.test(match) ? checkBech32Address(match) : checkBase58Address(match);
}

/** The names policy YAML may use for `validator:`. */
export const VALIDATORS = Object.freeze({
  luhn: checkLuhn,
  credit_card: checkCreditCard,
  mod97: checkIban,
  iban: checkIban,
  us_ssn: checkUsSsn,
  phone: checkPhone,
  ip: checkIp,
  email: checkEmail,
  url: checkUrl,
  birth_date: checkBirthDate,
  btc_address: checkBtcAddress,
  uk_nhs: checkUkNhs,
  uk_nino: checkUkNino,
  high_entropy: checkHighEntropy,
  jwt: checkJwt,
} satisfies Record<string, Validator>);

export type ValidatorName = keyof typeof VALIDATORS;
export const VALIDATOR_NAMES = Object.keys(VALIDATORS) as [ValidatorName, ...ValidatorName[]];
