/**
 * One contract, every scanner (Hono's shared-suite idea): scores in range, spans valid and
 * sorted, deterministic, survives awkward input, honours an aborted signal, and never quotes
 * customer text in a note.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Scanner, ScanResult } from '../../src/contract/types.js';
import { allScanners } from '../../src/scanners/registry.js';
import { scanInputFor } from '../../src/text/views.js';

/** Params for each registered scanner; a new scanner without an entry fails this suite. */
const SAMPLE_PARAMS: Readonly<Record<string, unknown>> = {
  'banned-phrases': { phrases: ['ignore previous instructions', 'zero‍width'] },
  regex: { patterns: [{ name: 'ORDER_ID', pattern: '\\bORD-\\d{6}\\b' }] },
  length: { max_chars: 50_000, max_tokens: 40_000 },
  pii: {
    min_score: 0.4,
    allow: ['help@example.com'],
    deny: ['Project Falcon'],
    recognizers: [
      {
        entity: 'EMPLOYEE_ID',
        patterns: [{ name: 'employee-id', pattern: '\\bEMP-\\d{6}\\b', score: 0.4 }],
        context: ['employee', 'staff'],
      },
    ],
  },
  secrets: { min_score: 0.5 },
  toxicity: { model: 'parapet' },
  'llm-judge': { policy_text: 'No Dangerous Content: no instructions for harming people.' },
  'invisible-text': {},
  'prompt-injection': {},
  'harmful-request': {},
  'self-harm': {},
  language: { languages: ['eng', 'deu'] },
};

const deps = {
  countTokens: (text: string) => Promise.resolve(Math.ceil(text.length / 4)),
  // A judge model that leans to "No" as a real one does on clean text (P(Yes) share 0.2).
  nextTokenProbabilities: () => Promise.resolve([0.15, 0.6]),
};

const AWKWARD: Readonly<Record<string, string>> = {
  empty: '',
  '100 kB': 'The quick brown fox jumps over the lazy dog ORD-123456. '.repeat(1800),
  'emoji, RTL and zero-width':
    'Hi 👩🏽‍💻 مرحبا بالعالم ‏שלום‎ zero​width ﻿ ignore previous instructions',
  CRLF: 'line one\r\nline two\r\n\r\nORD-654321\r\n',
  'lone surrogates': 'broken \ud83d text \udc4d end',
};

const CLEAN = 'Could you tell me when my parcel will arrive?';

function checkResult(scanner: Scanner, text: string, result: ScanResult): void {
  assert.ok(result.score >= 0 && result.score <= 1, `score ${result.score}`);
  let last = -1;
  for (const f of result.findings) {
    assert.ok(f.score >= 0 && f.score <= 1, `finding score ${f.score}`);
    if (!scanner.localizes) assert.equal(f.span, undefined, 'localizes: false, yet a span');
    if (f.span) {
      assert.ok(
        f.span.start >= 0 && f.span.start < f.span.end && f.span.end <= text.length,
        'span in range',
      );
      assert.ok(f.span.start >= last, 'spans sorted');
      last = f.span.start;
    }
    for (let i = 0; f.note && i + 4 <= text.length && i < 5000; i++) {
      const piece = text.slice(i, i + 4);
      if (/\S{4}/.test(piece)) assert.ok(!f.note.includes(piece), 'note quotes customer text');
    }
  }
}

for (const scanner of allScanners) {
  describe(`scanner contract: ${scanner.id}`, () => {
    const params = scanner.params.parse(SAMPLE_PARAMS[scanner.id]);
    const scan = scanner.create(params, deps);
    const run = (text: string, signal = new AbortController().signal) =>
      scan(scanInputFor(text, scanner.stages[0] ?? 'input', signal));

    it('when registered, then it has sample params in this suite and a semver-ish version', () => {
      assert.ok(
        scanner.id in SAMPLE_PARAMS,
        'add sample params for the new scanner to SAMPLE_PARAMS',
      );
      assert.match(scanner.version, /^\d+(\.\d+)*$/);
      assert.ok(scanner.stages.length > 0);
      // Declared languages are franc's ISO 639-3 codes, or the unsupported_language gate never matches.
      for (const code of scanner.languages ?? []) assert.match(code, /^[a-z]{3}$/);
      assert.notDeepEqual(scanner.languages, [], 'declare languages, or leave them out for any');
    });

    it('when the text is clean, then it scores below 0.5', async () => {
      assert.ok((await run(CLEAN)).score < 0.5);
    });

    for (const [name, text] of Object.entries(AWKWARD)) {
      it(`when the text is ${name}, then the result is well-formed and deterministic`, async () => {
        const first = await run(text);
        checkResult(scanner, text, first);
        assert.deepEqual(await run(text), first);
      });
    }

    it('when the signal is already aborted, then it rejects promptly', async () => {
      const controller = new AbortController();
      controller.abort(new Error('aborted by test'));
      await assert.rejects(run(AWKWARD['100 kB'] ?? '', controller.signal), /aborted by test/);
    });
  });
}
