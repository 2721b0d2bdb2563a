/**
 * The built-in PII recognizers, as data. Base scores are weak on purpose: a validator confirms
 * (score 1) or discards a match, and a context word nearby adds 0.35 (cf. Presidio). Every
 * pattern passes safe-regex2 (no nested quantifiers), so matching stays linear in the text.
 */
import { checkCreditCard, checkIban, checkUkNhs, checkUkNino, checkUsSsn } from './checksums.js';
import { POSTCODE_RECOGNIZER } from './postcode-recognizer.js';
import type { Recognizer } from './types.js';
import {
  checkBirthDate,
  checkBtcAddress,
  checkEmail,
  checkIp,
  checkPhone,
  checkUrl,
} from './validators.js';

const A4 = '[A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9]';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}';

export const PII_RECOGNIZERS: readonly Recognizer[] = [
  {
    entity: 'EMAIL',
    patterns: [
      {
        name: 'email',
        regex:
          /(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}\.[A-Za-z0-9.-]{0,190}[A-Za-z](?![\w-])/,
        score: 0.5,
      },
    ],
    context: ['email', 'e mail', 'mail', 'contact'],
    validate: checkEmail,
    validatorName: 'email-format',
  },
  {
    entity: 'PHONE',
    patterns: [
      {
        name: 'phone-international',
        regex: /(?<![\w+])\+\d{1,3}[\d ().-]{5,20}\d(?!\d)/,
        score: 0.5,
        shrinkToValid: true,
      },
      {
        name: 'phone-extension',
        regex:
          /(?<![\w+.()-]|\+\d |\+\d\d |\+\d\d\d )\(?\d[\d ().-]{5,20}\d ?(?:x|ext\.?) ?\d{1,5}(?!\d)/,
        score: 0.4,
      },
      {
        name: 'phone-national',
        regex: /(?<![\w+.():-]|\+\d |\+\d\d |\+\d\d\d )\(?\d[\d ().-]{5,20}\d(?!\d|[.-]\d|:\w)/,
        score: 0.3,
        shrinkToValid: true,
        retryAt: /\s+(?=\()/,
      },
    ],
    context: [
      'phone',
      'mobile',
      'cell',
      'call',
      'tel',
      'telephone',
      'fax',
      'office',
      'desk',
      'landline',
      'whatsapp',
      'sms',
      'text me',
      'reach me',
      'home',
      'work',
      // national layouts are mostly written by people who name the number in their language
      'téléphone',
      'telephone',
      'portable',
      'móvil',
      'movil',
      'teléfono',
      'telefono',
      'llámame',
      'telefon',
      'handy',
      'telefoon',
      'cellulare',
    ],
    validate: checkPhone,
    validatorName: 'libphonenumber',
  },
  {
    entity: 'CREDIT_CARD',
    patterns: [
      {
        name: 'card-grouped',
        regex: /(?<![\w-])\d{4}[ -]?\d{4}[ -]?\d{4}[ -]?\d{1,7}(?![\w-])/,
        score: 0.3,
        retryAt: /[ -]/,
      },
      {
        name: 'card-amex',
        regex: /(?<![\w-])\d{4}[ -]?\d{6}[ -]?\d{4,5}(?![\w-])/,
        score: 0.3,
        retryAt: /[ -]/,
      },
      { name: 'card-short', regex: /(?<![\w-])\d{12}(?![\w-])/, score: 0.2 },
    ],
    context: [
      'card',
      'credit',
      'debit',
      'cc',
      'visa',
      'mastercard',
      'amex',
      'american express',
      'discover',
      'maestro',
      'jcb',
      'payment',
      'pan',
      'cvv',
      'expires',
      'expiry',
    ],
    validate: checkCreditCard,
    validatorName: 'luhn+issuer',
  },
  {
    entity: 'IBAN',
    patterns: [
      { name: 'iban-compact', regex: /\b[A-Z]{2}\d{2}[A-Z0-9]{11,30}\b/, score: 0.5 },
      {
        name: 'iban-spaced',
        regex: new RegExp(`\\b[A-Z]{2}\\d{2}(?: ${A4}){2,7} [A-Z0-9]{1,4}\\b`),
        score: 0.5,
      },
      {
        name: 'iban-spaced-even',
        regex: new RegExp(`\\b[A-Z]{2}\\d{2}(?: ${A4}){3,8}\\b`),
        score: 0.5,
      },
      // lower case or odd spacing ("de89 37040044 0532 013000"): mod-97 decides, cut at a space
      {
        name: 'iban-loose',
        regex: /\b[A-Za-z]{2}\d{2}[ ]?[A-Za-z0-9][A-Za-z0-9 ]{9,40}[A-Za-z0-9]\b/,
        score: 0.5,
        shrinkToValid: true,
      },
    ],
    context: ['iban', 'bank', 'transfer', 'wire', 'account', 'sepa'],
    validate: checkIban,
    validatorName: 'iban-mod97',
  },
  {
    entity: 'US_SSN',
    patterns: [
      { name: 'ssn-dashed', regex: /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/, score: 0.5 },
      { name: 'ssn-spaced', regex: /(?<![\d ])\d{3} \d{2} \d{4}(?![\d]| \d)/, score: 0.3 },
      { name: 'ssn-plain', regex: /(?<![\w-])\d{9}(?![\w-])/, score: 0.2 },
    ],
    context: ['ssn', 'social security', 'social', 'ss', 'ssa', 'taxpayer'],
    validate: checkUsSsn,
    validatorName: 'ssn-ranges',
  },
  {
    entity: 'IP_ADDRESS',
    patterns: [
      {
        name: 'ipv4',
        // "version 1.2.3.4", "ver. 1.2.3.4", "build 10.0.1.1" are versions, not addresses ("v1.2.3.4"
        // is one already: a letter before the digits ends the match)
        regex:
          /(?<![\w.])(?<!ersion |\bver |\bVer |\bver\. |\bVer\. |elease |\bbuild |\bBuild |irmware )\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}(?![\w]|\.\d)/,
        score: 0.6,
      },
      {
        name: 'ipv6',
        regex: /(?<![\w:])(?=[0-9A-Fa-f]{0,4}:)[0-9A-Fa-f:]{2,39}(?![\w:])/,
        score: 0.6,
      },
    ],
    context: ['ip', 'ipv4', 'ipv6', 'address', 'server', 'host'],
    validate: checkIp,
    validatorName: 'node-net-isip',
  },
  {
    entity: 'URL',
    patterns: [
      {
        name: 'url-scheme',
        regex: /\b(?:https?|ftp):\/\/[^\s<>"'`]{1,2000}[^\s<>"'`.,;:!?)\]}]/i,
        score: 0.5,
      },
      { name: 'url-www', regex: /\bwww\.[^\s<>"'`]{1,2000}[^\s<>"'`.,;:!?)\]}]/i, score: 0.5 },
    ],
    context: ['url', 'website', 'site', 'link', 'page'],
    validate: checkUrl,
    validatorName: 'url-parse',
  },
  {
    entity: 'CRYPTO',
    patterns: [
      { name: 'btc-base58', regex: /\b[13][1-9A-HJ-NP-Za-km-z]{25,34}\b/, score: 0.5 },
      { name: 'btc-bech32', regex: /\bbc1[02-9ac-hj-np-z]{11,71}\b/i, score: 0.5 },
      // EIP-55 mixed-case checksums need keccak-256, which node:crypto lacks: format only
      { name: 'eth-address', regex: /\b0x[0-9a-fA-F]{40}\b/, score: 0.5 },
    ],
    context: ['bitcoin', 'btc', 'wallet', 'crypto', 'ethereum', 'eth', 'address', 'send'],
    validate: (m) => (m.startsWith('0x') ? 'unknown' : checkBtcAddress(m)),
    validatorName: 'base58check/bech32',
  },
  {
    entity: 'UK_NHS',
    patterns: [
      { name: 'nhs-number', regex: /(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d-])/, score: 0.3 },
    ],
    context: ['nhs', 'national health service', 'health service', 'patient', 'chi'],
    validate: checkUkNhs,
    validatorName: 'nhs-mod11',
  },
  {
    entity: 'UK_NINO',
    patterns: [
      {
        name: 'nino',
        regex: /\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b/,
        score: 0.5,
      },
    ],
    context: ['national insurance', 'nino', 'ni', 'insurance number'],
    validate: checkUkNino,
    validatorName: 'nino-prefix',
  },
  {
    entity: 'US_BANK_NUMBER',
    patterns: [{ name: 'bank-account', regex: /(?<![\w-])\d{8,17}(?![\w-])/, score: 0.2 }],
    context: ['bank account', 'account', 'acct', 'checking', 'savings', 'bank'],
    contextRequired: true,
  },
  {
    entity: 'US_PASSPORT',
    patterns: [{ name: 'passport', regex: /(?<![\w-])(?:[A-Z]\d{8}|\d{9})(?![\w-])/, score: 0.2 }],
    context: ['passport', 'travel document'],
    contextRequired: true,
  },
  {
    entity: 'US_DRIVER_LICENSE',
    patterns: [
      { name: 'dl-alphanumeric', regex: /(?<![\w-])[A-Z]{1,2}\d{4,14}(?![\w-])/, score: 0.2 },
      { name: 'dl-numeric', regex: /(?<![\w-])\d{6,12}(?![\w-])/, score: 0.2 },
    ],
    context: [
      'driver',
      'driving',
      'dl',
      'drivers license',
      'driver license',
      'licence number',
      'license number',
    ],
    contextRequired: true,
  },
  {
    entity: 'DATE_OF_BIRTH',
    patterns: [
      {
        name: 'dob-numeric',
        regex: /(?<![\d/.-])\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}(?![\d/-]|\.\d)/,
        score: 0.3,
      },
      { name: 'dob-iso', regex: /(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])/, score: 0.3 },
      {
        name: 'dob-day-month',
        regex: new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)? (?:of )?${MONTH}\\.?,? \\d{4}\\b`, 'i'),
        score: 0.3,
      },
      {
        name: 'dob-month-day',
        regex: new RegExp(`\\b${MONTH}\\.? \\d{1,2}(?:st|nd|rd|th)?,? \\d{4}\\b`, 'i'),
        score: 0.3,
      },
    ],
    context: ['born', 'dob', 'd o b', 'date of birth', 'birth date', 'birthdate', 'birthday'],
    contextRequired: true,
    validate: checkBirthDate,
    validatorName: 'calendar-date',
  },
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
