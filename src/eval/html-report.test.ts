import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderReport } from './render.js';
import { binScores } from './svg-charts.js';
import type { ClassifyFileReport, EvalReport, OperatingPoint } from './types.js';

const run = { errors: 0, latency_ms: { p50: 1, p95: 2, p99: 3 }, rows_per_second: 500 };
const EVIL_RULE = '<img src=x onerror=alert(1)>';
const EVIL_FILE = 'd/"a&b"<i>.jsonl';
const SECRET = 'my card is 4111 1111 1111 1111 <b>';

// Scores 0.9 (pos, pos), 0.6 (neg, pos), 0.2 (neg, neg): 6 rows, 3 positives.
const sweep: OperatingPoint[] = [
  { threshold: 0.9, flagged: 2, precision: 1, recall: 2 / 3, fpr: 0 },
  { threshold: 0.6, flagged: 4, precision: 0.75, recall: 1, fpr: 1 / 3 },
  { threshold: 0.2, flagged: 6, precision: 0.5, recall: 1, fpr: 1 },
];

function file(name: string, extra: Partial<ClassifyFileReport> = {}): ClassifyFileReport {
  return {
    file: name,
    group: 'd',
    task: 'classify',
    n: 6,
    positives: 3,
    tp: 3,
    fp: 1,
    tn: 2,
    fn: 0,
    precision: 0.75,
    recall: 1,
    per_category: {},
    sweep: { [EVIL_RULE]: sweep, plain: sweep },
    ...run,
    ...extra,
  };
}

function report(files: ClassifyFileReport[]): EvalReport {
  return {
    format_version: 1,
    subject: { policy: 'shop', policy_version: 2, policy_sha256: 'abc', mode: 'enforce' },
    stage: 'input',
    count_flag: false,
    score_source: 'max score of the block rules',
    span_source: 'none',
    rules: [
      { id: EVIL_RULE, scanner: 'banned-phrases', action: 'block', threshold: 0.5 },
      { id: 'plain', scanner: 'pii', action: 'block', threshold: 0, thresholds: { EMAIL: 0.7 } },
    ],
    files,
    pooled: {},
  };
}

/** Occurrences of an element with these leading attributes, whatever the whitespace between. */
const count = (page: string, start: string) => {
  const pattern = start.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+');
  return page.match(new RegExp(pattern, 'g'))?.length ?? 0;
};

describe('html report', () => {
  it('when rendered, then one section per file and per rule, with both charts and the threshold marked', () => {
    const page = renderReport(report([file('d/one.jsonl'), file(EVIL_FILE)]), 'html');
    assert.match(page, /^<!doctype html>/);
    assert.equal(count(page, '<section class="file"'), 2);
    assert.equal(count(page, '<section class="rule"'), 4);
    assert.equal(count(page, '<svg class="chart pr-chart"'), 4);
    assert.equal(count(page, '<svg class="chart score-chart"'), 4);
    // Each chart marks the threshold: the PR point where the rule operates, the score line.
    assert.equal(count(page, 'class="threshold-marker" data-threshold="0.5"'), 4);
    assert.equal(count(page, 'class="threshold-marker" data-threshold="0.7"'), 4);
    assert.match(page, />threshold 0\.50</);
    assert.match(page, />EMAIL 0\.70</);
    // At 0.5 the rule flags the rows scoring 0.6 and up: that row of the sweep is highlighted.
    assert.match(
      page,
      /<tr class="at-threshold">\s*<td>0\.600<\/td>\s*<td>4<\/td>\s*<td>0\.750<\/td>/,
    );
  });

  it('when names hold markup, then they are escaped everywhere and nothing is fetched', () => {
    const page = renderReport(report([file(EVIL_FILE)]), 'html');
    assert.ok(!page.includes('<img'), 'a rule id became markup');
    assert.ok(!page.includes('<i>'), 'a file name became markup');
    assert.ok(page.includes('&lt;img src=x onerror=alert(1)&gt;'));
    assert.ok(page.includes('d/&quot;a&amp;b&quot;&lt;i&gt;.jsonl'));
    // Attribute values aside (escaped names live there), no tag may point anywhere.
    const markup = page.replace(/"[^"]*"/g, '""');
    assert.doesNotMatch(markup, /<[^>]*\s(?:src|href|xlink:href)\s*=|url\(|@import|<script|<link/i);
    assert.match(
      page,
      /"Content-Security-Policy"\s+content="default-src 'none'; style-src 'unsafe-inline'"/,
    );
  });

  it('when errors carry no text, then none is shown; with --show-text, it is shown escaped', () => {
    const error = { line: 3, id: 'r-3', label: 0 as const, rules: [] };
    const without = renderReport(
      report([file('d/one.jsonl', { false_positives: [error] })]),
      'html',
    );
    assert.match(without, /false positives in d\/one\.jsonl: 1/);
    assert.ok(!without.includes('4111'));
    const withText = renderReport(
      report([file('d/one.jsonl', { false_positives: [{ ...error, text: SECRET }] })]),
      'html',
    );
    assert.ok(withText.includes('4111 1111 1111 1111 &lt;b&gt;'));
  });

  it('when a file has one label only, then the PR chart gives way to a note and the scores still show', () => {
    const negatives = file('d/benign.jsonl', {
      positives: 0,
      sweep: { plain: [{ threshold: 0.3, flagged: 2, fpr: 1 }] },
    });
    const page = renderReport(report([negatives]), 'html');
    assert.equal(count(page, '<svg class="chart pr-chart"'), 0);
    assert.match(page, /this file has only\s+negatives/);
    assert.equal(count(page, '<svg class="chart score-chart"'), 1);
  });

  it('when scores are binned, then each falls in its 0.05 bin and 1 in the last', () => {
    const bins = binScores([
      { score: 0, pos: 0, neg: 2 },
      { score: 0.52, pos: 1, neg: 0 },
      { score: 1, pos: 3, neg: 1 },
    ]);
    assert.equal(bins.length, 20);
    assert.deepEqual([bins[0]?.neg, bins[10]?.pos, bins[19]?.pos, bins[19]?.neg], [2, 1, 3, 1]);
  });
});
