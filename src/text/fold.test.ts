import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldChar, foldText, toOriginalSpan } from './fold.js';

describe('foldText', () => {
  it('when text mixes ASCII, accents, ligatures and astral characters, then each is folded by foldChar with offsets kept', () => {
    const ascii = Array.from({ length: 128 }, (_, c) => String.fromCharCode(c)).join('');
    const text = `${ascii} Ünïcödé Straße ﬁne 𝐀𝐁 😀 İstanbul`;
    const folded = foldText(text);
    assert.equal(folded.text, Array.from(text, foldChar).join(''));
    assert.equal(folded.origin.length, folded.text.length);
    const at = folded.text.indexOf('unicode');
    assert.deepEqual(toOriginalSpan(folded, at, at + 7), {
      start: text.indexOf('Ünïcödé'),
      end: text.indexOf('Ünïcödé') + 7,
    });
  });
});
