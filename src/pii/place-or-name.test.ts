import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultGazetteer } from './gazetteer.js';
import { defaultWordClusters } from './ner/word-clusters.js';
import { placeOrName } from './place-or-name.js';

const lean = placeOrName(defaultGazetteer(), defaultWordClusters());

describe('placeOrName', () => {
  it('when a word on both lists sits among countries, then it leans to a place', () => {
    for (const w of ['syria', 'tunisia', 'ireland']) assert.equal(lean(w), 'place', w);
  });

  it('when a word on both lists sits among first names, then it leans to a name', () => {
    for (const w of ['jordan', 'florence', 'austin']) assert.equal(lean(w), 'name', w);
  });

  it('when a word has no vector, then it says nothing', () => {
    assert.equal(lean('tjæreborg'), undefined);
  });

  it('when asked twice for the same lists, then the table is built once', () => {
    assert.equal(placeOrName(defaultGazetteer(), defaultWordClusters()), lean);
  });
});
