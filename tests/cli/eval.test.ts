/**
 * `parapet eval` as policy owners run it, on the hand-written datasets and policies in
 * tests/fixtures/eval (expected figures are counted by hand in the comments).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ClassifyFileReport, EvalReport, SpanFileReport } from '../../src/eval/types.js';
import { runCli } from '../helpers/cli.js';

const FIX = 'tests/fixtures/eval';
const POLICIES = ['--policies', `${FIX}/policies`];
const MIXED = `${FIX}/prompt_injection/mixed.jsonl`;
const ATTACKS = `${FIX}/prompt_injection/attacks.jsonl`;
const BENIGN = `${FIX}/prompt_injection/benign.jsonl`;
const CONTACTS = `${FIX}/pii/contacts.jsonl`;

const close = (actual: number | undefined, expected: number) => {
  assert.ok(actual !== undefined, `expected ${expected}, got undefined`);
  assert.ok(Math.abs(actual - expected) < 1e-9, `expected ${expected}, got ${actual}`);
};

function classifyFile(report: EvalReport, path: string): ClassifyFileReport {
  const found = report.files.find((f) => f.file === path);
  assert.ok(found?.task === 'classify', `${path} missing from the report`);
  return found;
}

function spanFile(report: EvalReport, path: string): SpanFileReport {
  const found = report.files.find((f) => f.file === path);
  assert.ok(found?.task === 'spans', `${path} missing from the report`);
  return found;
}

// Each case spawns the CLI (~3 s through tsx), so they run side by side.
describe('parapet eval', { concurrency: true }, () => {
  it('when --errors is given, then each false positive and negative is named by line, id and rule, without text', async () => {
    const args = ['eval', '--policy', 'shop', ...POLICIES, '--data', MIXED, CONTACTS, '--errors'];
    const json = await runCli([...args, '--format', 'json']);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as EvalReport;
    const mixed = classifyFile(report, MIXED);
    // mixed-6 quotes the phrase (FP by the injection rule); mixed-3 paraphrases it (FN).
    assert.deepEqual(
      mixed.false_positives?.map((e) => [e.line, e.id, e.rules.map((r) => [r.rule, r.fired])]),
      [[6, 'mixed-6', [['injection', true]]]],
    );
    assert.deepEqual(
      mixed.false_negatives?.map((e) => [e.line, e.id, e.rules[0]?.rule, e.rules[0]?.threshold]),
      [[3, 'mixed-3', 'injection', 0.5]],
    );
    const contacts = spanFile(report, CONTACTS);
    assert.deepEqual(
      contacts.span_errors?.map((e) => e.id),
      ['contacts-2', 'contacts-5', 'contacts-6'],
    );
    const rows = readFileSync(MIXED, 'utf8').split('\n').filter(Boolean);
    const sixth = (JSON.parse(rows[5] ?? '{}') as { text: string }).text;
    assert.ok(!json.stdout.includes(sixth), 'row text printed without --show-text');

    const table = await runCli([...args, '--show-text']);
    assert.equal(table.code, 0, table.stderr);
    assert.match(
      table.stdout,
      /false positives in .*mixed\.jsonl: 1\n {2}line 6 \(id mixed-6\): injection/,
    );
    assert.match(
      table.stdout,
      /false negatives in .*mixed\.jsonl: 1\n {2}line 3 \(id mixed-3\): closest: injection/,
    );
    assert.ok(table.stdout.includes(JSON.stringify(sixth)), 'text missing with --show-text');
  });

  it('when --format html --out is given, then one offline page has charts per file and rule, without row text', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'parapet-eval-')), 'report.html');
    const { code, stdout, stderr } = await runCli([
      'eval',
      ...['--policy', 'shop', ...POLICIES, '--data', MIXED, ATTACKS, '--count-flag', '--errors'],
      ...['--format', 'html', '--out', out],
    ]);
    assert.equal(code, 0, stderr);
    assert.equal(stdout, '');
    assert.equal(stderr, `wrote ${out}\n`);
    const page = readFileSync(out, 'utf8');
    assert.match(page, /^<!doctype html>/);
    // mixed, attacks, and their pooled group; the block and the flag rule in each (no --sweep
    // needed: the charts are drawn from it).
    const sections = [...page.matchAll(/<section class="(file|rule)" data-\w+="([^"]*)"/g)];
    assert.deepEqual(
      sections.map((m) => m[2]),
      [MIXED, 'injection', 'competitor', ATTACKS, 'injection', 'competitor'].concat([
        'pooled: prompt_injection (2 files)',
        'injection',
        'competitor',
      ]),
    );
    assert.equal(page.match(/<svg\s+class="chart score-chart"/g)?.length, 6);
    // attacks.jsonl has positives only: no precision-recall chart there.
    assert.equal(page.match(/<svg\s+class="chart pr-chart"/g)?.length, 4);
    assert.equal(page.match(/class="threshold-marker" data-threshold="0.5"/g)?.length, 10);
    // The quoted phrase (injection) and the competitor mention (flag, counted).
    assert.match(page, /false positives in .*mixed\.jsonl: 2/);
    assert.doesNotMatch(page, /https?:|<script|<link/);
    for (const line of readFileSync(MIXED, 'utf8').split('\n').filter(Boolean)) {
      const { text } = JSON.parse(line) as { text: string };
      assert.ok(!page.includes(text), 'row text in the page without --show-text');
    }
  });

  it('when --show-text is given without --errors, then exit 2 saying so', async () => {
    const { code, stderr } = await runCli([
      'eval',
      '--policy',
      'shop',
      ...POLICIES,
      '--data',
      MIXED,
      '--show-text',
    ]);
    assert.equal(code, 2);
    assert.match(stderr, /--show-text goes with --errors/);
  });

  it('when a policy is measured on classification and span files, then the JSON has the hand-counted figures', async () => {
    const data = [MIXED, ATTACKS, BENIGN, CONTACTS];
    const { code, stdout } = await runCli([
      'eval',
      ...['--policy', 'shop', ...POLICIES, '--data', ...data, '--format', 'json'],
    ]);
    assert.equal(code, 0);
    const report = JSON.parse(stdout) as EvalReport;
    assert.equal(report.format_version, 1);
    assert.deepEqual(report.subject, { ...report.subject, policy: 'shop', policy_version: 2 });
    // mixed: flagged 1, 2, 6 (quoted phrase), 8 → TP 3, FN 1 (paraphrase), FP 1, TN 3.
    const mixed = classifyFile(report, MIXED);
    assert.deepEqual([mixed.tp, mixed.fp, mixed.tn, mixed.fn], [3, 1, 3, 1]);
    assert.deepEqual(
      [mixed.precision, mixed.recall, mixed.f1, mixed.fpr],
      [0.75, 0.75, 0.75, 0.25],
    );
    // Scores 1/0 in two tie groups: .75·.75 + .25·.5; ROC pairs 12/16.
    close(mixed.auprc, 0.6875);
    close(mixed.roc_auc, 0.75);
    assert.deepEqual(mixed.per_category.override, { n: 3, positives: 3, recall: 2 / 3 });
    // Single-class files: only their meaningful figure.
    const attacks = classifyFile(report, ATTACKS);
    assert.deepEqual(
      [attacks.recall, 'precision' in attacks, 'fpr' in attacks],
      [2 / 3, false, false],
    );
    const benign = classifyFile(report, BENIGN);
    assert.deepEqual([benign.fpr, 'recall' in benign, 'auprc' in benign], [0.25, false, false]);
    // Pooled over the folder: 15 rows, 7 positives, TP 5, FP 2.
    const pooled = report.pooled.prompt_injection;
    assert.ok(pooled?.task === 'classify');
    assert.deepEqual([pooled.n, pooled.positives, pooled.tp, pooled.fp], [15, 7, 5, 2]);
    close(pooled.roc_auc, 41 / 56);
    // Spans: EMAIL 2/2 exact; PHONE 1 of 2 found plus 1 false (a ticket number); PERSON missed.
    const contacts = spanFile(report, CONTACTS);
    assert.deepEqual([contacts.micro.gold, contacts.micro.predicted], [5, 4]);
    assert.deepEqual([contacts.micro.precision, contacts.micro.recall], [0.75, 0.6]);
    close(contacts.micro.f2, 0.625);
    assert.equal(contacts.per_type.EMAIL?.f1, 1);
    const phoneTokens = contacts.per_type.PHONE?.token;
    close(phoneTokens?.precision, 0.5);
    close(phoneTokens?.recall, 5 / 11);
    close(phoneTokens?.f1, 2 / 4.2);
    assert.ok(contacts.latency_ms.p99 >= contacts.latency_ms.p50);
    assert.ok(contacts.rows_per_second > 0);
  });

  it('when a shadow policy is measured with --count-flag, then flag decisions count too', async () => {
    const { code, stdout } = await runCli([
      'eval',
      ...['--policy', 'shop-shadow', ...POLICIES, '--data', MIXED],
      ...['--count-flag', '--format', 'json'],
    ]);
    assert.equal(code, 0);
    const mixed = classifyFile(JSON.parse(stdout) as EvalReport, MIXED);
    // The competitor mention (flag) is now a false positive as well: FP 2, TN 2.
    assert.deepEqual([mixed.tp, mixed.fp, mixed.tn, mixed.fn], [3, 2, 2, 1]);
    close(mixed.auprc, 0.75 * 0.6 + 0.25 * 0.5);
  });

  it('when a file misses a gate, then the table is printed, the file and gate are named, and the exit is 1', async () => {
    const { code, stdout, stderr } = await runCli([
      'eval',
      ...['--policy', 'shop', ...POLICIES, '--data', MIXED, ATTACKS, '--min-recall', '0.7'],
    ]);
    assert.equal(code, 1);
    assert.match(stdout, /^Classification, per file$/m);
    assert.match(stdout, /^Gates$/m);
    assert.equal(stderr, `gate failed: ${ATTACKS}: recall 0.667 < --min-recall 0.7\n`);
  });

  it('when a file has a malformed line, then the exit is 2 with file:line and none of its text', async () => {
    const { code, stdout, stderr } = await runCli([
      'eval',
      ...['--policy', 'shop', ...POLICIES, '--data', MIXED, `${FIX}/malformed/broken.jsonl`],
    ]);
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.equal(stderr, `parapet eval: ${FIX}/malformed/broken.jsonl:3: not valid JSON\n`);
  });

  it('when one scanner is measured alone, then its params are validated like a policy and the report goes to --out', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'parapet-eval-')), 'report.md');
    const params = JSON.stringify({
      patterns: [{ name: 'PHONE_NUMBER', pattern: '\\(?\\d{3}\\)?[ -]\\d{3}-\\d{4}' }],
    });
    const good = await runCli([
      'eval',
      ...['--scanner', 'regex', '--params', params, '--data', CONTACTS],
      ...['--format', 'markdown', '--out', out, '--type-map', '{"PHONE_NUMBER":"PHONE"}'],
    ]);
    assert.equal(good.code, 0, good.stderr);
    assert.equal(good.stdout, '');
    const markdown = readFileSync(out, 'utf8');
    assert.match(markdown, /^- parapet eval: scanner regex v1 alone/m);
    // Both phone numbers and the ticket number: PHONE exact P 2/3, R 1.
    assert.match(markdown, /\| PHONE \| 2 \| 3 \| 0\.667 \| 1\.000 \|/);
    const bad = await runCli([
      'eval',
      '--scanner',
      'regex',
      '--params',
      '{"patterns":[]}',
      '--data',
      CONTACTS,
    ]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^parapet eval: --params patterns: /);
  });
});
