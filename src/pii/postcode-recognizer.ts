/**
 * POSTCODE: UK, US, Canadian, Dutch and German postcodes on their own ("zip 90210", "postcode
 * SW1A 1AA"). Inside a street address the ADDRESS recognizer already takes them into its span;
 * this one is for a postcode asked or given alone. Every layout collides with ordinary tokens
 * (five digits are a price or a count, "1234 AB" a year and a word), so a context word is
 * required; the UK and Canadian layouts are distinctive enough to score higher with it.
 */
import type { Recognizer } from './types.js';

export const POSTCODE_RECOGNIZER: Recognizer = {
  entity: 'POSTCODE',
  patterns: [
    {
      name: 'postcode-uk',
      regex: /\b(?:[A-Z]{1,2}\d[A-Z\d]?|GIR) ?\d[ABD-HJLNP-UW-Z]{2}\b/i,
      score: 0.5,
    },
    { name: 'postcode-ca', regex: /\b[A-Z]\d[A-Z] ?\d[A-Z]\d\b/i, score: 0.5 },
    { name: 'postcode-nl', regex: /\b[1-9]\d{3} ?[A-Z]{2}\b(?![\w-])/, score: 0.3 },
    // US ZIP (+4) and German PLZ share five digits
    {
      name: 'postcode-5-digit',
      regex: /(?<![\w.,$€£-])\d{5}(?:-\d\d\d\d)?(?![\w.,-]\d|\w)/,
      score: 0.3,
    },
  ],
  context: [
    'postcode',
    'post code',
    'postal code',
    'postal',
    'zip',
    'zip code',
    'zipcode',
    'plz',
    'postleitzahl',
    'postcode is',
    'code postal',
    'código postal',
  ],
  contextRequired: true,
};
