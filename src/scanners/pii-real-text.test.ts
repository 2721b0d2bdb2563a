/**
 * The pii scanner (default params: every entity) on real-looking text: names that are also
 * words ("Will", "Rose", "Hope", "May") in both roles, rare names, numbers that look like cards
 * but fail Luhn, and lists. Each case states what must be redacted, exactly.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pii } from './pii.js';
import { scanInputFor } from '../text/views.js';

const scan = pii.create(pii.params.parse({}), { countTokens: () => Promise.resolve(0) });
const signal = new AbortController().signal;

async function found(text: string): Promise<string[]> {
  const { findings } = await scan(scanInputFor(text, 'input', signal));
  return findings.map((f) => `${f.kind}:${f.span ? text.slice(f.span.start, f.span.end) : ''}`);
}

const CASES: readonly (readonly [string, readonly string[]])[] = [
  // words that are also names, as words: nothing
  ['Will you send the invoice again, please?', []],
  ['I hope the parcel arrives before Friday.', []],
  ['Hope this helps, the rose bush needs water.', []],
  ['We will see. Prices rose by 4% in May.', []],
  ['Grace period ends soon; mark my words.', []],
  // the same words as names: a title, a surname, a name phrase or a list says so
  ['Please ask Dr. Rose about my results.', ['PERSON:Rose']],
  ['Will Turner called about the order.', ['PERSON:Will Turner']],
  ['My name is Hope, I placed the order.', ['PERSON:Hope']],
  ['Thanks, Mrs. May, for the quick reply.', ['PERSON:May']],
  ['The founders are Kónya, Becker and White.', ['PERSON:Kónya', 'PERSON:Becker', 'PERSON:White']],
  // rare names the lists do not hold, in full-name position or after a naming phrase
  ['Contact Oyelaran Adebayo-Okafor about the refund.', ['PERSON:Oyelaran Adebayo-Okafor']],
  ['my name is xiomara, where is my parcel?', ['PERSON:xiomara']],
  // card-like numbers: a Luhn-valid card is found, the ones failing Luhn are not cards
  ['Charge 4111 1111 1111 1111 for the upgrade.', ['CREDIT_CARD:4111 1111 1111 1111']],
  ['Order 4111 1111 1111 1112 shipped yesterday.', []],
  ['Tracking 1234 5678 9012 3456 is delayed.', []],
  ['Invoice 5500-0000-0000-0005 was paid.', []],
  // organizations only where a company word ends the name
  ['I used to work for Usaa Group as a clerk.', ['ORGANIZATION:Usaa Group']],
  [
    'The Vanguard Group and Hdscores Inc. merged.',
    ['ORGANIZATION:The Vanguard Group', 'ORGANIZATION:Hdscores Inc.'],
  ],
  ['Our group meets on Mondays.', []],
  // run-together numbers: the phone and the card are each found whole
  [
    'Call +44 20 7946 0958 or pay with 4111 1111 1111 1111',
    ['PHONE:+44 20 7946 0958', 'CREDIT_CARD:4111 1111 1111 1111'],
  ],
  // a full stop between two numbers ends the first (found by the redaction property test)
  [
    'Call (415) 555-0132. (415) 555-0199 is the fax.',
    ['PHONE:(415) 555-0132', 'PHONE:(415) 555-0199'],
  ],
  ['(415) 555-0132 .  (415) 555-0132', ['PHONE:(415) 555-0132', 'PHONE:(415) 555-0132']],
  // an address grown over a name keeps its street core when the name wins (found by test:fuzz)
  [
    '221B Baker Street Dr. Smith \n 2001:db8::1',
    ['ADDRESS:221B Baker Street Dr.', 'PERSON:Smith', 'IP_ADDRESS:2001:db8::1'],
  ],
];

// Known misses with the name tagger on (the default since issue 17), kept as the expectation
const KNOWN_MISSES: Readonly<Record<string, string>> = {
  'Contact Oyelaran Adebayo-Okafor about the refund.':
    'ner-v1 leans to a name here by only 3 units on average (words without a GloVe cluster), and a person rule of score 0.5 the tagger does not tag needs 25 (combine.ts; veto 0 keeps it but lets wnut17 PERSON F1 fall to 0.546)',
};

describe('pii on real-looking text', () => {
  for (const [text, expected] of CASES) {
    const todo = KNOWN_MISSES[text];
    it(
      `when the text is ${JSON.stringify(text)}, then exactly ${JSON.stringify(expected)} is found`,
      todo === undefined ? {} : { todo },
      async () => {
        assert.deepEqual(await found(text), expected);
      },
    );
  }
});
