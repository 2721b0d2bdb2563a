/**
 * Social-markup training rows (scripts/train/linear/social-markup.ts): positives and label-0
 * controls wrapped in @handles, links, "RT", HTML entities; the same mass on both sides, so
 * markup itself says nothing about the label. Seeded: the same seed gives the same rows. Also
 * the misspelt copies built the same way (spelledRows, spelling.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GlueRow } from '../../scripts/train/linear/glued.js';
import { markupRows, stripMarkup } from '../../scripts/train/linear/social-markup.js';
import { spelledRows } from '../../scripts/train/linear/spelling.js';

const row = (text: string, label: 0 | 1, weight = 1): GlueRow => ({
  text,
  source: 'corpus',
  target: Float32Array.of(label),
  mask: Float32Array.of(1),
  weight,
});

const TRAIN = [
  row('you are a worthless idiot', 1, 3),
  row('nobody cares about you moron', 1, 3),
  row('the weather was lovely at the match', 0, 0.5),
  row('see you at the game tonight', 0, 0.5),
  row('a very long toxic rant '.repeat(40), 1, 3),
];
const CONFIG = { rows: 300, maxChars: 300 };
const MARKUP = /@\w|https?:\/\/|\[URL\]|\[USER\]|&#\d+;|^RT /;

describe('social-markup training rows', () => {
  it('when wrapped, then positives keep their labels and words, controls are label 0, every row carries markup and the masses match', () => {
    const out = markupRows(TRAIN, CONFIG, 9, 1000);
    const pos = out.filter((r) => r.source === 'markup-positive');
    const neg = out.filter((r) => r.source === 'markup-control');
    assert.equal(pos.length, 300);
    assert.equal(neg.length, 300);
    assert.ok(pos.every((r) => r.target[0] === 1 && /worthless idiot|moron/.test(r.text)));
    assert.ok(neg.every((r) => r.target[0] === 0 && /weather|game/.test(r.text)));
    // The &amp;/&quot; wrapper leaves texts without & or " unchanged, so not every row has markup.
    const marked = out.filter((r) => MARKUP.test(r.text)).length;
    assert.ok(marked > out.length * 0.8, `${marked} of ${out.length} rows carry markup`);
    assert.ok(out.some((r) => /^RT @\w+: /.test(r.text)));
    assert.ok(out.some((r) => /http:\/\/t\.co\/\w{10}/.test(r.text)));
    assert.ok(!out.some((r) => r.text.includes('long toxic rant')), 'long rows are not wrapped');
    const mass = (rs: GlueRow[]) => rs.reduce((s, r) => s + r.weight, 0);
    assert.ok(Math.abs(mass(pos) - mass(neg)) < 1e-6);
    assert.equal(TRAIN[2]!.weight, 0.5, 'the rows drawn from are not changed');
  });

  it('when the controls are stripped, then they are label-0 posts that carried markup, copied without it, and the masses match', () => {
    const train = [
      ...TRAIN,
      row('RT @fan_12: what a match http://t.co/abcdefghij', 0, 0.5),
      row('@someone see you there &#128514;', 0, 0.5),
    ];
    const out = markupRows(train, { ...CONFIG, controls: 'stripped' }, 9, 1000);
    const pos = out.filter((r) => r.source === 'markup-positive');
    const neg = out.filter((r) => r.source === 'markup-control');
    assert.equal(neg.length, 300);
    assert.ok(pos.every((r) => r.target[0] === 1 && /worthless idiot|moron/.test(r.text)));
    assert.ok(neg.every((r) => r.target[0] === 0 && !MARKUP.test(r.text)));
    assert.deepEqual(new Set(neg.map((r) => r.text)), new Set(['what a match', 'see you there']));
    const mass = (rs: GlueRow[]) => rs.reduce((s, r) => s + r.weight, 0);
    assert.ok(Math.abs(mass(pos) - mass(neg)) < 1e-6);
  });

  it('when sources are named, then only their rows are copied', () => {
    const train = [...TRAIN, { ...row('you absolute clown', 1), source: 'directed' }];
    const out = markupRows(train, { ...CONFIG, sources: ['directed', 'corpus'] }, 9, 1000);
    assert.ok(out.some((r) => r.text.includes('clown')));
    const only = markupRows(train, { ...CONFIG, sources: ['directed', 'nothing'] }, 9, 1000);
    assert.deepEqual(only, [], 'no label-0 row of the named sources: no copies');
  });

  it('when markup is stripped, then handles, retweet marks, links and entities go and e-mail addresses stay', () => {
    assert.equal(stripMarkup('RT @a_1: so good http://t.co/x1 &#128514;'), 'so good');
    assert.equal(stripMarkup('[USER] fish &amp; chips via @shop'), 'fish & chips');
    assert.equal(stripMarkup('write to help@shop.com'), 'write to help@shop.com');
  });

  it('when generated twice with one seed, then the rows are the same', () => {
    const texts = (seed: number) => markupRows(TRAIN, CONFIG, seed, 1000).map((r) => r.text);
    assert.deepEqual(texts(4), texts(4));
    assert.notDeepEqual(texts(4), texts(5));
  });

  it('when misspelt, then each copy keeps its label and differs from its original in about one word', () => {
    const out = spelledRows(TRAIN, CONFIG, 9, 1000);
    assert.equal(out.length, 600);
    const originals = new Set(TRAIN.map((r) => r.text));
    const changed = out.filter((r) => !originals.has(r.text)).length;
    assert.ok(changed > out.length * 0.9, `${changed} of ${out.length} rows changed`);
    assert.ok(out.every((r) => r.target[0] === (r.source === 'spelled-positive' ? 1 : 0)));
    // A dropped letter shortens the text by one; a swap, digits, spacing or gluing keep its
    // letters: without whitespace each copy is as long as a same-label original or one shorter.
    const bare = (t: string) => t.replace(/\s/g, '').length;
    for (const r of out) {
      const n = bare(r.text);
      const from = TRAIN.filter((t) => t.target[0] === r.target[0] && t.text.length <= 300);
      assert.ok(
        from.some((t) => n === bare(t.text) || n === bare(t.text) - 1),
        r.text,
      );
    }
  });
});
