/**
 * The built-in PII recognizers, as data. Base scores are weak on purpose: a validator confirms
 * (score 1) or discards a match, and a context word nearby adds 0.35 (cf. Presidio). Every
 * pattern passes safe-regex2 (no nested quantifiers), so matching stays linear in the text.
 */
import {
  EMAIL_RECOGNIZER,
  IP_ADDRESS_RECOGNIZER,
  PHONE_RECOGNIZER,
  URL_RECOGNIZER,
} from './contact-recognizers.js';
import {
  CREDIT_CARD_RECOGNIZER,
  CRYPTO_RECOGNIZER,
  IBAN_RECOGNIZER,
  US_BANK_NUMBER_RECOGNIZER,
} from './financial-recognizers.js';
import {
  DATE_OF_BIRTH_RECOGNIZER,
  UK_NHS_RECOGNIZER,
  UK_NINO_RECOGNIZER,
  US_DRIVER_LICENSE_RECOGNIZER,
  US_PASSPORT_RECOGNIZER,
  US_SSN_RECOGNIZER,
} from './identity-recognizers.js';
import { POSTCODE_RECOGNIZER } from './postcode-recognizer.js';
import type { Recognizer } from './types.js';

export const PII_RECOGNIZERS: readonly Recognizer[] = [
  EMAIL_RECOGNIZER,
  PHONE_RECOGNIZER,
  CREDIT_CARD_RECOGNIZER,
  IBAN_RECOGNIZER,
  US_SSN_RECOGNIZER,
  IP_ADDRESS_RECOGNIZER,
  URL_RECOGNIZER,
  CRYPTO_RECOGNIZER,
  UK_NHS_RECOGNIZER,
  UK_NINO_RECOGNIZER,
  US_BANK_NUMBER_RECOGNIZER,
  US_PASSPORT_RECOGNIZER,
  US_DRIVER_LICENSE_RECOGNIZER,
  DATE_OF_BIRTH_RECOGNIZER,
  POSTCODE_RECOGNIZER,
];

/** Entities of the regex recognizers above; a test keeps it in step with the list. */
export const PATTERN_ENTITIES = [
  'EMAIL',
  'PHONE',
  'CREDIT_CARD',
  'IBAN',
  'US_SSN',
  'IP_ADDRESS',
  'URL',
  'CRYPTO',
  'UK_NHS',
  'UK_NINO',
  'US_BANK_NUMBER',
  'US_PASSPORT',
  'US_DRIVER_LICENSE',
  'DATE_OF_BIRTH',
  'POSTCODE',
] as const;

/** Entities found by code over words and the gazetteers (name-recognizers.ts), not by regexes. */
export const GAZETTEER_ENTITIES = ['PERSON', 'LOCATION', 'ADDRESS', 'ORGANIZATION'] as const;

/** Every built-in entity (the default `entities` param). */
export const PII_ENTITIES = [...PATTERN_ENTITIES, ...GAZETTEER_ENTITIES] as const;

export type PiiEntity = (typeof PII_ENTITIES)[number];
