/**
 * Properties of the pii scanner and redaction, checked with fast-check on generated text:
 * spans are always valid (inside the text, non-empty, disjoint after resolution, never splitting
 * a surrogate pair), redaction is idempotent (redacting redacted text changes nothing), and no
 * input crashes it. A failure prints the seed and the shrunk text that reproduces it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { propertyRuns } from '../../tests/helpers/property.js';
import { redact, resolveOverlaps } from '../redaction/redact.js';
import type { ScanFn } from '../contract/types.js';
import { Vault } from '../redaction/vault.js';
import { pii } from '../scanners/pii.js';
import { scanInputFor } from '../text/views.js';

const deps = { countTokens: () => Promise.resolve(0) };
const scan: ScanFn = pii.create(pii.params.parse({ name_tagger: false }), deps);
// the name tagger reads a word's neighbours, so a redacted neighbour is its hardest case
const tagged: ScanFn = pii.create(pii.params.parse({ name_tagger: true }), deps);
const signal = new AbortController().signal;

/** Real-looking pieces (valid and invalid values, names, context words) mixed with noise. */
const PIECES = [
  'jane.doe@example.com',
  'Email me at',
  '4111 1111 1111 1111',
  '4111 1111 1111 1112',
  'card',
  '+44 20 7946 0958',
  '(415) 555-0132',
  'call',
  'GB82 WEST 1234 5698 7654 32',
  '536-90-4399',
  'SSN',
  '192.168.10.4',
  '2001:db8::1',
  'https://example.org/a?b=c',
  'Will',
  'Rose',
  'Hope',
  'Maria Garcia',
  'Dr. Smith',
  'lives in',
  'Paris',
  'New York',
  '221B Baker Street',
  // the name tagger reads neighbours and lower-case chat (src/pii/ner/tagged-names.ts)
  'i met',
  'john smith',
  'from london',
  'serving Southern',
  'Estonia',
  '@jane_doe',
  'Orchestra',
  'born on',
  '12/03/1988',
  '[EMAIL_1]',
  'EMAIL_2',
  '👩🏽‍💻',
  '\u200b',
  // disguised values (issue 18 item 9): the scanner reads them through its views
  'jane.d\u200boe@example.com',
  '\uff14\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11 \uff11\uff11\uff11\uff11',
  '\u0664\u0661\u0661\u0661 \u0661\u0661\u0661\u0661 \u0661\u0661\u0661\u0661 \u0661\u0661\u0661\u0661',
  '4111.1111.1111.1111',
  '4111\u00a01111\u00a01111\u00a01111',
  'amFuZS5kb2VAZXhhbXBsZS5jb20=',
  'مرحبا',
  '\n',
  ', ',
  '. ',
  ' ',
];

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...PIECES) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
);
const realLookingText = fc.array(piece, { maxLength: 24 }).map((parts) => parts.join(' '));
/** Any UTF-16 code units, lone surrogates included. */
const anyCodeUnits = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 120 })
  .map((units) => String.fromCharCode(...units));

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;
const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

async function redacted(text: string, vault: Vault, by = scan): Promise<string> {
  const { findings } = await by(scanInputFor(text, 'input', signal));
  const spans = findings.flatMap((f) =>
    f.span ? [{ kind: f.kind, score: f.score, span: f.span }] : [],
  );
  return redact(text, spans, vault, { restorable: true }).text;
}

const RUNS = propertyRuns(400);

describe('pii redaction properties', () => {
  it('when any text is scanned, then every span lies inside it, is non-empty and keeps surrogate pairs whole', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(realLookingText, anyCodeUnits), async (text) => {
        const { findings, score } = await scan(scanInputFor(text, 'input', signal));
        assert.ok(score >= 0 && score <= 1);
        for (const f of findings) {
          assert.ok(f.span, 'pii findings carry spans');
          const { start, end } = f.span;
          assert.ok(0 <= start && start < end && end <= text.length, `span ${start}-${end}`);
          assert.ok(!isLowSurrogate(text.charCodeAt(start)), 'span starts inside a pair');
          assert.ok(!isHighSurrogate(text.charCodeAt(end - 1)), 'span ends inside a pair');
          assert.ok(f.score >= 0 && f.score <= 1);
        }
        const accepted = resolveOverlaps(
          findings.flatMap((f) => (f.span ? [{ kind: f.kind, score: f.score, span: f.span }] : [])),
        );
        for (let i = 1; i < accepted.length; i++) {
          assert.ok((accepted[i - 1]?.span.end ?? 0) <= (accepted[i]?.span.start ?? 0), 'overlap');
        }
      }),
      RUNS,
    );
  });

  it('when redacted text is redacted again, then nothing new is found and the text is unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(realLookingText, async (text) => {
        const vault = new Vault();
        const once = await redacted(text, vault);
        const twice = await redacted(once, vault);
        assert.equal(twice, once);
      }),
      RUNS,
    );
  });

  it('when text redacted with the name tagger is redacted again, then the text is unchanged', async () => {
    await fc.assert(
      fc.asyncProperty(realLookingText, async (text) => {
        const vault = new Vault();
        const once = await redacted(text, vault, tagged);
        assert.equal(await redacted(once, vault, tagged), once);
      }),
      RUNS,
    );
  });

  it('when redacted text is restored, then the original comes back', async () => {
    await fc.assert(
      fc.asyncProperty(realLookingText, async (text) => {
        fc.pre(!/\[?\b[A-Z_]+_\d+\b\]?|email_\d/i.test(text)); // the user's own placeholders are text
        const vault = new Vault();
        assert.equal(vault.restore(await redacted(text, vault)), text);
      }),
      RUNS,
    );
  });
});
