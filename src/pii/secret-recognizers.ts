/**
 * Built-in secret recognizers, as data: vendor key formats with fixed prefixes score high on
 * their own; shapeless secrets (AWS secret keys, generic tokens) need a context word and a
 * random-looking value. Connection strings report only the password (see docs/scanners.md).
 */
import type { Recognizer } from './types.js';
import { checkHighEntropy, checkJwt } from './validators.js';

const SCHEMES =
  'postgres|postgresql|mysql|mariadb|mongodb|mongodb\\+srv|redis|rediss|amqp|amqps|mssql|sqlserver|ftp|sftp|smtp|ldap|ldaps';
const SECRET_WORDS = ['key', 'token', 'secret', 'password', 'passwd', 'pwd', 'apikey', 'auth'];

const fixed = (entity: string, name: string, regex: RegExp, score = 0.95): Recognizer => ({
  entity,
  patterns: [{ name, regex, score }],
  context: [],
});

/** A password that is a single dictionary-looking word ("reset", "required") is not reported. */
const notAWord = (m: string) => (/^[A-Za-z]+$/.test(m) || /^\*+$/.test(m) ? 'invalid' : 'unknown');

/**
 * What a password or code is for, between the word and "is": "the PIN for the door is 4821", "my
 * password for gmail was hunter2", "the code to the safe: 1234" (one or two words after
 * for / to / of / on, an optional determiner). Optional parts are written as "or nothing" (`|)`),
 * not `?`: a quantified group holding quantifiers fails the nested-quantifier check.
 */
const WHAT_FOR =
  "(?: (?:for|to|of|on) (?:(?:the|my|our|your|his|her|their|this|that) |)[\\p{L}'-]{2,24}(?: [\\p{L}'-]{2,24}|))";

/** A spoken code carries a digit ("the code is broken" is not one) and is not a year or a price. */
const hasDigit = (m: string) =>
  /\d/.test(m) && !/^(?:19|20)\d\d$/.test(m) && !/^\d{1,3}$/.test(m) ? 'unknown' : 'invalid';

