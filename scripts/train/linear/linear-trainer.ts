/**
 * The generic linear trainer (any task, any label set): sources with licences in, a model
 * folder out (`model.json`, `weights.int8`, `report.json`, `README.md` model card).
 *
 * 1. Read every source (or generate it), drop rows a source's `keep` rejects.
 * 2. Balance by source: each source weighs at most `sourceCap` rows' worth (times its own
 *    `weight`), so a big corpus's style does not become the label; then positives are scaled so
 *    the positive and negative masses are equal.
 * 3. Seeded shuffle; `calibFraction` of the rows is held out for Platt calibration (never the
 *    dev sets).
 * 4. AdaGrad logistic regression per label (logreg.ts), int8 artifact (artifact.ts).
 * 5. The written artifact is loaded back and measured on the dev files (measure.ts).
 * Deterministic for a given config.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  hashedNgrams,
  type HashedNgramConfig,
} from '../../../src/classifiers/linear/hashed-ngrams.js';
import { loadLinearModel } from '../../../src/classifiers/linear/linear-model.js';
import { fitPlatt } from '../calibrate.js';
import { readSource, seededRandom, shuffle, type JsonRow, type SourceSpec } from '../dataset.js';
import { writeLinearModel } from './artifact.js';
import { gluedRows, type GluedConfig } from './glued.js';
import type { CopyConfig } from './augment.js';
import {
  mineHardNegatives,
  mineHardPositives,
  type Mining,
  type PositiveMining,
} from './hard-examples.js';
import type { MarkupConfig } from './social-markup.js';
import { copiesAfterGlue, copiesBeforeGlue } from './copied-rows.js';
import { logits, trainLogReg, type Example } from './logreg.js';
import { heldOutFigures, heldOutTable, type HeldOutFigures } from './held-out.js';
import { figuresTable, measureDev, type FileFigures } from './measure.js';
import { modelCard } from './model-card.js';

export interface LinearSource extends SourceSpec {
  /** Multiplier on the source's balanced mass (default 1). */
  readonly weight?: number;
  /** Rows of the file to keep (default all). */
  readonly keep?: (row: JsonRow) => boolean;
}

export interface LinearTrainConfig {
  readonly task: string;
  /** Folder name under `outDir`, e.g. `toxicity-v2`. */
  readonly name: string;
  /** The command that reproduces the model (recorded in the card). */
  readonly command: string;
  readonly dataDir: string;
  readonly outDir: string;
  /** The first label is the main one: every positive row has it. */
  readonly labels: readonly string[];
  readonly sources: readonly LinearSource[];
  readonly excluded: readonly { file: string; licence: string; reason: string }[];
  /** Generated-data rules, one line each, for the model card. */
  readonly generated?: readonly string[];
  readonly featurizer: HashedNgramConfig;
  readonly windowChars: number;
  /** Sentence windows with fewer words are not scored at run time (linear-model.ts). */
  readonly minWindowWords?: number;
  /** Training texts are cut to this many characters. */
  readonly trainChars: number;
  readonly sourceCap: number;
  readonly seed: number;
  readonly calibFraction: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly l2: number;
  /**
   * Hard-negative mining: after a first fit, the `share` of the rows of all-benign sources that
   * the model scores highest weigh `boost` times more and the model is fitted again.
   */
  readonly hardNegatives?: Mining;
  /**
   * Hard-positive mining, in the same second fit: the `share` of the positives of `sources` the
   * first fit scores lowest weigh `boost` times more (hard-examples.ts).
   */
  readonly hardPositives?: PositiveMining;
  /** Training rows glued after benign sentence fragments, with controls (glued.ts). */
  readonly glued?: GluedConfig;
  /** A second glued set, usually restricted to some sources (`GluedConfig.sources`). */
  readonly gluedSources?: GluedConfig;
  /** Training rows wrapped in post/tweet markup, with controls (social-markup.ts). */
  readonly markup?: MarkupConfig | undefined;
  /** A second markup set drawn after the glued rows are added (so it may wrap them). */
  readonly markupSources?: MarkupConfig | undefined;
  /** Training rows with one word misspelt, with controls (spelling.ts). */
  readonly spelled?: CopyConfig | undefined;
  /** Dev files measured after training (paths); measuring only, nothing is tuned on them. */
  readonly devFiles: readonly string[];
  /**
   * Also measure the held-out calibration rows per source and by length (held-out.ts): the
   * validation split that data and threshold choices are made on.
   */
  readonly heldOutReport?: boolean;
}

