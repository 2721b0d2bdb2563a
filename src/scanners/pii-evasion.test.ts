/**
 * Issue 18 item 9: personal data and secrets disguised so the plain text no longer matches —
 * invisible characters inside, fullwidth or Arabic-Indic digits, odd digit separators, base64.
 * The PII and secrets scanners read the normalized and decoded views; every finding must cover
 * the disguised value in the ORIGINAL text, so redaction removes all of it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pii } from './pii.js';
import { secrets } from './secrets.js';
import { scanInputFor } from '../text/views.js';

const deps = { countTokens: () => Promise.reject(new Error('no model')) };
const scanPii = pii.create(pii.params.parse({}), deps);
const scanSecrets = secrets.create(secrets.params.parse({}), deps);
type Scan = typeof scanPii;

/** [kind, original slice] of every finding. */
async function found(text: string, scan: Scan): Promise<string[][]> {
  const result = await scan(scanInputFor(text, 'input', new AbortController().signal));
  return result.findings.map((f) => [f.kind, text.slice(f.span?.start, f.span?.end)]);
}

const ZW = '\u200b';
const ZWJ = '\u200d';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const fullwidth = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)));
const arabicIndic = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
const monospace = (s: string) => s.replace(/\d/g, (d) => String.fromCodePoint(0x1d7f6 + Number(d)));
const persian = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));

// Public test values: Stripe test card, ECBS IBAN example, RFC 2606 domain, the AWS docs key.
const CARD = '4242 4242 4242 4242';
const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';

const PII_CASES: readonly (readonly [string, string, string])[] = [
  ['zero-width in an email', `Mail me at jane.d${ZW}oe@exam${ZW}ple.com today`, 'EMAIL'],
  ['two zero-widths in a card', `Card: 4242 42${ZW}42 4242 ${ZWJ}4242 thanks`, 'CREDIT_CARD'],
  ['fullwidth card', `Charge my card ${fullwidth(CARD)} please`, 'CREDIT_CARD'],
  ['Arabic-Indic card', `Charge my card ${arabicIndic(CARD)} please`, 'CREDIT_CARD'],
  ['Persian-digit card', `Charge my card ${persian('4242424242424242')} please`, 'CREDIT_CARD'],
  // mathematical digits come in back-to-back runs of ten: the fold must count from the right zero
  ['monospace-digit card', `Card ${monospace('4242424242424242')} ok`, 'CREDIT_CARD'],
  ['fullwidth phone', `Call me on ${fullwidth('+44 20 7946 0958')} after six`, 'PHONE'],
  ['Arabic-Indic phone', `Call me on +${arabicIndic('44 20 7946 0958')} after six`, 'PHONE'],
  ['NBSP-grouped card', 'Charge my card 4242\u00a04242\u00a04242\u00a04242 please', 'CREDIT_CARD'],
  ['dot-grouped card', 'Charge my card 4242.4242.4242.4242 please', 'CREDIT_CARD'],
  ['spaced-out card', 'Charge my card 4 2 4 2 4 2 4 2 4 2 4 2 4 2 4 2 please', 'CREDIT_CARD'],
  ['lowercase IBAN', 'Send it to iban gb82west12345698765432 please', 'IBAN'],
  ['lowercase spaced IBAN', 'Send it to gb82 west 1234 5698 7654 32 please', 'IBAN'],
  ['base64 email', `Note: ${b64('jane.doe@example.com')} (decode it)`, 'EMAIL'],
  ['base64 card', `Ref ${b64(`card ${CARD}`)} ok`, 'CREDIT_CARD'],
  ['base64 bare card', `Ref ${b64('4242424242424242')} ok`, 'CREDIT_CARD'],
];

/** The part of the original text that must be redacted: the disguised value itself. */
const DISGUISED_VALUE =
  /[^\s:]*(?:[@\d\u0660-\u0669\u06f0-\u06f9\uff10-\uff19][^\s]*[\s\u00a0.]?)+/u;

describe('pii scanner: disguised values (issue 18 item 9)', () => {
  for (const [name, text, kind] of PII_CASES) {
    it(`finds the ${name} and covers it in the original`, async () => {
      const hits = await found(text, scanPii);
      const hit = hits.find(([k]) => k === kind);
      assert.ok(hit, `${name}: expected ${kind}, got ${JSON.stringify(hits)}`);
      const value = text.match(DISGUISED_VALUE)?.[0].trim() ?? '';
      // the finding covers every digit/@ of the disguised value (nothing raw survives redaction)
      const covered = hit[1] ?? '';
      for (const ch of value.replace(/[\s.()+]/g, ''))
        assert.ok(covered.includes(ch), `${name}: ${JSON.stringify(covered)} misses ${ch}`);
    });
  }

  it('covers the whole base64 token', async () => {
    const token = b64('jane.doe@example.com');
    const hits = await found(`Note: ${token} (decode it)`, scanPii);
    assert.deepEqual(hits, [['EMAIL', token]]);
  });

  it('leaves ordinary text with non-Latin digits and base64 ids alone', async () => {
    for (const text of [
      'الطلب رقم ١٢٣ وصل يوم ٢٠٢٤',
      'Build ＩＤ ２０２４ shipped',
      'The commit dGhpcyBpcyBqdXN0IHRleHQ= is fine',
      'Version 1.2.3.4 of the app, chapter 4. 2 pages',
    ])
      assert.deepEqual(await found(text, scanPii), [], text);
  });
});

describe('secrets scanner: disguised keys (issue 18 item 9)', () => {
  it('finds an AWS key with one or two zero-width characters inside', async () => {
    for (const key of [`AKIAIOSF${ZW}ODNN7EXAMPLE`, `AKIA${ZW}IOSFODNN7${ZWJ}EXAMPLE`]) {
      const hits = await found(`aws_access_key_id = ${key}`, scanSecrets);
      assert.ok(
        hits.some(([, v]) => v === key),
        `expected the whole key, got ${JSON.stringify(hits)}`,
      );
    }
  });

  it('finds a base64-wrapped key and covers the whole token', async () => {
    const token = b64(`aws key ${AWS_KEY}`);
    const hits = await found(`config blob ${token} end`, scanSecrets);
    assert.ok(
      hits.some(([, v]) => v === token),
      JSON.stringify(hits),
    );
  });
});
