/** PII recognizers for money: card numbers, IBANs, crypto wallets, US bank accounts. */
import { checkCreditCard, checkIban } from './checksums.js';
import type { Recognizer } from './types.js';
import { checkBtcAddress } from './validators.js';

const A4 = '[A-Z0-9][A-Z0-9][A-Z0-9][A-Z0-9]';

export const CREDIT_CARD_RECOGNIZER: Recognizer = {
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
};

export const IBAN_RECOGNIZER: Recognizer = {
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
};

export const CRYPTO_RECOGNIZER: Recognizer = {
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
};

export const US_BANK_NUMBER_RECOGNIZER: Recognizer = {
  entity: 'US_BANK_NUMBER',
  patterns: [{ name: 'bank-account', regex: /(?<![\w-])\d{8,17}(?![\w-])/, score: 0.2 }],
  context: ['bank account', 'account', 'acct', 'checking', 'savings', 'bank'],
  contextRequired: true,
};
