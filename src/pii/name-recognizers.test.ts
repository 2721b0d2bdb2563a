import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyze } from './analyze.js';
import { defaultGazetteer } from './gazetteer.js';
import { gazetteerRecognizers } from './name-recognizers.js';

const recognizers = gazetteerRecognizers(defaultGazetteer(), new Set(['PERSON', 'LOCATION']));
const found = (text: string, from = recognizers) =>
  analyze(text, from, { minScore: 0.5 }).map((d) => [d.entity, text.slice(d.start, d.end)]);

// Sentences written for these tests; names picked to cover common, rare and word-like ones.
const CASES: readonly (readonly [string, readonly (readonly [string, string])[]])[] = [
  ['Will you help me?', []],
  ['I hope Rose can come tomorrow', []],
  ['Bill me later, thanks', []],
  ['May I ask a question?', []],
  ['my name is Will Turner', [['PERSON', 'Will Turner']]],
  ['Hi, my name is Rose', [['PERSON', 'Rose']]],
  ['Please forward this to Margaret Okafor by Friday', [['PERSON', 'Margaret Okafor']]],
  ['Dear Mrs. Wojciechowska, your order shipped', [['PERSON', 'Wojciechowska']]],
  ['Dr. Thandiwe Mbeki will see you now', [['PERSON', 'Thandiwe Mbeki']]],
  ['Sometimes people call me Zbigniew', [['PERSON', 'Zbigniew']]],
  ['my name is hubert and I need help', [['PERSON', 'hubert']]],
  [
    'We moved from New York to San Francisco last year',
    [
      ['LOCATION', 'New York'],
      ['LOCATION', 'San Francisco'],
    ],
  ],
  ['The conference is in Nairobi this spring', [['LOCATION', 'Nairobi']]],
  ['I grew up in Germany', [['LOCATION', 'Germany']]],
  [
    'Priya Raman lives in Chennai',
    [
      ['PERSON', 'Priya Raman'],
      ['LOCATION', 'Chennai'],
    ],
  ],
  ['Send the package to 12 Crown Street please', []],
  ['Please check the IBAN GB83 WEST first', []],
  ['Could you tell me when my parcel will arrive?', []],
  ['RT @jane_doe_42: see you there', [['PERSON', 'jane_doe_42']]],
  ['Write to jane@example.com today', []],
  // a bracketed qualifier belongs to the place; a lower-case particle joins an unknown town's words
  ['Prices in Cyprus (Greek) went up', [['LOCATION', 'Cyprus (Greek)']]],
  ['She flew to Reguengos de Monsaraz on Monday', [['LOCATION', 'Reguengos de Monsaraz']]],
  // common words before a facility word name a building, not the town of that name
  ['Dinner at the Country Club tonight', []],
  // a place and a capitalized plural is a team, not a place ("Hills" ends a place's own name)
  ['The Leeds Rhinos won again', []],
  ['We moved to Beverly Hills in May', [['LOCATION', 'Beverly Hills']]],
  // in capitals after a strong place phrase the whole run is the town, common words and all
  ["I am originally from PORT O' KEEFE, you know", [['LOCATION', "PORT O' KEEFE"]]],
  ['She studied at the University of HOLMWICK VALE.', [['LOCATION', 'HOLMWICK VALE']]],
  ['I am originally from ΑΓΙΟΣ ∆ΟΜΕΤΙΟΣ, and proud of it', [['LOCATION', 'ΑΓΙΟΣ ∆ΟΜΕΤΙΟΣ']]],
  ['I am originally from NYC AND LA', [['LOCATION', 'NYC']]],
];

describe('gazetteer recognizers', () => {
  for (const [text, want] of CASES) {
    it(`when the text is "${text}", then ${want.length === 0 ? 'nothing' : want.map(([, v]) => v).join(', ')} is found`, () => {
      assert.deepEqual(found(text), want);
    });
  }

  it('when emoji come before a name, then the span is in UTF-16 code units', () => {
    const text = '👩🏽‍💻🚀 Contact Amara Nwosu in Lagos';
    const start = text.indexOf('Amara');
    const [person, place] = analyze(text, recognizers, { minScore: 0.5 });
    assert.deepEqual([person?.start, person?.end], [start, start + 'Amara Nwosu'.length]);
    assert.equal(text.slice(place?.start, place?.end), 'Lagos');
  });

  it('when a title or context word is present, then the note says so and never quotes the name', () => {
    const [d] = analyze('Dear Mr. Abernathy-Quill, hello', recognizers, { minScore: 0.5 });
    assert.match(d?.note ?? '', /title; context word nearby/);
    assert.ok(!(d?.note ?? '').toLowerCase().includes('abernathy'));
  });

  it('when ORGANIZATION is wanted too, then a place and a plural is a team', () => {
    const all = gazetteerRecognizers(
      defaultGazetteer(),
      new Set(['PERSON', 'LOCATION', 'ORGANIZATION']),
    );
    const got = found('The Leeds Rhinos won in Chicago', all);
    assert.deepEqual(got, [
      ['ORGANIZATION', 'Leeds Rhinos'],
      ['LOCATION', 'Chicago'],
    ]);
  });

  it('when only PERSON is wanted, then no LOCATION recognizer is built', () => {
    const only = gazetteerRecognizers(defaultGazetteer(), new Set(['PERSON']));
    assert.deepEqual(
      only.map((r) => r.entity),
      ['PERSON'],
    );
  });

  // A complexity guard, not a speed test: the machines are shared, so compare two sizes within
  // one run. Linear work grows 10x from 10 kB to 100 kB; the quadratic lookups this once had grew 100x.
  it('when the text grows tenfold, then the work grows about tenfold, not a hundredfold', () => {
    const sentence = 'Maria Lopez from Madrid met John Smith in New York. ';
    const median = (text: string): number => {
      const times = [0, 1, 2].map(() => {
        const started = performance.now();
        analyze(text, recognizers, { minScore: 0.5 });
        return performance.now() - started;
      });
      return times.sort((a, b) => a - b)[1] ?? 0;
    };
    median(sentence.repeat(50)); // warm up the JIT before timing
    const small = median(sentence.repeat(200));
    const large = median(sentence.repeat(2000));
    assert.ok(large < 40 * Math.max(small, 0.5), `10 kB ${small} ms, 100 kB ${large} ms`);
  });
});
