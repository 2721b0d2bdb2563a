/**
 * Classifier speed on this machine: latency of one ~1 KB text (windowed, through the
 * micro-batcher, as the scanner calls it), throughput of batched short texts, and the event
 * loop's worst delay while a batch burst runs (is a worker thread needed?). The official
 * `tfjs-toxicity` model is measured on the same texts when its folder is given.
 *
 *   npm run bench:classifiers -- [--model models/toxicity-v1] [--runs 500] [--texts 4000]
 *                                [--batch-chars N] [--tfjs-toxicity DIR]
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { bagProbabilities } from '../src/classifiers/embedding-bag.js';
import { EmbeddingBagClassifier } from '../src/classifiers/embedding-bag-classifier.js';
import { featurizeBatch } from '../src/classifiers/featurize.js';
import { loadArtifact } from '../src/classifiers/model-files.js';
import type { tf } from '../src/classifiers/tf-backend.js';
import { BUNDLED_TOXICITY_DIR, toxicityClassifier } from '../src/classifiers/toxicity-models.js';
import type { TextClassifier } from '../src/classifiers/types.js';
import { scoreWindowed } from '../src/classifiers/windows.js';
import { latencySummary } from '../src/eval/numbers.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: BUNDLED_TOXICITY_DIR },
    runs: { type: 'string', default: '500' },
    texts: { type: 'string', default: '4000' },
    'tfjs-toxicity': { type: 'string' },
    'batch-chars': { type: 'string' },
  },
});

const SENTENCES = [
  'Thanks for getting back to me so quickly about the refund.',
  'The parcel was supposed to arrive on Tuesday but it is still not here.',
  'Honestly this is the worst service I have had in years and I am fed up.',
  'Can you explain how the premium plan differs from the basic one?',
  'My daughter loves the new science kit, she built the volcano in an hour.',
  'I want to cancel my subscription before the next billing date.',
  'Stop wasting my time and give me a straight answer for once.',
  'Is there a way to change the delivery address after ordering?',
];

/** Deterministic texts: sentence i, i+3, i+5 ... until the wanted length. */
function text(i: number, chars: number): string {
  let out = '';
  for (let k = 0; out.length < chars; k++) out += `${SENTENCES[(i + 3 * k) % SENTENCES.length]} `;
  return out.slice(0, chars);
}

async function latency(classifier: TextClassifier, runs: number) {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = text(i, 1024);
    const started = performance.now();
    await scoreWindowed(classifier, [t]);
    ms.push(performance.now() - started);
  }
  return latencySummary(ms.sort((a, b) => a - b));
}

async function throughput(classifier: TextClassifier, count: number) {
  const texts = Array.from({ length: count }, (_, i) => text(i, 80 + ((i * 37) % 200)));
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const started = performance.now();
  // 64 concurrent callers of 1 text each, as parallel scans of many requests would arrive
  const perCaller = Math.ceil(count / 64);
  await Promise.all(
    Array.from({ length: 64 }, async (_, c) => {
      for (const t of texts.slice(c * perCaller, (c + 1) * perCaller))
        await classifier.classify([t]);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  delay.disable();
  return {
    textsPerSecond: Math.round(count / seconds),
    eventLoopDelayMaxMs: delay.max / 1e6,
    eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
  };
}

/**
 * CPU time of one model call at the batcher's cap: the longest the event loop is blocked on an
 * idle core (CPU time, unlike wall time, is not stretched by other processes on a busy machine).
 */
async function blockingCpuMs(classifier: TextClassifier, chars: number) {
  const batch = Array.from({ length: Math.ceil(chars / 200) }, (_, i) => text(i, 200));
  await classifier.classify(batch);
  const before = process.cpuUsage();
  for (let i = 0; i < 50; i++) await classifier.classify(batch);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000 / 50;
}

/** Where one capped call's CPU goes: hashing n-grams in JavaScript vs the TF.js kernels. */
async function cpuSplit(dir: string, chars: number) {
  const artifact = await loadArtifact(dir);
  const weights = {
    embeddings: artifact.weights.embeddings as tf.Tensor2D,
    kernel: artifact.weights.kernel as tf.Tensor2D,
    bias: artifact.weights.bias as tf.Tensor1D,
  };
  const batch = Array.from({ length: Math.ceil(chars / 200) }, (_, i) => text(i, 200));
  let featurize = 0;
  let model = 0;
  for (let r = 0; r < 220; r++) {
    const t0 = process.cpuUsage();
    const features = featurizeBatch(batch, artifact.featurizer);
    const t1 = process.cpuUsage(t0);
    bagProbabilities(weights, features);
    const t2 = process.cpuUsage(t0);
    if (r < 20) continue; // warm-up
    featurize += t1.user + t1.system;
    model += t2.user + t2.system - (t1.user + t1.system);
  }
  for (const t of Object.values(artifact.weights)) t.dispose();
  return `featurize ${(featurize / 200 / 1000).toFixed(2)} ms, TF.js ${(model / 200 / 1000).toFixed(2)} ms CPU`;
}

async function measure(name: string, classifier: TextClassifier) {
  await scoreWindowed(classifier, [text(0, 1024)]); // warm-up: WASM compile, first allocations
  const one = await latency(classifier, Number(values.runs));
  const batched = await throughput(classifier, Number(values.texts));
  const cap = Number(values['batch-chars'] ?? 8000);
  const blocking = await blockingCpuMs(classifier, cap);
  console.log(
    `${name}: 1 KB text p50 ${one.p50.toFixed(2)} ms, p95 ${one.p95.toFixed(2)} ms, p99 ${one.p99.toFixed(2)} ms; ` +
      `batched ${batched.textsPerSecond} texts/s (80–280 chars, 64 concurrent callers); ` +
      `event-loop delay during the burst: p99 ${batched.eventLoopDelayP99Ms.toFixed(1)} ms, max ${batched.eventLoopDelayMaxMs.toFixed(1)} ms; ` +
      `one call at the ${cap}-character cap: ${blocking.toFixed(2)} ms CPU`,
  );
}

/** Event-loop delay with nothing of ours running: what the machine's load alone causes. */
async function idleDelay() {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  delay.disable();
  return `idle event-loop delay (machine load alone): p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms`;
}

console.log(
  `${cpus().length} cores, load average ${loadavg()[0]?.toFixed(1)}; ${await idleDelay()}`,
);
const started = performance.now();
const batchChars = values['batch-chars'];
const ours = batchChars
  ? await EmbeddingBagClassifier.load(values.model, Number(batchChars))
  : await toxicityClassifier('parapet', values.model);
console.log(`parapet (${ours.version}) loaded in ${(performance.now() - started).toFixed(0)} ms`);
await measure(`parapet ${ours.version}`, ours);
// The split is for the TF.js embedding bag (toxicity-v1); a linear model (toxicity-v2, the
// default) has no TF.js part, and loadArtifact cannot read its folder.
const linear = (
  JSON.parse(readFileSync(join(values.model, 'model.json'), 'utf8')) as { format?: string }
).format;
if (linear === 'parapet-linear')
  console.log(
    'parapet: no CPU split (a linear model is all n-gram hashing and a sparse dot product)',
  );
else console.log(`parapet: one 8000-character call split: ${await cpuSplit(values.model, 8000)}`);
const official = values['tfjs-toxicity'];
if (official) await measure('tfjs-toxicity', await toxicityClassifier('tfjs-toxicity', official));
else console.log('tfjs-toxicity: not measured (pass --tfjs-toxicity DIR with the pulled model)');