export interface TrainedReport {
  readonly name: string;
  readonly sources: readonly {
    file: string;
    licence: string;
    origin: string;
    rows: number;
    positives: number;
    rowWeight: number;
  }[];
  readonly dev: readonly FileFigures[];
  readonly heldOut?: readonly HeldOutFigures[];
  readonly seconds: number;
}

interface Weighted {
  readonly text: string;
  readonly source: string;
  readonly target: Float32Array;
  readonly mask: Float32Array;
  weight: number;
}

export function readJsonl(path: string): JsonRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as JsonRow);
}

function loadRows(config: LinearTrainConfig) {
  const rows: Weighted[] = [];
  const perSource: TrainedReport['sources'][number][] = [];
  for (const spec of config.sources) {
    const dir = join(config.dataDir, spec.folder ?? config.task);
    const keep = spec.keep;
    const effective: SourceSpec =
      keep && !spec.generate
        ? { ...spec, generate: () => readJsonl(join(dir, `${spec.file}.jsonl`)).filter(keep) }
        : spec;
    const own = readSource(dir, effective, config.labels, config.trainChars);
    const rowWeight = Math.min(1, config.sourceCap / Math.max(own.length, 1)) * (spec.weight ?? 1);
    for (const r of own) rows.push({ ...r, weight: rowWeight });
    perSource.push({
      file: spec.file,
      licence: spec.licence,
      origin: spec.origin,
      rows: own.length,
      positives: own.filter((r) => r.target[0] === 1).length,
      rowWeight: Math.round(rowWeight * 1000) / 1000,
    });
  }
  let pos = 0;
  let neg = 0;
  for (const r of rows)
    if (r.target[0] === 1) pos += r.weight;
    else neg += r.weight;
  const posScale = pos > 0 ? neg / pos : 1;
  for (const r of rows) if (r.target[0] === 1) r.weight *= posScale;
  return { rows, perSource };
}

