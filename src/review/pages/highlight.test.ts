import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { highlight } from './highlight.js';

describe('finding highlights', () => {
  it('when a finding has a span, then exactly that text is marked and the rest escaped', () => {
    const out = highlight('mail <b>[EMAIL_1]</b> now', [
      { start: 8, end: 17, label: 'pii EMAIL 1.00' },
    ]).value;
    assert.equal(
      out,
      'mail &lt;b&gt;<mark class="finding" title="pii EMAIL 1.00">[EMAIL_1]</mark>&lt;/b&gt; now',
    );
  });

  it('when spans overlap, then the shared part carries both labels', () => {
    const out = highlight('Ada Lovelace', [
      { start: 0, end: 12, label: 'pii PERSON' },
      { start: 4, end: 12, label: 'banned-phrases phrase' },
    ]).value;
    assert.match(out, /<mark class="finding" title="pii PERSON">Ada <\/mark>/);
    assert.match(
      out,
      /<mark class="finding overlap" title="pii PERSON; banned-phrases phrase">Lovelace<\/mark>/,
    );
  });

  it('when offsets fall outside the text or are empty, then they are clamped or dropped', () => {
    assert.equal(
      highlight('abc', [{ start: 2, end: 99, label: 'x' }]).value,
      'ab<mark class="finding" title="x">c</mark>',
    );
    assert.equal(highlight('abc', [{ start: 2, end: 2, label: 'x' }]).value, 'abc');
  });

  it('when a span ends inside an emoji pair, then the UTF-16 offsets are used as stored', () => {
    const text = 'ok 🙏 [EMAIL_1]';
    const start = text.indexOf('[');
    const out = highlight(text, [{ start, end: text.length, label: 'pii EMAIL' }]).value;
    assert.ok(out.startsWith('ok 🙏 <mark'));
  });
});
