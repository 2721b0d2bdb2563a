/**
 * Trains the name tagger (models/ner-v1/): an averaged structured perceptron with Viterbi
 * decoding over hashed features (src/pii/ner/features.ts), on ../shared/data/train/ner only
 * (never WNUT-17 or presidio: they are evaluation sets). MISC spans and CrossNER's concept
 * classes are "O". A seeded share of rows is added again in lower case, so chat without
 * capitals is tagged too. 5 % of the rows (seeded) are held out: they fit the Platt scaling of
 * span scores and give the report's figures. One command, fixed seed, same artifact:
 *
 *   npm run train:ner -- [--epochs 5] [--lower 0.3] [--out models/ner-v1]
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadGazetteer } from '../../src/pii/gazetteer.js';
import {
  isLowerText,
  NER_TAGS,
  NER_TYPES,
  nerTokens,
  tokenFeatures,
} from '../../src/pii/ner/features.js';
import { emissionsOf, spanMargin } from '../../src/pii/ner/tagger.js';
import { bioSpans, viterbi } from '../../src/pii/ner/viterbi.js';
import { loadWordClusters } from '../../src/pii/ner/word-clusters.js';
import { fitPlatt } from './calibrate.js';
import { seededRandom } from './dataset.js';

const { values } = parseArgs({
  options: {
    data: {
      type: 'string',
      default: new URL('../../../shared/data/train/ner/', import.meta.url).pathname,
    },
    out: { type: 'string', default: new URL('../../models/ner-v1/', import.meta.url).pathname },
    epochs: { type: 'string', default: '5' },
    lower: { type: 'string', default: '0.3' },
    bits: { type: 'string', default: '18' },
    seed: { type: 'string', default: '17' },
    // the ablation: `--clusters false` trains without the GloVe word clusters
    clusters: { type: 'string', default: 'true' },
  },
});
const FILES = ['btc', 'uner_ewt', 'uner_pud', 'wikigold', 'crossner'];
const T = NER_TAGS.length;
const BUCKETS = 2 ** Number(values.bits);
const EPOCHS = Number(values.epochs);

const random = seededRandom(Number(values.seed));

interface Span {
  start: number;
  end: number;
  type: string;
}
interface Sentence {
  readonly source: string;
  readonly text: string;
  readonly feats: Int32Array[];
  readonly gold: Uint8Array;
  readonly starts: number[];
  readonly ends: number[];
}

const g = loadGazetteer();
const clusters = values.clusters === 'false' ? undefined : loadWordClusters();
let misaligned = 0;

function toSentence(source: string, text: string, spans: readonly Span[]): Sentence {
  const tokens = nerTokens(text);
  const gold = new Uint8Array(tokens.length);
  for (const s of spans) {
    if (!(NER_TYPES as readonly string[]).includes(s.type)) continue;
    // tokens the span touches (BTC sometimes labels a handle's name without its "@")
    const inside = tokens.flatMap((t, i) => (t.start < s.end && t.end > s.start ? [i] : []));
    // an @handle is an account, not a name in the text: WNUT-17 and the product leave it alone
    if (inside.some((i) => tokens[i]?.text.startsWith('@'))) continue;
    const first = inside[0];
    if (first === undefined) {
      misaligned++;
      continue;
    }
    if (tokens[first]?.start !== s.start || tokens[inside.at(-1) ?? first]?.end !== s.end) {
      misaligned++;
    }
    inside.forEach(
      (i, k) => (gold[i] = NER_TAGS.indexOf(`${k === 0 ? 'B' : 'I'}-${s.type}` as never)),
    );
  }
  return {
    source,
    text,
    feats: tokenFeatures(tokens, isLowerText(text), g, BUCKETS, clusters),
    gold,
    starts: tokens.map((t) => t.start),
    ends: tokens.map((t) => t.end),
  };
}

const train: Sentence[] = [];
const held: Sentence[] = [];
for (const file of FILES) {
  const lines = readFileSync(join(values.data, `${file}.jsonl`), 'utf8').split('\n');
  for (const line of lines) {
    if (line.trim() === '') continue;
    const row = JSON.parse(line) as { text: string; spans: Span[] };
    const hold = random() < 0.05;
    const s = toSentence(file, row.text, row.spans);
    (hold ? held : train).push(s);
    // lower-case copies: only where lower-casing keeps every offset
    const lower = row.text.toLowerCase();
    if (random() < Number(values.lower) && lower.length === row.text.length) {
      (hold ? held : train).push(toSentence(`${file}-lower`, lower, row.spans));
    }
  }
}
console.log(
  `train ${train.length} sentences, held out ${held.length}, misaligned spans ${misaligned}`,
);

// averaged perceptron, the lazy way: w the current weights, u the step-weighted updates;
// the average after c steps is w - u / c
const w = new Float32Array(BUCKETS * T);
const u = new Float32Array(BUCKETS * T);
const tw = new Float32Array((T + 1) * T);
const tu = new Float32Array((T + 1) * T);
let c = 1;

function update(s: Sentence, tags: Uint8Array, sign: number): void {
  s.feats.forEach((row, i) => {
    const tag = tags[i] ?? 0;
    for (const f of row) {
      w[f * T + tag] = (w[f * T + tag] ?? 0) + sign;
      u[f * T + tag] = (u[f * T + tag] ?? 0) + sign * c;
    }
    const from = i === 0 ? 0 : (tags[i - 1] ?? 0) + 1;
    tw[from * T + tag] = (tw[from * T + tag] ?? 0) + sign;
    tu[from * T + tag] = (tu[from * T + tag] ?? 0) + sign * c;
  });
}

for (let epoch = 0; epoch < EPOCHS; epoch++) {
  for (let i = train.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [train[i], train[j]] = [train[j] as Sentence, train[i] as Sentence];
  }
  let errors = 0;
  for (const s of train) {
    const pred = viterbi(emissionsOf(s.feats, w), s.gold.length, tw);
    if (!pred.every((t, i) => t === s.gold[i])) {
      errors++;
      update(s, s.gold, 1);
      update(s, pred, -1);
    }
    c++;
  }
  console.log(`epoch ${epoch + 1}: ${errors} sentences wrong`);
}
const avg = w.map((x, i) => x - (u[i] ?? 0) / c);
const avgT = tw.map((x, i) => x - (tu[i] ?? 0) / c);

// held out: exact-span figures per type, and the margins that Platt scaling maps to scores
const counts: Record<string, { tp: number; fp: number; fn: number }> = {};
const margins: Record<string, { z: number[]; y: number[] }> = {};
for (const s of held) {
  const e = emissionsOf(s.feats, avg);
  const pred = viterbi(e, s.gold.length, avgT);
  const key = (sp: { type: string; from: number; to: number }) => `${sp.type}:${sp.from}:${sp.to}`;
  const gold = new Set(bioSpans(s.gold).map(key));
  const predicted = bioSpans(pred);
  for (const sp of predicted) {
    const hit = gold.has(key(sp));
    const cnt = (counts[sp.type] ??= { tp: 0, fp: 0, fn: 0 });
    if (hit) cnt.tp++;
    else cnt.fp++;
    const m = (margins[sp.type] ??= { z: [], y: [] });
    m.z.push(spanMargin(e, pred, sp.from, sp.to));
    m.y.push(hit ? 1 : 0);
  }
  const pk = new Set(predicted.map(key));
  for (const sp of bioSpans(s.gold))
    if (!pk.has(key(sp))) (counts[sp.type] ??= { tp: 0, fp: 0, fn: 0 }).fn++;
}
const platt: Record<string, { a: number; c: number }> = {};
const report: string[] = [];
for (const type of NER_TYPES) {
  const m = margins[type] ?? { z: [], y: [] };
  // margins are in perceptron units (tens to hundreds): fit on standardized margins, then
  // fold the standardization back into a and c
  const mean = m.z.reduce((x, y) => x + y, 0) / Math.max(1, m.z.length);
  const sd = Math.sqrt(m.z.reduce((x, y) => x + (y - mean) ** 2, 0) / Math.max(1, m.z.length)) || 1;
  const fit = fitPlatt(
    m.z.map((z) => (z - mean) / sd),
    m.y,
  );
  platt[type] = {
    a: Number((fit.a / sd).toFixed(8)),
    c: Number((fit.c - (fit.a * mean) / sd).toFixed(6)),
  };
  console.log(`${type}: margin mean ${mean.toFixed(1)} sd ${sd.toFixed(1)}, Platt`, platt[type]);
  const k = counts[type] ?? { tp: 0, fp: 0, fn: 0 };
  const p = k.tp / Math.max(1, k.tp + k.fp);
  const r = k.tp / Math.max(1, k.tp + k.fn);
  const f1 = (2 * p * r) / Math.max(1e-9, p + r);
  report.push(
    `| ${type} | ${k.tp + k.fn} | ${p.toFixed(3)} | ${r.toFixed(3)} | ${f1.toFixed(3)} |`,
  );
}
console.log(report.join('\n'));

let max = 0;
for (const x of avg) max = Math.max(max, Math.abs(x));
const scale = max / 32767;
const q = new Int16Array(avg.length);
for (let i = 0; i < avg.length; i++) q[i] = Math.round((avg[i] ?? 0) / scale);
mkdirSync(values.out, { recursive: true });
writeFileSync(join(values.out, 'weights.bin'), Buffer.from(q.buffer));
writeFileSync(
  join(values.out, 'model.json'),
  `${JSON.stringify(
    {
      format: 'parapet-ner-perceptron-1',
      tags: NER_TAGS,
      buckets: BUCKETS,
      scale,
      transitions: [...avgT].map((x) => Number(x.toFixed(4))),
      platt,
      word_clusters: clusters !== undefined,
      training: {
        files: FILES,
        epochs: EPOCHS,
        lower_share: Number(values.lower),
        seed: Number(values.seed),
        sentences: train.length,
        held_out: held.length,
        misaligned_spans: misaligned,
      },
      held_out: Object.fromEntries(NER_TYPES.map((t) => [t, counts[t]])),
    },
    null,
    2,
  )}\n`,
);
console.log(`wrote ${values.out}`);
