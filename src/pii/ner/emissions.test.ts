import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultGazetteer } from '../gazetteer.js';
import { emissionCache, textEmissions } from './emissions.js';
import { featureRows, isLowerText, NER_TAGS, nerTokens } from './features.js';
import { defaultNerModel, tagNames } from './tagger.js';
import { textWords } from './word-info.js';

const T = NER_TAGS.length;

// everyday texts of our own: names, places, chat, placeholders, punctuation, edges
const TEXTS = [
  'Yesterday I met Maria Gonzalez in Barcelona and then we went to the University of Leeds.',
  'i flew from london to see john smith and his cousin jamal last week',
  'Dr . Cox still hittin em with some heavy life lessons',
  'How to start a Neighborhood Watch in # Napa via @ NapaRegister',
  'Please call [PERSON_1] at the office in New York, or mail jane.doe@example.com today.',
  'Ludwig van Beethoven was born in Bonn; his music is still played all over the world.',
  'THE MEETING WITH PETER AND ANNA IS IN SAN FRANCISCO ON MONDAY',
  '"Hello," said Felix to Linda. Then O\'Brien and Jean-Luc left for Rio de Janeiro!',
  'the quarterly report is attached, please review the numbers before the meeting on friday',
  'x',
];

/** The weight rows of featureRows (what training reads), summed token by token. */
function reference(text: string): Float32Array {
  const model = defaultNerModel();
  const tokens = nerTokens(text);
  const { features } = featureRows(
    tokens,
    isLowerText(text),
    defaultGazetteer(),
    model.buckets,
    model.clusters,
  );
  const F = features.length / Math.max(1, tokens.length);
  const e = new Float32Array(tokens.length * T);
  for (let i = 0; i < tokens.length; i++)
    for (let t = 0; t < T; t++) {
      let sum = 0;
      for (let k = 0; k < F; k++) sum += model.weights[(features[i * F + k] ?? 0) * T + t] ?? 0;
      e[i * T + t] = sum * model.scale;
    }
  return e;
}

describe('ner-v1 emissions', () => {
  it('when emissions are summed by word and role, then they equal the sums of the feature rows training reads', () => {
    const model = defaultNerModel();
    const g = defaultGazetteer();
    const cache = emissionCache();
    // twice through one cache: the second pass is all cache hits
    for (const text of [...TEXTS, ...TEXTS, ...TEXTS.map((t) => t.toLowerCase())]) {
      const tokens = nerTokens(text);
      const words = textWords(tokens, g, model.clusters, cache.words);
      const read = new Uint8Array(tokens.length).fill(1);
      const got = textEmissions(tokens, isLowerText(text), model, g, words, read, cache);
      assert.deepEqual([...got], [...reference(text)], text);
    }
  });

  it('when the hand-written texts are tagged, then the spans are the recorded ones', () => {
    const got = TEXTS.map((text) =>
      tagNames(text, defaultNerModel(), defaultGazetteer())
        .spans.map((s) => `${s.type} ${text.slice(s.start, s.end)} ${s.score}`)
        .join('; '),
    );
    assert.deepEqual(got, RECORDED);
  });
});

// recorded with the tagger before its emissions were regrouped (ner-v1 weights unchanged)
const RECORDED: readonly string[] = [
  'PERSON Maria Gonzalez 0.98; LOCATION Barcelona 0.94; ORGANIZATION University of Leeds 0.94',
  'LOCATION london 0.82; PERSON john smith 0.95; PERSON jamal 0.81',
  'PERSON Dr . Cox 0.66',
  'LOCATION # Napa 0.6',
  'LOCATION New York 0.81',
  'PERSON Ludwig van Beethoven 0.92; LOCATION Bonn 0.67',
  'PERSON PETER 0.71; LOCATION SAN FRANCISCO 0.63',
  'PERSON Felix 0.65; PERSON Linda 0.74; PERSON Jean-Luc 0.88; LOCATION Rio de Janeiro 0.52',
  '',
  '',
];