export const SECRET_RECOGNIZERS: readonly Recognizer[] = [
  fixed('AWS_ACCESS_KEY_ID', 'aws-key-id', /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/, 0.9),
  {
    entity: 'AWS_SECRET_ACCESS_KEY',
    patterns: [
      {
        name: 'aws-secret',
        regex: /(?<![A-Za-z0-9/+])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/,
        score: 0.6,
      },
    ],
    context: ['aws', 'secret access key', 'aws secret', 'secret'],
    contextRequired: true,
    validate: checkHighEntropy,
    validatorName: 'entropy',
  },
  fixed('GCP_API_KEY', 'gcp-api-key', /\bAIza[0-9A-Za-z_-]{35}(?![\w-])/),
  fixed(
    'GCP_SERVICE_ACCOUNT_KEY',
    'gcp-private-key-json',
    /"private_key"\s{0,10}:\s{0,10}"-----BEGIN PRIVATE KEY-----[^"]{1,10000}"/,
    1,
  ),
  {
    entity: 'AZURE_STORAGE_KEY',
    patterns: [
      {
        name: 'azure-account-key',
        regex: /\bAccountKey=([A-Za-z0-9+/]{40,100}={0,2})/,
        score: 0.95,
        group: 1,
      },
      {
        name: 'azure-shared-access-key',
        regex: /\bSharedAccessKey=([A-Za-z0-9+/]{40,100}={0,2})/,
        score: 0.95,
        group: 1,
      },
      {
        name: 'azure-sas-signature',
        regex: /[?&]sig=([A-Za-z0-9%+/]{40,120}={0,2})/,
        score: 0.9,
        group: 1,
      },
    ],
    context: [],
  },
  {
    entity: 'GITHUB_TOKEN',
    patterns: [
      { name: 'github-classic', regex: /\b(?:ghp|gho|ghs|ghu|ghr)_[A-Za-z0-9]{36}\b/, score: 0.95 },
      { name: 'github-fine-grained', regex: /\bgithub_pat_[A-Za-z0-9_]{82}\b/, score: 0.95 },
    ],
    context: [],
  },
  fixed('GITLAB_TOKEN', 'gitlab-pat', /\bglpat-[A-Za-z0-9_-]{20,50}(?![\w-])/),
  {
    entity: 'SLACK_TOKEN',
    patterns: [
      { name: 'slack-token', regex: /\bxox[abposr]-[A-Za-z0-9-]{10,250}(?![\w-])/, score: 0.9 },
      {
        name: 'slack-webhook',
        regex:
          /\bhttps:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24}\b/,
        score: 0.95,
      },
    ],
    context: [],
  },
  fixed('STRIPE_SECRET_KEY', 'stripe-live', /\b(?:sk|rk)_live_[A-Za-z0-9]{24,99}\b/),
  {
    entity: 'OPENAI_API_KEY',
    patterns: [
      {
        name: 'openai-key',
        regex: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}(?![\w-])/,
        score: 0.9,
      },
    ],
    context: [],
    // "sk-learn-is-a-python-library" has the shape; a real key is random
    validate: checkHighEntropy,
    validatorName: 'entropy',
  },
  fixed(
    'ANTHROPIC_API_KEY',
    'anthropic-key',
    /\bsk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,120}(?![\w-])/,
  ),
  {
    entity: 'TWILIO_KEY',
    patterns: [
      { name: 'twilio-api-key-sid', regex: /\bSK[0-9a-f]{32}\b/, score: 0.7 },
      { name: 'twilio-account-sid', regex: /\bAC[0-9a-f]{32}\b/, score: 0.6 },
    ],
    context: ['twilio', 'sid', 'account sid'],
  },
  fixed('SENDGRID_API_KEY', 'sendgrid-key', /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}(?![\w-])/),
  {
    entity: 'JWT',
    patterns: [
      {
        name: 'jwt',
        regex: /\beyJ[A-Za-z0-9_-]{5,4000}\.[A-Za-z0-9_-]{5,8000}\.[A-Za-z0-9_-]{0,2000}(?![\w-])/,
        score: 0.5,
      },
    ],
    context: [],
    validate: checkJwt,
    validatorName: 'jwt-header',
  },
  {
    entity: 'PRIVATE_KEY',
    patterns: [
      {
        name: 'pem-block',
        regex:
          /-----BEGIN[A-Z ]{0,40}PRIVATE KEY(?: BLOCK)?-----[\s\S]{1,20000}?-----END[A-Z ]{0,40}PRIVATE KEY(?: BLOCK)?-----/,
        score: 1,
      },
      // a pasted key cut before its END line is still a key
      {
        name: 'pem-truncated',
        regex: /-----BEGIN[A-Z ]{0,40}PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=\s\\]{0,20000}/,
        score: 0.9,
      },
    ],
    context: [],
  },
  {
    entity: 'CONNECTION_STRING_PASSWORD',
    patterns: [
      {
        name: 'url-userinfo',
        regex: new RegExp(`\\b(?:${SCHEMES})://[^\\s:@/]{0,256}:([^\\s@/]{1,256})@`, 'i'),
        score: 0.95,
        group: 1,
      },
    ],
    context: [],
  },
  {
    entity: 'PASSWORD',
    patterns: [
      {
        name: 'password-assignment',
        regex: /\b(?:password|passwd|pwd)\s{0,3}[=:]\s{0,3}["']?([^\s"';,]{4,128})/i,
        score: 0.8,
        group: 1,
      },
      // said in a sentence: "my password is hunter2" (the value only; a trailing full stop ends it)
      {
        name: 'password-sentence',
        regex: new RegExp(
          `\\b(?:password|passwd|passcode|passphrase)(?:${WHAT_FOR}|)\\s{1,3}(?:is|was|will be)\\s{1,3}["']?([^\\s"';,]{3,127}[^\\s"';,.!?)])`,
          'iu',
        ),
        score: 0.8,
        group: 1,
      },
    ],
    context: [],
    validate: notAWord,
    validatorName: 'not-a-word',
  },
  {
    entity: 'ACCESS_CODE',
    patterns: [
      {
        // "pin: 4821", "the code is 55AB12", "verification code 839201", "the PIN for the door
        // is 4821" (what it is for needs an "is" or a colon after it); not "error code 404"
        name: 'code-sentence',
        regex: new RegExp(
          `(?<!\\berror |\\bstatus |\\bzip |\\bpostal |\\barea |\\bcountry |\\bhttp |\\bexit |\\breturn |\\bresponse |\\bsource |\\bpromo |\\bdiscount |\\bcoupon |\\bdress |\\bmorse |\\btax |\\bproduct |\\bitem |\\bsort )\\b(?:pin|pin code|pin number|passcode|code|otp|one-time code|security code|access code)(?:(?:${WHAT_FOR}|)(?: is | was | ?[:=] ?)| )["']?([A-Za-z0-9-]{3,15}[A-Za-z0-9])(?![\\w.-])`,
          'iu',
        ),
        score: 0.8,
        group: 1,
      },
    ],
    context: [],
    validate: hasDigit,
    validatorName: 'has-digit',
  },
  {
    entity: 'GENERIC_SECRET',
    patterns: [
      {
        name: 'high-entropy-token',
        regex:
          /(?<![A-Za-z0-9+/_.=-])[A-Za-z0-9+/_-]{20,512}={0,2}(?![A-Za-z0-9+/_=-]|\.[A-Za-z0-9])/,
        score: 0.5,
      },
    ],
    context: [...SECRET_WORDS, 'bearer', 'credential', 'access key', 'private'],
    contextRequired: true,
    validate: checkHighEntropy,
    validatorName: 'entropy',
  },
];

/** Every built-in secret kind (the default `kinds` param); a test keeps it in step with the list. */
export const SECRET_KINDS = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'GCP_API_KEY',
  'GCP_SERVICE_ACCOUNT_KEY',
  'AZURE_STORAGE_KEY',
  'GITHUB_TOKEN',
  'GITLAB_TOKEN',
  'SLACK_TOKEN',
  'STRIPE_SECRET_KEY',
  'OPENAI_API_KEY',
  'ANTHROPIC_API_KEY',
  'TWILIO_KEY',
  'SENDGRID_API_KEY',
  'JWT',
  'PRIVATE_KEY',
  'CONNECTION_STRING_PASSWORD',
  'PASSWORD',
  'ACCESS_CODE',
  'GENERIC_SECRET',
] as const;
