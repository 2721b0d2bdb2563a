import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findPlaceholders } from './placeholder-match.js';
import { Vault } from './vault.js';

function vaultWith(...pairs: readonly (readonly [string, string])[]): Vault {
  const vault = new Vault();
  for (const [kind, value] of pairs) vault.placeholderFor(kind, value, true);
  return vault;
}

describe('fuzzy placeholder restore', () => {
  const vault = vaultWith(
    ['EMAIL', 'ana@example.com'],
    ['CREDIT_CARD', '4111 1111 1111 1111'],
    ['PERSON', 'Ana Lima'],
  );

  const RESTORED: readonly (readonly [string, string])[] = [
    ['Write to [EMAIL_1].', 'Write to ana@example.com.'],
    ['Write to EMAIL_1.', 'Write to ana@example.com.'],
    ['Write to [email_1].', 'Write to ana@example.com.'],
    ['Write to email_1 now', 'Write to ana@example.com now'],
    ['Write to [ EMAIL_1 ] now', 'Write to ana@example.com now'],
    ['Write to EMAIL 1 now', 'Write to ana@example.com now'],
    ['Write to [Email 1] now', 'Write to ana@example.com now'],
    ['Write to <EMAIL_1> now', 'Write to ana@example.com now'],
    ['Write to {EMAIL-1} now', 'Write to ana@example.com now'],
    ['Write to [EMAIL_1 now', 'Write to ana@example.com now'],
    ['Write to EMAIL_1] now', 'Write to ana@example.com now'],
    ['Write to EMAIL_01 now', 'Write to ana@example.com now'],
    ['Charged [Credit Card 1] today', 'Charged 4111 1111 1111 1111 today'],
    ['Charged credit_card_1 today', 'Charged 4111 1111 1111 1111 today'],
    ['Charged CREDIT-CARD-1 today', 'Charged 4111 1111 1111 1111 today'],
    ['Hi [person_1], PERSON_1 and Person_1!', 'Hi Ana Lima, Ana Lima and Ana Lima!'],
    ['Write to (EMAIL_1) now', 'Write to (ana@example.com) now'],
    ['Write to <EMAIL_1 now', 'Write to <ana@example.com now'],
  ];
  for (const [reply, expected] of RESTORED) {
    it(`when the model writes ${JSON.stringify(reply)}, then the value is restored`, () => {
      assert.equal(vault.restore(reply), expected);
    });
  }

  const KEPT = [
    'Send one email 1 more time, please.', // prose: lower case, no underscore, no brackets
    'Call phone 2 or PHONE_1.', // PHONE was never redacted in this request
    'See [EMAIL_2] and [EMAIL_10].', // numbers this request never created
    'EMAIL_1x and XEMAIL_1 and EMAIL_12', // not a whole placeholder
    'person 1 said hello', // prose
  ];
  for (const reply of KEPT) {
    it(`when the model writes ${JSON.stringify(reply)}, then the text is left alone`, () => {
      assert.equal(vault.restore(reply), reply);
    });
  }

  it('when a placeholder was created for the output only, then no rephrasing of it is restored', () => {
    const v = new Vault();
    v.placeholderFor('EMAIL', 'model@example.com', false);
    assert.equal(v.restore('[EMAIL_1] or email 1 or EMAIL 1'), '[EMAIL_1] or email 1 or EMAIL 1');
  });

  it('when hits are found, then their spans cover exactly the placeholder text', () => {
    const text = 'a [ EMAIL 1 ] b <email_1> c';
    const hits = findPlaceholders(text, ['EMAIL']);
    assert.deepEqual(
      hits.map((h) => text.slice(h.start, h.end)),
      ['[ EMAIL 1 ]', '<email_1>'],
    );
    assert.ok(hits.every((h) => h.placeholder === '[EMAIL_1]'));
  });
});
