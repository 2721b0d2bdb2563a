/** PII recognizers for ways to reach a person: e-mail, phone, IP address, URL. */
import type { Recognizer } from './types.js';
import { checkEmail, checkIp, checkPhone, checkUrl } from './validators.js';

export const EMAIL_RECOGNIZER: Recognizer = {
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
};

export const PHONE_RECOGNIZER: Recognizer = {
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
};

export const IP_ADDRESS_RECOGNIZER: Recognizer = {
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
};

export const URL_RECOGNIZER: Recognizer = {
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
};
