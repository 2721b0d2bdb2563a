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
import { calibrate, type Platt } from './calibrate.js';
import {
  mixWithNegatives,
  readSource,
  seededRandom,
  shuffle,
  split,
  type Row,
  type SourceSpec,
} from './dataset.js';
import { predictLogits, train, type EpochLog, type Example } from './embedding-bag-trainer.js';

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

interface Splits {
  readonly perSource: readonly { readonly spec: SourceSpec; readonly rows: readonly Row[] }[];
  readonly trainSet: Example[];
  readonly validSet: Example[];
  readonly calibSet: Example[];
}

/** Reads every source, shuffles with the seed, splits, mixes (training part only), featurizes. */
function loadSplits(config: TrainConfig): Splits {
  const perSource = config.sources.map((spec) => ({
    spec,
    rows: readSource(
      join(config.dataDir, spec.folder ?? config.task),
      spec,
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
  return {
    perSource,
    trainSet: toExamples(mixed, config),
    validSet: toExamples(parts.valid, config),
    calibSet: toExamples(parts.calib, config),
  };
}

function logEpoch(e: EpochLog): void {
  console.log(
    `epoch ${e.epoch}: train ${e.trainLoss.toFixed(4)} valid ${e.validLoss.toFixed(4)} (${e.seconds.toFixed(1)} s)`,
  );
}

export async function trainTask(config: TrainConfig): Promise<void> {
  if (!existsSync(config.dataDir)) throw new Error(`no training data at ${config.dataDir}`);
  await ensureWasmBackend();
  const started = Date.now();
  const splits = loadSplits(config);
  const { trainSet, validSet, calibSet } = splits;
  console.log(`rows: train ${trainSet.length}, valid ${validSet.length}, calib ${calibSet.length}`);
  const options = {
    buckets: config.featurizer.buckets,
    dim: config.dim,
    labels: config.labels.length,
    seed: config.seed,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    maxEpochs: config.maxEpochs,
    patience: config.patience,
  };
  const trained = train(options, trainSet, validSet, logEpoch);
  const calibIds = calibSet.map((e) => e.ids);
  const logits = predictLogits(trained.weights, calibIds);
  const { weights, platt } = calibrate(trained.weights, logits, calibSet, config.labels.length);
  const encoded = encode(weights);
  const shipped = decodeForEvaluation(encoded);
  const metrics = {
    split:
      'calibration split (held out from training; also used to fit 2 Platt parameters per label)',
    float32: labelMetrics(predictLogits(weights, calibIds), calibSet, config.labels),
    shipped_uint8: labelMetrics(predictLogits(shipped, calibIds), calibSet, config.labels),
  };
  console.log(JSON.stringify(metrics.shipped_uint8));
  const seconds = Math.round((Date.now() - started) / 1000);
  writeArtifact(join(config.outDir, config.name), encoded, {
    labels: config.labels,
    featurizer: config.featurizer,
    metadata: metadataOf(config, splits, { ...trained, platt, metrics, seconds }),
  });
  console.log(`wrote ${join(config.outDir, config.name)} in ${seconds} s`);
}

/** metadata.json: what a model card needs, from the run itself. */
function metadataOf(
  config: TrainConfig,
  splits: Splits,
  run: {
    epochs: readonly EpochLog[];
    bestEpoch: number;
    platt: readonly Platt[];
    metrics: unknown;
    seconds: number;
  },
) {
  return {
    name: config.name,
    task: config.task,
    labels: config.labels,
    date: new Date().toISOString().slice(0, 10),
    command: `npm run train:${config.task}`,
    seed: config.seed,
    sources: splits.perSource.map((s) => ({
      file: s.spec.generate
        ? `scripts/train/${s.spec.file}.ts`
        : `${s.spec.folder ?? config.task}/${s.spec.file}.jsonl`,
      origin: s.spec.origin,
      licence: s.spec.licence,
      annotates: [config.labels[0], ...s.spec.annotates],
      rows: s.rows.length,
      positives: s.rows.filter((r) => r.target[0] === 1).length,
    })),
    excluded: config.excluded,
    split: {
      train: splits.trainSet.length,
      valid: splits.validSet.length,
      calibration: splits.calibSet.length,
    },
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
      epochs: run.epochs.map((e) => ({
        epoch: e.epoch,
        train_loss: round(e.trainLoss),
        valid_loss: round(e.validLoss),
      })),
      best_epoch: run.bestEpoch,
      seconds: run.seconds,
    },
    calibration: run.platt.map((p, l) => ({
      label: config.labels[l],
      a: round(p.a),
      c: round(p.c),
    })),
    metrics: run.metrics,
  };
}
