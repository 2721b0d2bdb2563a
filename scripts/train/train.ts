/**
 * The generic trainer: a task's sources (with licences), label set and hyper-parameters in, a
 * versioned model directory out. Deterministic for a given config (seeded shuffle, seeded
 * initial weights, single-threaded WASM). Used by `train-<task>.ts` scripts.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { averagePrecision, rocAuc } from '../../src/eval/classify-metrics.js';
import { featureIds } from '../../src/classifiers/featurize.js';
import type { WindowConfig } from '../../src/classifiers/model-files.js';
import { ensureWasmBackend } from '../../src/classifiers/tf-backend.js';
import { decodeForEvaluation, encode, writeArtifact } from './artifact.js';
import { calibrate } from './calibrate.js';
import {
  mixWithNegatives,
  readSource,
  seededRandom,
  shuffle,
  split,
  type Row,
  type SourceSpec,
} from './dataset.js';
import { predictLogits, train, type Example } from './embedding-bag-trainer.js';

export interface TrainConfig {
  readonly task: string;
  /** Model directory name under `models/`, e.g. `toxicity-v1`. */
  readonly name: string;
  /** The training data root (`../shared/data/train`); sources live in `<task>/` below it. */
  readonly dataDir: string;
  readonly outDir: string;
  /** The first label is the task's main label; every positive row has it. */
  readonly labels: readonly string[];
  readonly sources: readonly SourceSpec[];
  /** Files in the data folder deliberately left out, and why (recorded in metadata.json). */
  readonly excluded: readonly { file: string; licence: string; reason: string }[];
  readonly featurizer: WindowConfig;
  readonly dim: number;
  readonly seed: number;
  readonly validFraction: number;
  /** Share of training rows added again mixed with a random negative (dataset.ts); 0 when omitted. */
  readonly mixShare?: number;
  readonly calibFraction: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly maxEpochs: number;
  readonly patience: number;
}

const round = (x: number | undefined) => (x === undefined ? null : Math.round(x * 10000) / 10000);

function toExamples(rows: readonly Row[], config: TrainConfig): Example[] {
  return rows.map((r) => ({
    ids: featureIds(r.text, config.featurizer),
    target: r.target,
    mask: r.mask,
  }));
}

function labelMetrics(
  logits: Float32Array,
  examples: readonly Example[],
  labels: readonly string[],
) {
  return Object.fromEntries(
    labels.map((label, l) => {
      const rows = examples
        .filter((e) => e.mask[l] === 1)
        .map((e) => ({ label: e.target[l] === 1 ? (1 as const) : (0 as const), score: 0 }));
      let k = 0;
      examples.forEach((e, r) => {
        if (e.mask[l] === 1)
          (rows[k++] as { score: number }).score = logits[r * labels.length + l]!;
      });
      const positives = rows.filter((r) => r.label === 1).length;
      return [
        label,
        {
          rows: rows.length,
          positives,
          auprc: round(averagePrecision(rows)),
          roc_auc: round(rocAuc(rows)),
        },
      ];
    }),
  );
}

export async function trainTask(config: TrainConfig): Promise<void> {
  if (!existsSync(config.dataDir)) throw new Error(`no training data at ${config.dataDir}`);
  await ensureWasmBackend();
  const started = Date.now();
  const perSource = config.sources.map((s) => ({
    spec: s,
    rows: readSource(
      join(config.dataDir, s.folder ?? config.task),
      s,
      config.labels,
      config.featurizer.maxChars,
    ),
  }));
  const all = shuffle(
    perSource.flatMap((s) => s.rows),
    seededRandom(config.seed),
  );
  const parts = split(all, config.validFraction, config.calibFraction);
  const mixed = mixWithNegatives(
    parts.train,
    config.mixShare ?? 0,
    seededRandom(config.seed + 2),
    config.featurizer.maxChars,
  );
  const [trainSet, validSet, calibSet] = [mixed, parts.valid, parts.calib].map((p) =>
    toExamples(p, config),
  ) as [Example[], Example[], Example[]];
  console.log(`rows: train ${trainSet.length}, valid ${validSet.length}, calib ${calibSet.length}`);
  const trained = train(
    {
      buckets: config.featurizer.buckets,
      dim: config.dim,
      labels: config.labels.length,
      seed: config.seed,
      batchSize: config.batchSize,
      learningRate: config.learningRate,
      maxEpochs: config.maxEpochs,
      patience: config.patience,
    },
    trainSet,
    validSet,
    (e) => {
      console.log(
        `epoch ${e.epoch}: train ${e.trainLoss.toFixed(4)} valid ${e.validLoss.toFixed(4)} (${e.seconds.toFixed(1)} s)`,
      );
    },
  );
  const calibIds = calibSet.map((e) => e.ids);
  const { weights, platt } = calibrate(
    trained.weights,
    predictLogits(trained.weights, calibIds),
    calibSet,
    config.labels.length,
  );
  const encoded = encode(weights);
  const shipped = decodeForEvaluation(encoded);
  const metrics = {
    split:
      'calibration split (held out from training; also used to fit 2 Platt parameters per label)',
    float32: labelMetrics(predictLogits(weights, calibIds), calibSet, config.labels),
    shipped_uint8: labelMetrics(predictLogits(shipped, calibIds), calibSet, config.labels),
  };
  console.log(JSON.stringify(metrics.shipped_uint8));
  writeArtifact(join(config.outDir, config.name), encoded, {
    labels: config.labels,
    featurizer: config.featurizer,
    metadata: {
      name: config.name,
      task: config.task,
      labels: config.labels,
      date: new Date().toISOString().slice(0, 10),
      command: `npm run train:${config.task}`,
      seed: config.seed,
      sources: perSource.map((s) => ({
        file: `${s.spec.folder ?? config.task}/${s.spec.file}.jsonl`,
        origin: s.spec.origin,
        licence: s.spec.licence,
        annotates: [config.labels[0], ...s.spec.annotates],
        rows: s.rows.length,
        positives: s.rows.filter((r) => r.target[0] === 1).length,
      })),
      excluded: config.excluded,
      split: { train: trainSet.length, valid: validSet.length, calibration: calibSet.length },
      hyperparameters: {
        dim: config.dim,
        batch_size: config.batchSize,
        learning_rate: config.learningRate,
        max_epochs: config.maxEpochs,
        patience: config.patience,
        mix_share: config.mixShare ?? 0,
        optimizer: 'adam',
      },
      training: {
        epochs: trained.epochs.map((e) => ({
          epoch: e.epoch,
          train_loss: round(e.trainLoss),
          valid_loss: round(e.validLoss),
        })),
        best_epoch: trained.bestEpoch,
        seconds: Math.round((Date.now() - started) / 1000),
      },
      calibration: platt.map((p, l) => ({ label: config.labels[l], a: round(p.a), c: round(p.c) })),
      metrics,
    },
  });
  console.log(
    `wrote ${join(config.outDir, config.name)} in ${Math.round((Date.now() - started) / 1000)} s`,
  );
}
