import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultGazetteer } from '../gazetteer.js';
import { NER_TAGS } from './features.js';
import { defaultNerModel, tagNames } from './tagger.js';
import { bioSpans, viterbi } from './viterbi.js';

describe('ner-v1 tagger', () => {
  it('when emissions favour an I- tag at the start, then Viterbi still decodes well-formed BIO', () => {
    const T = NER_TAGS.length;
    const e = new Float32Array(2 * T);
    e[2] = 10; // I-PERSON first: not allowed
    e[T + 2] = 10;
    const tags = viterbi(e, 2, new Float32Array((T + 1) * T));
    assert.notEqual(NER_TAGS[tags[0] ?? 0], 'I-PERSON');
    assert.ok(bioSpans(tags).every((s) => s.to > s.from));
  });

  it('when a sentence names a person and a city, then both are tagged with scores in [0, 1]', () => {
    const text = 'Yesterday I met Maria Gonzalez in Barcelona.';
    const { spans } = tagNames(text, defaultNerModel(), defaultGazetteer());
    const found = spans.map((s) => [s.type, text.slice(s.start, s.end)]);
    assert.deepEqual(found, [
      ['PERSON', 'Maria Gonzalez'],
      ['LOCATION', 'Barcelona'],
    ]);
    assert.ok(spans.every((s) => s.score >= 0 && s.score <= 1));
  });

  it('when the same text is tagged twice, then the result is the same (no state between calls)', () => {
    const text = 'i flew from london to see john smith';
    const a = tagNames(text, defaultNerModel(), defaultGazetteer()).spans;
    const b = tagNames(text, defaultNerModel(), defaultGazetteer()).spans;
    assert.deepEqual(a, b);
  });

  it('when only the windows around name candidates are read, then the spans are those of reading every token', () => {
    // windows.ts: ordinary lower-case words are skipped; these mix chat, titles, gaps and
    // punctuation beside names, where a skipped neighbour could change the decode
    const texts = [
      'Yesterday I met Maria Gonzalez in Barcelona and then we went to the University of Leeds.',
      'messi watching this game tv .',
      'i flew from london to see john smith and his cousin jamal last week',
      'Dr . Cox still hittin em with some heavy life lessons',
      'How to start a Neighborhood Watch in # Napa via @ NapaRegister',
      'the quarterly report is attached, please review the numbers before the meeting on friday',
      'Ludwig van Beethoven was born in Bonn; his music is still played all over the world.',
    ];
    const g = defaultGazetteer();
    for (const text of texts) {
      const all = tagNames(text, defaultNerModel(), g, undefined, true);
      const windowed = tagNames(text, defaultNerModel(), g);
      assert.deepEqual(windowed.spans, all.spans, text);
      // and the skipping is real: fewer token margins than tokens on a text with plain words
      assert.ok(windowed.tokens.length <= all.tokens.length, text);
    }
    const plain = 'the quarterly report is attached, please review the numbers before the meeting';
    const read = tagNames(plain, defaultNerModel(), g).tokens.length;
    assert.ok(read < tagNames(plain, defaultNerModel(), g, undefined, true).tokens.length / 2);
  });
});
