import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  averagePrecision,
  classifyMetrics,
  operatingPoints,
  rocAuc,
  type ScoredRow,
} from './classify-metrics.js';

const row = (label: 0 | 1, flagged: boolean, score = flagged ? 1 : 0, categories: string[] = []) =>
  ({ label, flagged, score, categories, ruleScores: { r: score } }) satisfies ScoredRow;

const close = (actual: number | undefined, expected: number) => {
  assert.ok(actual !== undefined, `expected ${expected}, got undefined`);
  assert.ok(Math.abs(actual - expected) < 1e-9, `expected ${expected}, got ${actual}`);
};

describe('averagePrecision and rocAuc', () => {
  it('when a positive and a negative tie, then the tie group enters at once, whatever the row order', () => {
    // Scores 0.9 (+), 0.8 (−), 0.8 (+), 0.1 (−). AP = 0.5·1 + 0.5·(2/3) = 5/6; with the
    // positive ranked first inside the tie it would wrongly be 1.
    const a = [
      { label: 1, score: 0.9 },
      { label: 0, score: 0.8 },
      { label: 1, score: 0.8 },
      { label: 0, score: 0.1 },
    ] as const;
    const b = [a[0], a[2], a[1], a[3]];
    close(averagePrecision(a), 5 / 6);
    close(averagePrecision(b), 5 / 6);
    // Pairs: (.9,.8)=1 (.9,.1)=1 (.8,.8)=½ (.8,.1)=1 → 3.5/4.
    close(rocAuc(a), 0.875);
    close(rocAuc(b), 0.875);
  });

  it('when every score is equal, then AP is the positive rate and ROC-AUC is one half', () => {
    const rows = [1, 1, 0, 0, 0].map((label) => ({ label: label as 0 | 1, score: 0.3 }));
    close(averagePrecision(rows), 2 / 5);
    close(rocAuc(rows), 0.5);
  });

  it('when positives rank last, then ROC-AUC is 0 and AP is hand-computed', () => {
    const rows = [
      { label: 0, score: 0.9 },
      { label: 0, score: 0.8 },
      { label: 1, score: 0.2 },
      { label: 1, score: 0.1 },
    ] as const;
    // At .2: R=.5, P=1/3; at .1: R=1, P=.5 → AP = .5/3 + .5·.5 = 5/12.
    close(averagePrecision(rows), 5 / 12);
    close(rocAuc(rows), 0);
  });

  it('when a class is empty, then the figures are undefined rather than 0 or 1', () => {
    assert.equal(averagePrecision([{ label: 0, score: 1 }]), undefined);
    assert.equal(rocAuc([{ label: 1, score: 1 }]), undefined);
    assert.equal(rocAuc([]), undefined);
  });
});

describe('classifyMetrics', () => {
  it('when a file has both classes, then every figure is there and matches the hand count', () => {
    // TP 2, FN 1, FP 1, TN 1.
    const m = classifyMetrics(
      [row(1, true), row(1, false), row(1, true), row(0, true), row(0, false)],
      { sweep: false },
    );
    assert.deepEqual([m.n, m.positives, m.tp, m.fp, m.tn, m.fn], [5, 3, 2, 1, 1, 1]);
    close(m.precision, 2 / 3);
    close(m.recall, 2 / 3);
    close(m.f1, 2 / 3);
    close(m.fpr, 0.5);
    close(m.accuracy, 3 / 5);
    // Scores follow the decision: group 1 has TP 2, FP 1 (R 2/3, P 2/3); group 0 adds the rest.
    close(m.auprc, (2 / 3) * (2 / 3) + (1 / 3) * (3 / 5));
    close(m.roc_auc, (2 * (1 + 0.5) + 1 * 0.5) / 6);
    assert.equal(m.sweep, undefined);
  });

  it('when every row is positive, then only recall (with its counts) is reported', () => {
    const m = classifyMetrics([row(1, true), row(1, false), row(1, true)], { sweep: false });
    close(m.recall, 2 / 3);
    assert.deepEqual([m.tp, m.fn], [2, 1]);
    for (const key of ['precision', 'f1', 'fpr', 'accuracy', 'auprc', 'roc_auc', 'fp', 'tn']) {
      assert.ok(!(key in m), `${key} should be absent`);
    }
  });

  it('when every row is negative, then only the false-positive rate (with its counts) is reported', () => {
    const m = classifyMetrics([row(0, true), row(0, false), row(0, false), row(0, false)], {
      sweep: false,
    });
    close(m.fpr, 0.25);
    assert.deepEqual([m.fp, m.tn], [1, 3]);
    for (const key of ['precision', 'recall', 'f1', 'accuracy', 'auprc', 'roc_auc', 'tp', 'fn']) {
      assert.ok(!(key in m), `${key} should be absent`);
    }
  });

  it('when nothing is flagged in a mixed file, then precision is absent and F1 is 0', () => {
    const m = classifyMetrics([row(1, false), row(0, false)], { sweep: false });
    assert.ok(!('precision' in m));
    assert.equal(m.recall, 0);
    assert.equal(m.f1, 0);
  });

  it('when rows carry categories, then each gets recall on its positives and FPR on its negatives', () => {
    const m = classifyMetrics(
      [
        row(1, true, 1, ['threat']),
        row(1, false, 0, ['threat', 'slur']),
        row(0, true, 1, ['slur']),
        row(0, false, 0, ['slur', 'slur']),
      ],
      { sweep: false },
    );
    assert.deepEqual(m.per_category, {
      slur: { n: 3, positives: 1, recall: 0, fpr: 0.5 },
      threat: { n: 2, positives: 2, recall: 0.5 },
    });
  });

  it('when --sweep is on, then each rule gets one operating point per distinct score', () => {
    const rows: ScoredRow[] = [
      { ...row(1, true), ruleScores: { a: 0.9, b: 0 } },
      { ...row(0, true), ruleScores: { a: 0.6, b: 1 } },
      { ...row(1, false), ruleScores: { a: 0.6, b: 0 } },
    ];
    const m = classifyMetrics(rows, { sweep: true });
    assert.deepEqual(m.sweep?.a, [
      { threshold: 0.9, flagged: 1, precision: 1, recall: 0.5, fpr: 0 },
      { threshold: 0.6, flagged: 3, precision: 2 / 3, recall: 1, fpr: 1 },
    ]);
    assert.deepEqual(m.sweep?.b?.[0], {
      threshold: 1,
      flagged: 1,
      precision: 0,
      recall: 0,
      fpr: 1,
    });
  });
});

describe('operatingPoints', () => {
  it('when a file has positives only, then points carry recall and no FPR', () => {
    assert.deepEqual(
      operatingPoints([
        { label: 1, score: 0.7 },
        { label: 1, score: 0.2 },
      ]),
      [
        { threshold: 0.7, flagged: 1, precision: 1, recall: 0.5 },
        { threshold: 0.2, flagged: 2, precision: 1, recall: 1 },
      ],
    );
  });
});
