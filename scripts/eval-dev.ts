/**
 * `npm run eval:dev`: measures the shipped policies, and each rule of `default` as a scanner on
 * its own, on every file of ../shared/data/dev, and writes docs/evaluation.md. It measures what
 * is there today; it sets no target. Skips (exit 0) where ../shared/data/dev does not exist: a
 * fresh clone has no ../shared. The datasets' text never goes into the document, only figures.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { readDataset } from '../src/eval/dataset.js';
import { evaluate, type EvalOptions } from '../src/eval/evaluate.js';
import { markdownTable } from '../src/eval/render.js';
import { scannerPolicy } from '../src/eval/scanner-policy.js';
import { fmt, reportTables, type Table } from '../src/eval/tables.js';
import { DEFAULT_TYPE_MAP } from '../src/eval/type-map.js';
import type { Dataset, EvalReport, PooledReport } from '../src/eval/types.js';
import type { LoadOptions } from '../src/policy/load.js';
import { loadPolicySet } from '../src/policy/store.js';
import type { Policy } from '../src/policy/types.js';
import { allScanners } from '../src/scanners/registry.js';

const ROOT = resolve(import.meta.dirname, '..');
// PARAPET_EVAL_DEV_DATA points elsewhere (another split, or a missing folder to check the skip).
const DATA = resolve(ROOT, process.env.PARAPET_EVAL_DEV_DATA ?? '../shared/data/dev');
const OUT = join(ROOT, 'docs/evaluation.md');
const LOAD: LoadOptions = {
  scanners: allScanners,
  deps: { countTokens: () => Promise.reject(new Error('no chat model in eval:dev')) },
};

/** Every dataset, by task folder; `file` is shown relative to the dev folder. */
function datasets(): Dataset[] {
  const folders = readdirSync(DATA, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return folders.flatMap((folder) =>
    readdirSync(join(DATA, folder))
      .filter((name) => name.endsWith('.jsonl'))
      .sort()
      .map((name) => ({ ...readDataset(join(DATA, folder, name)), file: `${folder}/${name}` })),
  );
}

function options(policy: Policy, spanRules: EvalOptions['spanRules']): EvalOptions {
  const subject =
    spanRules === 'redact'
      ? {
          policy: policy.product,
          policy_version: policy.version,
          policy_sha256: policy.sha256,
          mode: policy.mode,
        }
      : { scanner: policy.input[0]?.scanner ?? '', scanner_version: '', params: null };
  return {
    policy,
    subject,
    stage: 'input',
    countFlag: false,
    // Operating points for the other policies only, to tell which rule blocks what; the
    // detailed default tables would drown in them.
    sweep: policy.product !== 'default' && spanRules === 'redact',
    typeMap: DEFAULT_TYPE_MAP,
    spanRules,
  };
}

/** One line per pooled task: the few figures a policy owner reads first. */
function pooledRow(name: string, task: string, p: PooledReport): string[] {
  const m = p.task === 'spans' ? p.micro : p;
  const fpr = p.task === 'spans' ? undefined : p.fpr;
  const auprc = p.task === 'spans' ? undefined : p.auprc;
  return [name, task, String(p.n), ...[m.recall, fpr, m.precision, m.f1, auprc].map((v) => fmt(v))];
}

function summaryTable(runs: readonly [string, EvalReport][]): Table {
  return {
    title: '',
    headers: ['measured', 'task', 'rows', 'recall', 'FPR', 'precision', 'F1', 'AUPRC'],
    numericFrom: 2,
    rows: runs.flatMap(([name, report]) =>
      Object.entries(report.pooled).map(([task, p]) => pooledRow(name, task, p)),
    ),
  };
}

const pct = (v: number | undefined) => (v === undefined ? 'n/a' : `${(v * 100).toFixed(1)} %`);

function figures(report: EvalReport) {
  const pooled = (task: string) => report.pooled[task];
  const file = (path: string) => report.files.find((f) => f.file === path);
  const recall = (task: string) => {
    const p = pooled(task);
    return pct(p?.task === 'spans' ? p.micro.recall : p?.recall);
  };
  const fileFigure = (path: string, key: 'recall' | 'fpr') => {
    const f = file(path);
    return pct(f?.task === 'classify' ? f[key] : undefined);
  };
  const spans = pooled('pii');
  const micro = spans?.task === 'spans' ? spans.micro : undefined;
  const ms = report.files.flatMap((f) => [f.latency_ms.p50]);
  return { recall, fileFigure, micro, medianP50: [...ms].sort((a, b) => a - b)[ms.length >> 1] };
}

/** What the strictest shipped policy adds, and which of its rules the false positives come from. */
function kidsTutorLine(kids: EvalReport | undefined): string {
  const pi = kids?.pooled.prompt_injection;
  if (pi?.task !== 'classify') return '';
  const length = pi.sweep?.['input-length']?.find((p) => p.threshold === 1);
  const byLength =
    length?.fpr === undefined
      ? ''
      : `; its 2,000-character \`input-length\` rule alone blocks ${pct(length.fpr)} of the benign rows (long documents)`;
  return `- **\`kids-tutor\` is the strictest policy:** prompt-injection recall ${pct(pi.recall)} at FPR ${pct(pi.fpr)}${byLength}.`;
}

/** The `pii` scanner alone, while no shipped policy uses it yet. */
function piiScannerLine(pii: EvalReport | undefined): string {
  const pooled = pii?.pooled.pii;
  if (pooled?.task !== 'spans') return '';
  const wnut = pii?.files.find((f) => f.file.startsWith('pii/wnut17'));
  const predicted =
    wnut?.task === 'spans'
      ? Object.entries(wnut.per_type).filter(([, t]) => t.predicted > 0 && t.gold === 0)
      : [];
  const unlabeled = predicted.map(([type, t]) => `${t.predicted} ${type}`).join(', ');
  const wnutP = unlabeled
    ? ` (WNUT-17 labels only persons, places and organisations: its ${unlabeled} predictions there count as false positives)`
    : '';
  return `- **The \`pii\` scanner on its own** (with its defaults) reaches exact-match micro recall ${pct(pooled.micro.recall)} at precision ${pct(pooled.micro.precision)}${wnutP}. Persons and places come from gazetteers with capitalisation and context, combined with the learned name tagger ner-v1 (on by default), street addresses and organisations from patterns with street-suffix and company-suffix lists (per-type figures and the issue's targets: [scanners.md](scanners.md#pii)); the shipped policies redact only the checksum-validated entities, not names, because a false name redaction changes what the customer said.`;
}

/** The short reading at the top; the figures come from this run, the explanations from the code. */
function reading(
  main: EvalReport,
  kids: EvalReport | undefined,
  pii: EvalReport | undefined,
): string {
  const f = figures(main);
  const pi = main.pooled.prompt_injection;
  const piFpr = pi?.task === 'classify' ? pct(pi.fpr) : 'n/a';
  const tox = main.pooled.toxicity;
  const toxFpr = tox?.task === 'classify' ? pct(tox.fpr) : 'n/a';
  const harm = main.pooled.harmful_requests;
  const harmFpr = harm?.task === 'classify' ? pct(harm.fpr) : 'n/a';
  const typed = Object.entries(main.files.find((x) => x.task === 'spans')?.per_type ?? {})
    .filter(([, t]) => t.predicted > 0)
    .map(([type]) => type);
  return [
    '## What the numbers say',
    `- **The shipped policies combine phrase lists, regular expressions, checksum-validated PII and secret recognizers, named rules on normalized text (look-alikes, invisible characters, leetspeak, base64 and spaced letters undone; reversed and ROT13 text when it then reads as language) and small bundled linear classifiers (hashed word and character n-grams, scored per sentence)** for toxicity, prompt injection and harmful requests. Model cards, per-rule figures and the targets met and missed: [models.md](models.md); how much each rewrite (homoglyphs, zero-width, leetspeak, base64, mixed case, spaced letters, reversed, ROT13) changes each classifier rule's catch rate: [evasion.md](evasion.md).`,
    `- **Toxicity: recall ${f.recall('toxicity')} at FPR ${toxFpr}; harmful requests: recall ${f.recall('harmful_requests')} at FPR ${harmFpr}.** Toxicity is the \`toxicity\` rule (toxicity-v2) together with every other input rule; the model alone, per file, and the targets it misses: [models.md](models.md).`,
    `- **Prompt injection: recall ${f.recall('prompt_injection')} at FPR ${piFpr}.** The \`prompt-injection\` rule (named rules plus prompt-injection-v2, blocking at 0.95 so long benign role-play prompts pass) catches Tensor Trust attacks at ${f.fileFigure('prompt_injection/tensor_trust_attacks.dev.jsonl', 'recall')} and deepset's at ${f.fileFigure('prompt_injection/deepset_prompt_injections.dev.jsonl', 'recall')}, and blocks ${f.fileFigure('prompt_injection/notinject.dev.jsonl', 'fpr')} of NotInject's benign trigger-word prompts. Injected tasks hidden in documents (BIPIA ${f.fileFigure('prompt_injection/bipia_indirect.dev.jsonl', 'recall')}) are caught when they order something about the AI's reply inside a table, email or code (the \`data-instruction\` rule); plain questions slipped into a document still pass, and the BIPIA false positives are the harmful-request rule on code documents. Harmful requests are blocked when a category (named rule or harmful-request-v2's head) reaches 0.8 or the overall harmful score 0.84, and flagged for review from 0.7 (see models.md).`,
    `- **PII spans: exact-match micro recall ${f.recall('pii')}, precision ${pct(f.micro?.precision)}.** \`default\` predicts ${typed.join(', ') || 'no type'} here (the \`pii\` scanner's checksum-validated entities); it leaves persons, places, organisations and street addresses to products that opt in (the \`pii\` scanner finds them, see below), and they are most of the labelled spans. \`kids-tutor\` adds a street-address pattern (see the first table).`,
    kidsTutorLine(kids),
    piiScannerLine(pii),
    '- **AUPRC and ROC-AUC** rank rows by the scores of the rules that block: the classifier rules (toxicity, prompt injection) give them a ranking to measure; phrase, pattern and category rules score 0 or 1, where AUPRC falls to the share of positives and ROC-AUC to 0.5 (no ranking signal, not a bug).',
    `- **Latency:** the median per-file p50 of the whole input stage is ${f.medianP50?.toFixed(2) ?? 'n/a'} ms per row (rows one at a time, a fresh scan cache per row, one untimed warm-up). Invisible next to a Gemma completion.`,
  ].join('\n');
}

/** Localizing detectors are there to find spans; the others to flag rows. */
const fitting = (all: readonly Dataset[], spans: boolean) =>
  all.filter((d) => d.kind === (spans ? 'spans' : 'classify'));

/**
 * Each input rule of `default` as its own scanner, where it fits (block rules on the
 * classification files, redact rules on the span files), then every registered scanner that
 * runs with its default params, localizing ones on the span files.
 */
async function scannersAlone(
  policy: Policy,
  all: readonly Dataset[],
): Promise<[string, EvalReport][]> {
  const runs: [string, EvalReport][] = [];
  for (const rule of policy.input) {
    const alone = scannerPolicy(rule.scanner, rule.params, 'input', LOAD);
    const fits = fitting(all, rule.action === 'redact');
    runs.push([`${rule.scanner} (${rule.id})`, await evaluate(fits, options(alone, 'localizing'))]);
  }
  for (const scanner of allScanners.filter((s) => s.params.safeParse({}).success)) {
    const alone = scannerPolicy(scanner.id, undefined, 'input', LOAD);
    const fits = fitting(all, scanner.localizes);
    runs.push([`${scanner.id} (defaults)`, await evaluate(fits, options(alone, 'localizing'))]);
  }
  return runs;
}

const DETAILED = new Set(['Per category (recall on its positives, FPR on its negatives)']);

function section(table: Table): string {
  const body = markdownTable(table);
  const long = DETAILED.has(table.title) || table.rows.length > 30;
  return long
    ? `### ${table.title}\n\n<details><summary>${table.rows.length} rows</summary>\n\n${body}\n\n</details>`
    : `### ${table.title}\n\n${body}`;
}

interface Measured {
  readonly all: readonly Dataset[];
  readonly byPolicy: readonly [string, EvalReport][];
  readonly alone: readonly [string, EvalReport][];
  readonly seconds: number;
}

async function measure(): Promise<Measured> {
  const started = performance.now();
  const all = datasets();
  const policies = loadPolicySet(join(ROOT, 'policies'), LOAD);
  const byPolicy: [string, EvalReport][] = [];
  for (const policy of policies.list()) {
    byPolicy.push([policy.product, await evaluate(all, options(policy, 'redact'))]);
  }
  const base = policies.get('default');
  if (!base) throw new Error('the shipped default policy is missing');
  const alone = await scannersAlone(base, all);
  return { all, byPolicy, alone, seconds: (performance.now() - started) / 1000 };
}

function document(m: Measured): string {
  const report = (name: string) => m.byPolicy.find(([p]) => p === name)?.[1];
  const main = report('default');
  if (!main) throw new Error('the shipped default policy is missing');
  const rows = m.all.reduce((n, d) => n + d.rows.length, 0);
  const date = new Date().toISOString().slice(0, 10);
  return [
    '# Evaluation on the development datasets',
    [
      '```sh',
      'npm run eval:dev   # scripts/eval-dev.ts: writes this file',
      '# the default policy alone, the same figures:',
      'npx parapet eval --policy default --data ../shared/data/dev/*/*.jsonl --format markdown',
      '```',
    ].join('\n'),
    `Measured ${date} on ${relative(ROOT, DATA)} (${m.all.length} files, ${rows} rows), input stage, Node ${process.version}, ${cpus().length} CPU cores; the run took ${m.seconds.toFixed(0)} s. These figures measure the policies as they ship today; they are not targets, and a number tuned on these development splits can still fall on the held-out ones.`,
    reading(main, report('kids-tutor'), m.alone.find(([name]) => name === 'pii (defaults)')?.[1]),
    '## Every shipped policy, pooled per task\n\nFor the span task (`pii`), recall, precision and F1 are the exact-match micro-averaged entity figures. The other policies extend `default`, so they differ from it only by the rules they add.',
    markdownTable(summaryTable(m.byPolicy)),
    "## Each scanner on its own\n\n`parapet eval --scanner ID --params '<the rule's params>'`: one rule, action block, threshold 0.5. Block rules are scored on the classification files, redact rules on the span files; then each registered scanner that runs without params, with its defaults (localizing ones on the span files).",
    markdownTable(summaryTable(m.alone)),
    '## The `default` policy in detail',
    `- score: ${main.score_source}\n- spans: ${main.span_source}`,
    ...reportTables(main).map(section),
  ].join('\n\n');
}

if (existsSync(DATA)) {
  const markdown = document(await measure());
  const config = (await resolveConfig(OUT)) ?? {};
  writeFileSync(OUT, await format(markdown, { ...config, parser: 'markdown' }));
  process.stdout.write(`wrote ${relative(ROOT, OUT)}\n`);
} else {
  process.stdout.write(
    `eval:dev skipped: ${DATA} does not exist (the dev datasets live outside the repository)\n`,
  );
}