export async function trainLinearTask(config: LinearTrainConfig): Promise<TrainedReport> {
  const started = Date.now();
  const log = (msg: string) => {
    console.error(`[${config.name}] ${msg}`);
  };
  const { rows, perSource } = loadRows(config);
  const random = seededRandom(config.seed);
  const shuffled = shuffle(rows, random);
  const nCalib = Math.round(shuffled.length * config.calibFraction);
  const calib = shuffled.slice(0, nCalib);
  const train = shuffled.slice(nCalib);
  const markup = copiesBeforeGlue(train, config);
  if (config.glued) {
    // Fragments from the read (not generated) all-benign sources: everyday text, the kind of
    // words a toxic sentence gets glued to; the generated ones are templates about identities.
    const generated = new Set(config.sources.filter((s) => s.generate).map((s) => s.file));
    const benign = new Set(
      perSource.filter((s) => s.positives === 0 && !generated.has(s.file)).map((s) => s.file),
    );
    const glued = gluedRows(train, benign, config.glued, config.seed + 7, config.trainChars);
    log(`${glued.length} glued rows (half positives, half controls)`);
    // Both sets are drawn from the training split before either is added, so neither glues
    // an already glued row.
    const more = config.gluedSources
      ? gluedRows(train, benign, config.gluedSources, config.seed + 8, config.trainChars)
      : [];
    if (more.length > 0)
      log(`${more.length} glued rows of ${config.gluedSources?.sources?.join(', ')}`);
    train.push(...glued, ...more);
  }
  markup.push(...copiesAfterGlue(train, config));
  if (markup.length > 0) log(`${markup.length} markup or misspelt rows (half controls)`);
  train.push(...markup);
  log(`${rows.length} rows (${train.length} train, ${calib.length} calibration); featurizing`);
  const toExample = (r: Weighted): Example => ({
    x: hashedNgrams(r.text, config.featurizer),
    target: r.target,
    mask: r.mask,
    weight: r.weight,
  });
  const examples = train.map(toExample);
  const indices = examples.map((_, i) => i);
  const fit = () =>
    trainLogReg(
      examples,
      {
        buckets: config.featurizer.buckets,
        heads: config.labels.length,
        epochs: config.epochs,
        learningRate: config.learningRate,
        l2: config.l2,
      },
      (epoch) => shuffle(indices, seededRandom(config.seed + epoch + 1)),
      (epoch, loss) => {
        log(`epoch ${epoch + 1}: weighted loss ${loss.toFixed(4)}`);
      },
    );
  let model = fit();
  if (config.hardNegatives || config.hardPositives) {
    const buckets = config.featurizer.buckets;
    const benign = new Set(perSource.filter((s) => s.positives === 0).map((s) => s.file));
    if (config.hardNegatives) {
      const mined = mineHardNegatives(
        model,
        examples,
        train,
        benign,
        buckets,
        config.hardNegatives,
      );
      log(`${mined} hard negatives weigh ${config.hardNegatives.boost}×`);
    }
    if (config.hardPositives) {
      const mined = mineHardPositives(model, examples, train, buckets, config.hardPositives);
      log(`${mined} hard positives weigh ${config.hardPositives.boost}×`);
    }
    log('fitting again');
    model = fit();
  }
  const calibExamples = calib.map(toExample);
  const platt = config.labels.map((_, h) => {
    const z: number[] = [];
    const y: number[] = [];
    for (const e of calibExamples) {
      if (e.mask[h] === 0) continue;
      z.push(logits(model, e.x, config.featurizer.buckets)[h] ?? 0);
      y.push(e.target[h] ?? 0);
    }
    return y.some((v) => v === 1) && y.some((v) => v === 0) ? fitPlatt(z, y) : { a: 1, c: 0 };
  });
  const dir = join(config.outDir, config.name);
  writeLinearModel(
    dir,
    config.name,
    config.labels,
    config.featurizer,
    config.windowChars,
    model,
    platt,
    config.minWindowWords,
  );
  const written = await loadLinearModel(dir);
  const dev = measureDev(written, config.devFiles);
  const heldOut = config.heldOutReport
    ? heldOutFigures(
        written,
        calib.map((r) => ({ text: r.text, source: r.source, label: r.target[0] === 1 ? 1 : 0 })),
      )
    : undefined;
  const report: TrainedReport = {
    name: config.name,
    sources: perSource,
    dev,
    ...(heldOut ? { heldOut } : {}),
    seconds: Math.round((Date.now() - started) / 1000),
  };
  writeFileSync(
    join(dir, 'report.json'),
    `${JSON.stringify({ ...report, config: describe(config), platt }, null, 2)}\n`,
  );
  writeFileSync(join(dir, 'README.md'), modelCard(config, report));
  log(`done in ${report.seconds} s\n${figuresTable(dev)}`);
  if (heldOut) log(`held-out calibration rows:\n${heldOutTable(heldOut)}`);
  return report;
}

/** The hyper-parameters for report.json (no machine paths, no source functions). */
function describe(config: LinearTrainConfig) {
  return Object.fromEntries(
    Object.entries(config).filter(
      ([k]) => !['sources', 'devFiles', 'dataDir', 'outDir'].includes(k),
    ),
  );
}
