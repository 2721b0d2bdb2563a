import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkGates, describeGate } from './gates.js';
import { latencySummary, percentile, rowsPerSecond } from './numbers.js';
import { renderReport } from './render.js';
import { DEFAULT_TYPE_MAP, mapKind, parseTypeMap } from './type-map.js';
import type { ClassifyFileReport, EvalReport, SpanFileReport } from './types.js';

const run = { errors: 0, latency_ms: { p50: 1, p95: 2, p99: 3 }, rows_per_second: 500 };

const mixed: ClassifyFileReport = {
  file: 'd/mixed.jsonl',
  group: 'd',
  task: 'classify',
  n: 4,
  positives: 2,
  tp: 1,
  fp: 1,
  tn: 1,
  fn: 1,
  precision: 0.5,
  recall: 0.5,
  f1: 0.5,
  fpr: 0.5,
  accuracy: 0.5,
  auprc: 0.5,
  roc_auc: 0.5,
  per_category: { 'a|b': { n: 2, positives: 1, recall: 1, fpr: 0 } },
  ...run,
};
const attacks: ClassifyFileReport = {
  file: 'd/attacks.jsonl',
  group: 'd',
  task: 'classify',
  n: 2,
  positives: 2,
  tp: 2,
  fn: 0,
  recall: 1,
  per_category: {},
  ...run,
};
const none = { overlap: {}, token: {} };
const spans: SpanFileReport = {
  file: 'pii/s.jsonl',
  group: 'pii',
  task: 'spans',
  n: 3,
  per_type: {
    EMAIL: { gold: 2, predicted: 1, precision: 1, recall: 0.5, f1: 2 / 3, f2: 5 / 9, ...none },
  },
  micro: { gold: 2, predicted: 1, precision: 1, recall: 0.5, f1: 2 / 3, f2: 5 / 9, ...none },
  ...run,
};

const report: EvalReport = {
  format_version: 1,
  subject: { policy: 'shop', policy_version: 2, policy_sha256: 'abc', mode: 'enforce' },
  stage: 'input',
  count_flag: false,
  score_source: 'max score of the block rules',
  span_source: 'redact rules',
  rules: [{ id: 'injection', scanner: 'banned-phrases', action: 'block', threshold: 0.5 }],
  files: [mixed, attacks, spans],
  pooled: {},
};

describe('checkGates', () => {
  it('when limits are given, then each file is checked only where the figure exists', () => {
    const results = checkGates(report.files, { minRecall: 0.6, maxFpr: 0.4, minF1: 0.6 });
    assert.deepEqual(
      results.map((r) => [r.file, r.gate, r.passed]),
      [
        ['d/mixed.jsonl', 'min_recall', false],
        ['d/mixed.jsonl', 'max_fpr', false],
        ['d/mixed.jsonl', 'min_f1', false],
        ['d/attacks.jsonl', 'min_recall', true],
        ['pii/s.jsonl', 'min_recall', false],
        ['pii/s.jsonl', 'min_f1', true],
      ],
    );
    assert.equal(describeGate(results[1]!), 'd/mixed.jsonl: fpr 0.500 > --max-fpr 0.4');
    assert.equal(describeGate(results[4]!), 'pii/s.jsonl: recall 0.500 < --min-recall 0.6');
  });
});

describe('renderReport', () => {
  it('when rendered as JSON, then it round-trips and absent figures stay absent', () => {
    const parsed = JSON.parse(renderReport(report, 'json')) as EvalReport;
    assert.deepEqual(parsed, report);
    assert.ok(!('precision' in (parsed.files[1] ?? {})));
  });

  it('when rendered as a table or markdown, then absent figures show as "-" and pipes are escaped', () => {
    const table = renderReport(report, 'table');
    assert.match(table, /^parapet eval: policy shop v2 \(enforce\), input stage$/m);
    assert.match(table, /^d\/attacks\.jsonl\s+2\s+2\s+2\s+-\s+-\s+0\s+-\s+1\.000/m);
    const markdown = renderReport(report, 'markdown');
    assert.match(markdown, /^### Classification, per file$/m);
    assert.match(markdown, /^\| file \| n \| pos \|/m);
    assert.match(markdown, /\| d\/mixed\.jsonl \| a\\\|b \| 2 \| 1 \| 1\.000 \| 0\.000 \|/);
    assert.match(
      markdown,
      /^\| pii\/s\.jsonl \| EMAIL \| 2 \| 1 \| 1\.000 \| 0\.500 \| 0\.667 \| 0\.556 \|/m,
    );
  });
});

describe('type map', () => {
  it('when no map is given, then the shipped kinds map to the dataset types and others pass through', () => {
    assert.equal(mapKind(DEFAULT_TYPE_MAP, 'EMAIL_ADDRESS'), 'EMAIL');
    assert.equal(mapKind(DEFAULT_TYPE_MAP, 'US_SSN'), 'SSN');
    assert.equal(mapKind(DEFAULT_TYPE_MAP, 'ORDER_ID'), 'ORDER_ID');
  });

  it('when a map is given inline or as a file, then it overrides the default and null drops a kind', () => {
    const inline = parseTypeMap('{"ORDER_ID": null, "EMAIL_ADDRESS": "MAIL"}');
    assert.equal(mapKind(inline, 'ORDER_ID'), undefined);
    assert.equal(mapKind(inline, 'EMAIL_ADDRESS'), 'MAIL');
    assert.equal(mapKind(inline, 'US_SSN'), 'SSN');
    const path = join(mkdtempSync(join(tmpdir(), 'parapet-type-map-')), 'map.json');
    writeFileSync(path, '{"NAME": "PERSON"}');
    assert.equal(mapKind(parseTypeMap(path), 'NAME'), 'PERSON');
    assert.throws(() => parseTypeMap('{"A": 1}'), /must be an object of kind/);
    assert.throws(() => parseTypeMap('./nope.json'), /no such file/);
  });
});

describe('latency figures', () => {
  it('when latencies are summarized, then percentiles use the nearest rank', () => {
    const ms = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.deepEqual(latencySummary(ms), { p50: 50, p95: 95, p99: 99 });
    assert.equal(percentile([7], 99), 7);
    assert.equal(percentile([], 50), 0);
    assert.equal(rowsPerSecond([2, 2, 4, 2]), 400);
  });
});
