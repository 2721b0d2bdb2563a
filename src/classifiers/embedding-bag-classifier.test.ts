/** The committed models/toxicity-v1 through the runtime: real TF.js WASM inference, no ../shared. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EmbeddingBagClassifier } from './embedding-bag-classifier.js';
import { bundledToxicityDir } from './toxicity-models.js';
import { scoreWindowed, windowStarts } from './windows.js';

const BUNDLED_TOXICITY_DIR = bundledToxicityDir('v1');

const TOXIC = 'Shut up, you stupid bitch, nobody wants your fucking opinion.';
const HATEFUL = 'Go back to your country, you disgusting animals.';
const BENIGN = 'Thanks so much for your help with my order, have a lovely day!';
const FILLER = 'Our store opens at nine and the parcel service collects at noon. ';

let classifier: EmbeddingBagClassifier;
before(async () => {
  classifier = await EmbeddingBagClassifier.load(BUNDLED_TOXICITY_DIR);
});
after(() => classifier.close());

describe('EmbeddingBagClassifier on models/toxicity-v1', () => {
  it('when loaded, then it names its version, labels and window size from the model folder', () => {
    assert.equal(classifier.version, 'toxicity-v1');
    assert.deepEqual(classifier.labels, ['toxicity', 'obscene', 'threat', 'identity_attack']);
    assert.equal(classifier.maxChars, 300);
    assert.equal(classifier.strideChars, 200);
  });

  it('when texts are abusive or friendly, then the toxicity probability separates them', async () => {
    const [toxic, hateful, benign] = await classifier.classify([TOXIC, HATEFUL, BENIGN]);
    assert.ok(toxic!.toxicity! > 0.8, `toxic ${toxic!.toxicity}`);
    assert.ok(hateful!.identity_attack! > 0.8, `hateful ${hateful!.identity_attack}`);
    assert.ok(benign!.toxicity! < 0.2, `benign ${benign!.toxicity}`);
  });

  it('when requests run concurrently, then each gets the same scores as alone', async () => {
    const alone = await classifier.classify([BENIGN]);
    const together = await Promise.all([
      classifier.classify([TOXIC]),
      classifier.classify([BENIGN]),
      classifier.classify([HATEFUL, BENIGN]),
    ]);
    assert.deepEqual(together[1], alone);
    assert.deepEqual(together[2]?.[1], alone[0]);
  });

  it('when the signal is aborted, then classify rejects with its reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('gone'));
    await assert.rejects(classifier.classify([TOXIC], controller.signal), /gone/);
  });
});

describe('scoreWindowed', () => {
  it('when an abusive sentence sits deep inside a long friendly text, then its window scores and is named', async () => {
    // A rant of three abusive sentences: the model averages over a 300-character window, so a
    // single short insult among friendly sentences is diluted (a documented limitation).
    const abuse = `${TOXIC} ${HATEFUL} ${TOXIC}`;
    const text = FILLER.repeat(20) + abuse + ' ' + FILLER.repeat(20);
    const at = text.indexOf(abuse);
    const [scored] = await scoreWindowed(classifier, [text], undefined, classifier.strideChars);
    const starts = windowStarts(text.length, classifier.maxChars, classifier.strideChars);
    assert.equal(scored!.windows, starts.length);
    assert.ok(scored!.scores.toxicity! > 0.5, `windowed ${scored!.scores.toxicity}`);
    const w = scored!.windowOf.toxicity!;
    assert.ok(
      starts[w]! < at + abuse.length && at < starts[w]! + classifier.maxChars,
      'window overlaps the sentence',
    );
    const [firstWindowOnly] = await classifier.classify([text.slice(0, classifier.maxChars)]);
    assert.ok(firstWindowOnly!.toxicity! < 0.5, 'the first window alone is friendly');
  });

  it('when the text is short, then it is one window', () => {
    assert.deepEqual(windowStarts(0, 1000, 750), [0]);
    assert.deepEqual(windowStarts(1000, 1000, 750), [0]);
    assert.deepEqual(windowStarts(1001, 1000, 750), [0, 750]);
  });
});

describe('model folder checks', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'parapet-model-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('when model.json points a weight file outside its folder, then loading fails', async () => {
    const bad = join(dir, 'escape');
    cpSync(BUNDLED_TOXICITY_DIR, bad, { recursive: true });
    const model = JSON.parse(readFileSync(join(bad, 'model.json'), 'utf8')) as {
      weightsManifest: { paths: string[] }[];
    };
    model.weightsManifest[0]!.paths = ['../weights.bin'];
    writeFileSync(join(bad, 'model.json'), JSON.stringify(model));
    await assert.rejects(EmbeddingBagClassifier.load(bad), /outside its folder/);
  });

  it('when featurizer.json disagrees with the weights, then loading fails', async () => {
    const bad = join(dir, 'mismatch');
    cpSync(BUNDLED_TOXICITY_DIR, bad, { recursive: true });
    const f = JSON.parse(readFileSync(join(bad, 'featurizer.json'), 'utf8')) as { buckets: number };
    f.buckets = 1024;
    writeFileSync(join(bad, 'featurizer.json'), JSON.stringify(f));
    await assert.rejects(EmbeddingBagClassifier.load(bad), /do not match/);
  });
});
