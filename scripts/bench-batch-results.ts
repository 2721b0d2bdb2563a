/**
 * What it costs a scan worker to build and post one batch's results, per-job packed objects (the
 * format before `src/classifiers/batch-results.ts`, copied below) against one packed value per
 * batch, alternated round by round in one process; the ratios are the figures to read.
 *
 *   node --import tsx scripts/bench-batch-results.ts [--batches 20000] [--rounds 3]
 *
 * The batch is shaped like one ~1 KB support message's input stage: the language ranking, the
 * toxicity and prompt-injection models' scores (real ones, bundled models), and eight scans, one
 * with two findings. "post" is port.postMessage (the sender's serialization); "clone" is a
 * structuredClone (serialization and the receiver's deserialization).
 */
import { MessageChannel } from 'node:worker_threads';
import { parseArgs } from 'node:util';
import type { ScanResult, TextScores } from '../src/contract/types.js';
import { ResultsWriter } from '../src/classifiers/batch-results.js';
import { BUNDLED_MODELS_DIR } from '../src/classifiers/classifier-cache.js';
import { loadLinearModel, scoreText } from '../src/classifiers/linear/linear-model.js';
import { bundledToxicityDir } from '../src/classifiers/toxicity-models.js';
import { rankLanguages } from '../src/text/trigram-language.js';
import { messageOf } from './bench/support-messages.js';

const { values } = parseArgs({
  options: {
    batches: { type: 'string', default: '20000' },
    rounds: { type: 'string', default: '3' },
  },
});
const text = messageOf('1kb', 1);
const ranked = rankLanguages(text, 0);
const models = await Promise.all(
  [bundledToxicityDir('v2'), `${BUNDLED_MODELS_DIR}prompt-injection-v2`].map(loadLinearModel),
);
const scores: TextScores[] = models.map((m) => ({ model: m.file.name, ...scoreText(m, text) }));
const finding = { kind: 'EMAIL', score: 1, span: { start: 12, end: 31 } };
const scans: ScanResult[] = Array.from({ length: 8 }, (_, i) =>
  i === 0
    ? { score: 1, findings: [finding, { ...finding, note: 'masked' }] }
    : { score: 0, findings: [] },
);

/** Before: two or three typed arrays and a few strings per job (scan-messages.ts at a1da292). */
function perJob(): unknown {
  const results: unknown[] = [
    {
      ok: true,
      ranked: {
        languages: ranked.map(([l]) => l).join(' '),
        scores: Float64Array.from(ranked, ([, s]) => s),
      },
    },
  ];
  for (const r of scores) {
    const labels = Object.keys(r.scores);
    const windowOf = new Int32Array(2 * labels.length);
    labels.forEach((label, i) => {
      windowOf[2 * i] = r.windowOf[label]?.start ?? -1;
      windowOf[2 * i + 1] = r.windowOf[label]?.end ?? -1;
    });
    const packed = {
      labels: labels.join(' '),
      scores: Float64Array.from(labels, (label) => r.scores[label] ?? 0),
      windowOf,
      windows: r.windows,
    };
    results.push({ ok: true, model: r.model, scores: packed });
  }
  for (const r of scans) {
    const spans = new Int32Array(2 * r.findings.length).fill(-1);
    r.findings.forEach((f, i) => {
      if (f.span) spans.set([f.span.start, f.span.end], 2 * i);
    });
    const scan = {
      score: r.score,
      kinds: r.findings.map((f) => f.kind).join('\0'),
      notes: r.findings.map((f) => f.note ?? '').join('\0'),
      hasNote: Uint8Array.from(r.findings, (f) => (f.note === undefined ? 0 : 1)),
      scores: Float64Array.from(r.findings, (f) => f.score),
      spans,
    };
    results.push({ ok: true, scan });
  }
  return { type: 'scores', id: 1, results, heapUsed: 1 };
}

/** Now: one Int32Array, one Float64Array and one string per batch. */
function perBatch(): unknown {
  const out = new ResultsWriter();
  out.ranking(ranked);
  for (const { model, ...r } of scores) out.scores(model, r);
  for (const r of scans) out.scan(r);
  return { type: 'scores', id: 1, results: out.pack(), heapUsed: 1 };
}

const { port1, port2 } = new MessageChannel();
port2.on('message', () => undefined);
const n = Number(values.batches);
const cpu = (run: () => void) => {
  const start = process.cpuUsage();
  run();
  const { user, system } = process.cpuUsage(start);
  return (user + system) / n;
};
console.log(
  '| round | format | build µs | post µs | clone µs |\n| --- | --- | ---: | ---: | ---: |',
);
for (let round = 1; round <= Number(values.rounds); round++)
  for (const [name, make] of [
    ['per job', perJob],
    ['per batch', perBatch],
  ] as const) {
    const messages: unknown[] = [];
    const build = cpu(() => {
      for (let i = 0; i < n; i++) messages.push(make());
    });
    const post = cpu(() => {
      for (const m of messages) port1.postMessage(m);
    });
    const clone = cpu(() => {
      for (const m of messages) structuredClone(m);
    });
    console.log(
      `| ${round} | ${name} | ${build.toFixed(1)} | ${post.toFixed(1)} | ${clone.toFixed(1)} |`,
    );
    await new Promise((resolve) => setTimeout(resolve, 100)); // the receiver drains
  }
port1.close();
