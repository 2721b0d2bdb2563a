/**
 * Glued training rows (scripts/train/linear/glued.ts): positives and label-0 controls after the
 * first words of a benign sentence, no full stop between; the same mass on both sides, so the
 * gluing itself says nothing about the label. Seeded: the same seed gives the same rows.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { benignFragment, gluedRows, type GlueRow } from '../../scripts/train/linear/glued.js';
import { seededRandom } from '../../scripts/train/dataset.js';

const row = (text: string, source: string, label: 0 | 1, weight = 1): GlueRow => ({
  text,
  source,
  target: Float32Array.of(label, label),
  mask: Float32Array.of(1, label),
  weight,
});

const TRAIN = [
  row('The parcel arrived on Tuesday. Could you send the invoice again?', 'chat', 0),
  row('How do I change the delivery address on my order?', 'chat', 0),
  row('you are a worthless idiot', 'corpus', 1, 3),
  row('nobody cares about you, moron', 'corpus', 1, 3),
  row('the weather was lovely at the match', 'corpus', 0, 0.5),
  row('a very long toxic rant '.repeat(40), 'corpus', 1, 3),
];
const CONFIG = { rows: 200, maxChars: 300, maxWords: 8 };

describe('glued training rows', () => {
  it('when a fragment is cut, then it is the start of one sentence, at most maxWords, without closing punctuation', () => {
    const random = seededRandom(1);
    for (let i = 0; i < 100; i++) {
      const f = benignFragment(
        'The parcel arrived on Tuesday. Could you send it again?',
        3,
        random,
      );
      assert.match(f, /^(The|Could)( \w+){0,2}$/, f);
    }
  });

  it('when glued, then positives keep their labels, controls are label 0, both start with benign words and the masses match', () => {
    const out = gluedRows(TRAIN, new Set(['chat']), CONFIG, 9, 1000);
    const pos = out.filter((r) => r.source === 'glued-positive');
    const neg = out.filter((r) => r.source === 'glued-control');
    assert.equal(pos.length, 200);
    assert.equal(neg.length, 200);
    assert.ok(pos.every((r) => r.target[0] === 1 && /(idiot|moron)$/.test(r.text)));
    assert.ok(neg.every((r) => r.target[0] === 0));
    assert.ok(
      out.every((r) => /^(The|Could|How)\b/.test(r.text)),
      'fragments come from the benign source',
    );
    assert.ok(out.every((r) => !/[.?] (you|nobody|the|How|The)/.test(r.text.slice(0, 60))));
    assert.ok(!out.some((r) => r.text.includes('long toxic rant')), 'long rows are not glued');
    const mass = (rs: GlueRow[]) => rs.reduce((s, r) => s + r.weight, 0);
    assert.ok(Math.abs(mass(pos) - mass(neg)) < 1e-6);
    assert.equal(TRAIN[4]!.weight, 0.5, 'the rows drawn from are not changed');
  });

  it('when restricted to sources, then only their rows are glued, positives and controls alike', () => {
    const mixed = [
      ...TRAIN,
      row('you are a vile person', 'descriptors', 1),
      row('you are a kind person', 'descriptors', 0),
    ];
    const out = gluedRows(
      mixed,
      new Set(['chat']),
      { ...CONFIG, sources: ['descriptors'] },
      9,
      1000,
    );
    assert.equal(out.length, 400);
    assert.ok(out.filter((r) => r.target[0] === 1).every((r) => r.text.endsWith('vile person')));
    assert.ok(out.filter((r) => r.target[0] === 0).every((r) => r.text.endsWith('kind person')));
  });

  it('when generated twice with one seed, then the rows are the same', () => {
    const texts = (seed: number) =>
      gluedRows(TRAIN, new Set(['chat']), CONFIG, seed, 1000).map((r) => r.text);
    assert.deepEqual(texts(4), texts(4));
    assert.notDeepEqual(texts(4), texts(5));
  });
});
