import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, html } from './html.js';

describe('html escaping', () => {
  it('when text has markup characters, then each is escaped', () => {
    assert.equal(
      escapeHtml(`<script>alert("x")</script> & 'q'`),
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;',
    );
  });

  it('when a value is interpolated into a template, then it is escaped, attributes too', () => {
    const text = '"><img src=x onerror=alert(1)>';
    const out = html`<a title="${text}">${text}</a>`.value;
    assert.ok(!out.includes('<img'));
    assert.equal(out.split('"').length, 3, 'only the two quotes of the attribute remain');
  });

  it('when templates nest, then inner markup is kept and arrays are joined', () => {
    const items = ['a<b', 'c&d'].map((t) => html`<li>${t}</li>`);
    // prettier-ignore
    assert.equal(html`<ul>${items}</ul>`.value, '<ul><li>a&lt;b</li><li>c&amp;d</li></ul>');
  });

  it('when a value is null, undefined or false, then nothing is written; 0 is written', () => {
    assert.equal(html`${null}${undefined}${false}${0}`.value, '0');
  });

  it('when text is already escaped, then it is escaped again (no double-decoding shortcut)', () => {
    assert.equal(escapeHtml('&amp;'), '&amp;amp;');
  });
});
