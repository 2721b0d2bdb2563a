/** PII recognizers for identity documents and numbers (US, UK) and dates of birth. */
import { checkUkNhs, checkUkNino, checkUsSsn } from './checksums.js';
import type { Recognizer } from './types.js';
import { checkBirthDate } from './validators.js';

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}';

export const US_SSN_RECOGNIZER: Recognizer = {
  entity: 'US_SSN',
  patterns: [
    { name: 'ssn-dashed', regex: /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/, score: 0.5 },
    { name: 'ssn-spaced', regex: /(?<![\d ])\d{3} \d{2} \d{4}(?![\d]| \d)/, score: 0.3 },
    { name: 'ssn-plain', regex: /(?<![\w-])\d{9}(?![\w-])/, score: 0.2 },
  ],
  context: ['ssn', 'social security', 'social', 'ss', 'ssa', 'taxpayer'],
  validate: checkUsSsn,
  validatorName: 'ssn-ranges',
};

export const UK_NHS_RECOGNIZER: Recognizer = {
  entity: 'UK_NHS',
  patterns: [
    { name: 'nhs-number', regex: /(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\d-])/, score: 0.3 },
  ],
  context: ['nhs', 'national health service', 'health service', 'patient', 'chi'],
  validate: checkUkNhs,
  validatorName: 'nhs-mod11',
};

export const UK_NINO_RECOGNIZER: Recognizer = {
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
};

export const US_PASSPORT_RECOGNIZER: Recognizer = {
  entity: 'US_PASSPORT',
  patterns: [{ name: 'passport', regex: /(?<![\w-])(?:[A-Z]\d{8}|\d{9})(?![\w-])/, score: 0.2 }],
  context: ['passport', 'travel document'],
  contextRequired: true,
};

export const US_DRIVER_LICENSE_RECOGNIZER: Recognizer = {
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
};

export const DATE_OF_BIRTH_RECOGNIZER: Recognizer = {
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
};
