/**
 * Hard-example mining (scripts/train/linear/hard-examples.ts) on a one-bucket model whose
 * logit is the row's feature value: which rows are boosted, and which are never candidates.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mineHardNegatives, mineHardPositives } from '../../scripts/train/linear/hard-examples.js';
import type { Example } from '../../scripts/train/linear/logreg.js';

const model = { w: new Float32Array([1]), bias: new Float64Array([0]) };
const row = (source: string, label: number, z: number) => ({
  source,
  target: new Float32Array([label]),
  example: {
    x: { indices: new Uint32Array([0]), values: new Float32Array([z]) },
    target: new Float32Array([label]),
    mask: new Float32Array([1]),
    weight: 1,
  } satisfies Example,
});

const rows = [
  row('chat', 0, 3), // benign source, scored high: the hard negative
  row('chat', 0, -2),
  row('mixed', 0, 5), // a mixed corpus's negative: never mined (may be label noise)
  row('mixed', 1, -4), // a positive of a source not vouched for: never mined
  row('qa', 1, -3), // the vouched source's positive scored lowest: the hard positive
  row('qa', 1, 2),
];

describe('hard-example mining', () => {
  it('boosts the highest-scored rows of all-benign sources only', () => {
    const examples = rows.map((r) => r.example);
    const mined = mineHardNegatives(model, examples, rows, new Set(['chat']), 1, {
      share: 0.5,
      boost: 3,
    });
    assert.equal(mined, 1);
    assert.deepEqual(
      examples.map((e) => e.weight),
      [3, 1, 1, 1, 1, 1],
    );
  });

  it('boosts the lowest-scored positives of the named sources only', () => {
    const examples = rows.map((r) => r.example);
    const mined = mineHardPositives(model, examples, rows, 1, {
      share: 0.5,
      boost: 4,
      sources: ['qa'],
    });
    assert.equal(mined, 1);
    assert.deepEqual(
      examples.map((e) => e.weight),
      [1, 1, 1, 1, 4, 1],
    );
  });
});
