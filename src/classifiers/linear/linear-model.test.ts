/** The committed models/toxicity-v2 through the runtime (no ../shared), plus its building blocks. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { createTextViews } from '../../text/views.js';
import { bundledToxicityDir } from '../toxicity-models.js';
import { featureKey, hashedNgrams, type HashedNgramConfig } from './hashed-ngrams.js';
import { LinearClassifier } from './linear-classifier.js';
import { loadLinearModel, scoreText, type LinearModel } from './linear-model.js';
import { textWindows } from './sentence-windows.js';

const DIR = bundledToxicityDir('v2');
const CONFIG: HashedNgramConfig = {
  kind: 'hashed-ngrams',
  buckets: 1024,
  wordNgrams: [1, 2],
  charNgrams: [2, 3],
};
const FILLER = 'Our store opens at nine and the parcel service collects at noon. ';

let model: LinearModel;
before(async () => {
  model = await loadLinearModel(DIR);
});

describe('hashedNgrams', () => {
  it('when a text is featurized twice, then the sparse vector is identical, sorted and unit-length', () => {
    const a = hashedNgrams('Hello hello world', CONFIG);
    const b = hashedNgrams('Hello hello world', CONFIG);
    assert.deepEqual(a, b);
    for (let i = 1; i < a.indices.length; i++) assert.ok(a.indices[i]! > a.indices[i - 1]!);
    const norm = Math.hypot(...a.values);
    assert.ok(Math.abs(norm - 1) < 1e-5, `norm ${norm}`);
    assert.ok([...a.indices].every((k) => k < CONFIG.buckets));
  });

  it('when configs differ, then their feature keys differ', () => {
    assert.notEqual(featureKey(CONFIG), featureKey({ ...CONFIG, charNgrams: [2, 3, 4] }));
  });
});

describe('textWindows', () => {
  it('when a short text has several sentences, then the whole text and the sentence runs are windows', () => {
    const text = `${FILLER.repeat(3)}You are an idiot.`;
    const windows = textWindows(text, 400);
    assert.deepEqual(windows[0], { start: 0, end: text.length });
    assert.ok(windows.length > 1);
    assert.ok(windows.every((w) => w.end - w.start <= 400));
  });
});

describe('toxicity-v2 (models/toxicity-v2)', () => {
  it('when loaded, then it has the seven categories and a verified int8 weight file', () => {
    assert.equal(model.file.name, 'toxicity-v2');
    assert.deepEqual(
      model.file.heads.map((h) => h.label),
      [
        'toxicity',
        'severe_toxicity',
        'obscene',
        'threat',
        'insult',
        'identity_attack',
        'sexual_explicit',
      ],
    );
  });

  it('when a reply insults or threatens the reader, then insult and threat score high', () => {
    assert.ok(scoreText(model, 'You are a worthless idiot.').scores.insult! > 0.7);
    assert.ok(
      scoreText(model, "I'm going to find where you live and kill you.").scores.threat! > 0.5,
    );
  });

  it('when a message complains, speaks figuratively or mentions an identity, then toxicity stays low', () => {
    for (const text of [
      'Your courier is useless, the box was left out in the rain.',
      'How do I kill a process on Linux?',
      'This heat is killing me.',
      'My neighbour is Black and a great cook.',
    ])
      assert.ok(scoreText(model, text).scores.toxicity! < 0.3, text);
  });

  it('when benign padding precedes an insult, then the insult scores as it does alone', () => {
    const alone = scoreText(model, 'You are a worthless idiot.').scores.toxicity!;
    const padded = scoreText(model, `${FILLER.repeat(6)}You are a worthless idiot.`);
    assert.ok(padded.scores.toxicity! >= alone - 0.05, `${padded.scores.toxicity} vs ${alone}`);
    assert.ok(padded.windowOf.toxicity!.start > 0);
  });

  it('when views are passed, then the scores equal the plain call and the features are memoized', () => {
    const text = 'You are a worthless idiot.';
    const views = createTextViews(text);
    assert.deepEqual(scoreText(model, text, views).scores, scoreText(model, text).scores);
  });

  it('when the classifier is closed, then classify rejects', async () => {
    const c = await LinearClassifier.load(DIR);
    assert.equal((await c.classify(['hello'])).length, 1);
    await c.close();
    await assert.rejects(c.classify(['hello']), /closed/);
  });

  it('when minWindowWords is set, then shorter sentence windows are skipped but the whole text is scored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tox-v2-'));
    try {
      cpSync(DIR, dir, { recursive: true });
      const file = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as object;
      writeFileSync(join(dir, 'model.json'), JSON.stringify({ ...file, minWindowWords: 3 }));
      const strict = await loadLinearModel(dir);
      // A long text (no whole-text window) whose insult is a line of two words.
      const long = `${FILLER.repeat(8)}\nYou idiot\n${FILLER}`;
      const every = scoreText(model, long);
      const some = scoreText(strict, long);
      assert.ok(every.scores.insult! > some.scores.insult!, `${every.scores.insult}`);
      assert.notEqual(every.windowOf.insult!.start, some.windowOf.insult!.start);
      // A short text is still scored whole, its two-word sentences with it.
      const short = 'You idiot. Go.';
      assert.ok(scoreText(strict, short).scores.insult! > 0.5);
      assert.deepEqual(scoreText(strict, short).windowOf.insult, { start: 0, end: short.length });
      // Nothing long enough to score: every label is 0, not absent (absent fails closed).
      const lines = Array.from({ length: 200 }, () => 'Or,').join('\n');
      assert.ok(Object.values(scoreText(strict, lines).scores).every((p) => p === 0));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the weight file is altered, then loading fails on the sha256', async () => {
    const bad = mkdtempSync(join(tmpdir(), 'tox-v2-'));
    try {
      cpSync(DIR, bad, { recursive: true });
      const bytes = readFileSync(join(bad, 'weights.int8'));
      bytes[0] = (bytes[0]! + 1) & 0xff;
      writeFileSync(join(bad, 'weights.int8'), bytes);
      await assert.rejects(loadLinearModel(bad), /sha256/);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
