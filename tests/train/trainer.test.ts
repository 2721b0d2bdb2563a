/**
 * The generic trainer on a tiny data set written here: label masks, Platt scaling, the mixing
 * augmentation, and the whole path data → trainTask → model folder → runtime classifier.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EmbeddingBagClassifier } from '../../src/classifiers/embedding-bag-classifier.js';
import { fitPlatt } from '../../scripts/train/calibrate.js';
import { mixWithNegatives, readSource, seededRandom } from '../../scripts/train/dataset.js';
import { trainTask, type TrainConfig } from '../../scripts/train/train.js';

const root = mkdtempSync(join(tmpdir(), 'parapet-train-'));
after(() => {
  rmSync(root, { recursive: true, force: true });
});

const LABELS = ['toxicity', 'threat'];
const KIND = ['kind', 'lovely', 'helpful', 'great', 'friendly', 'wonderful'];
const RUDE = ['stupid', 'awful', 'idiotic', 'useless', 'pathetic', 'worthless'];

function writeJsonl(dir: string, file: string, rows: readonly object[]): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${file}.jsonl`), rows.map((r) => JSON.stringify(r)).join('\n'));
}

/** 300 rows: rude rows are toxic, a third of them also threats; the rest are kind. */
function rows(random: () => number) {
  return Array.from({ length: 300 }, (_, i) => {
    const rude = i % 2 === 0;
    const word = (rude ? RUDE : KIND)[Math.floor(random() * 6)]!;
    const threat = rude && i % 3 === 0;
    const text = `you are ${word}${threat ? ' and I will hurt you' : ''} number ${i}`;
    const categories = rude ? ['toxicity', ...(threat ? ['threat'] : [])] : [];
    return { id: `t:${i}`, text, label: rude ? 1 : 0, categories };
  });
}

describe('training data', () => {
  it('when a source does not annotate a label, then its toxic rows are masked out for it, its clean rows are not', () => {
    const dir = join(root, 'mask');
    writeJsonl(dir, 'src', [
      { text: 'you idiot', label: 1, categories: ['toxicity'] },
      { text: 'hello', label: 0, categories: [] },
    ]);
    const spec = { file: 'src', licence: 'MIT', origin: 'test', annotates: [] };
    const [toxic, clean] = readSource(dir, spec, LABELS, 300);
    assert.deepEqual([...toxic!.target, ...toxic!.mask], [1, 0, 1, 0]);
    assert.deepEqual([...clean!.target, ...clean!.mask], [0, 0, 1, 1]);
  });

  it('when mixing, then added rows keep their labels and contain a negative text; the same seed gives the same rows', () => {
    const dir = join(root, 'mix');
    writeJsonl(dir, 'src', rows(seededRandom(1)));
    const base = readSource(
      dir,
      { file: 'src', licence: 'MIT', origin: 't', annotates: ['threat'] },
      LABELS,
      300,
    );
    const mixed = mixWithNegatives(base, 0.5, seededRandom(3), 300);
    assert.ok(mixed.length > base.length);
    const added = mixed.slice(base.length);
    assert.ok(added.every((r) => r.text.includes('you are')));
    assert.deepEqual(mixWithNegatives(base, 0.5, seededRandom(3), 300), mixed);
  });

  it('when logits follow a known logistic curve, then Platt scaling recovers it', () => {
    const random = seededRandom(9);
    const z = Array.from({ length: 4000 }, () => random() * 8 - 4);
    const y = z.map((v) => (random() < 1 / (1 + Math.exp(-(2 * v - 1))) ? 1 : 0));
    const { a, c } = fitPlatt(z, y);
    assert.ok(Math.abs(a - 2) < 0.25 && Math.abs(c + 1) < 0.25, `a ${a}, c ${c}`);
  });
});

describe('trainTask', () => {
  it('when trained on a small separable set, then the model folder loads and the runtime separates the classes', async () => {
    const dataDir = join(root, 'data');
    writeJsonl(join(dataDir, 'tiny'), 'rude_or_kind', rows(seededRandom(5)));
    const config: TrainConfig = {
      task: 'tiny',
      name: 'tiny-v1',
      dataDir,
      outDir: join(root, 'models'),
      labels: LABELS,
      sources: [
        {
          file: 'rude_or_kind',
          licence: 'MIT',
          origin: 'written in this test',
          annotates: ['threat'],
        },
      ],
      excluded: [],
      featurizer: {
        buckets: 2 ** 10,
        wordNgrams: [1, 2],
        charNgrams: [3],
        maxChars: 200,
        strideChars: 150,
      },
      dim: 4,
      seed: 11,
      validFraction: 0.15,
      calibFraction: 0.15,
      batchSize: 32,
      learningRate: 0.05,
      maxEpochs: 8,
      patience: 2,
    };
    await trainTask(config);
    const dir = join(root, 'models', 'tiny-v1');
    const metadata = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as {
      seed: number;
      sources: { rows: number; licence: string }[];
    };
    assert.equal(metadata.seed, 11);
    assert.deepEqual(
      metadata.sources.map((s) => [s.rows, s.licence]),
      [[300, 'MIT']],
    );
    const classifier = await EmbeddingBagClassifier.load(dir);
    const [rude, kind] = await classifier.classify(['you are pathetic', 'you are wonderful']);
    await classifier.close();
    assert.ok(
      rude!.toxicity! > 0.7 && kind!.toxicity! < 0.3,
      `${rude!.toxicity} / ${kind!.toxicity}`,
    );
  });
});
