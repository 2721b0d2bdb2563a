import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze, compileRecognizers } from './analyze.js';
import { PII_RECOGNIZERS } from './recognizers.js';
import { SECRET_RECOGNIZERS } from './secret-recognizers.js';

/** mulberry32: a seeded generator, so a failure reproduces from its seed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PIECES = [
  ...'0123456789'.split(''),
  ...'abcXYZ'.split(''),
  ' ',
  '-',
  '.',
  '@',
  '+',
  '(',
  ')',
  ':',
  '/',
  '\n',
  '👩🏽‍💻',
  '😀',
  '\u200f',
  '\u200b',
  '\ufeff',
  'مرحبا',
  'שלום',
  '\ud83d',
  'jane.doe@example.com',
  '4242 4242 4242 4242',
  '+44 20 7946 0958',
  'GB82WEST12345698765432',
  'card',
  'phone',
  'token',
];

const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

describe('recognizer engine fuzz', () => {
  it('when given random text with emoji, RTL and zero-width characters, then spans are valid, sorted and disjoint', () => {
    const compiled = compileRecognizers([...PII_RECOGNIZERS, ...SECRET_RECOGNIZERS]);
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const length = 1 + Math.floor(next() * 60);
      const text = Array.from(
        { length },
        () => PIECES[Math.floor(next() * PIECES.length)] ?? '',
      ).join('');
      const found = analyze(text, compiled, { minScore: 0 });
      let lastEnd = 0;
      for (const d of found) {
        assert.ok(d.start >= lastEnd && d.start < d.end && d.end <= text.length, `seed ${seed}`);
        assert.ok(!isLowSurrogate(text.charCodeAt(d.start)), `seed ${seed}: span splits a pair`);
        assert.ok(d.score >= 0 && d.score <= 1, `seed ${seed}: score`);
        lastEnd = d.end;
      }
    }
  });
});
