/**
 * The official TF.js toxicity model on disk, read offline. Layout of a model folder (what
 * `parapet model pull toxicity` writes, mirroring the two places Google publishes it from):
 *
 *   <dir>/toxicity/model.json                        graph + weights manifest (tfhub/Kaggle)
 *   <dir>/toxicity/group1-shard{1..7}of7             weights (encoder + classifier head)
 *   <dir>/universal_sentence_encoder/vocab.json      the USE word-piece vocabulary (GCS)
 *
 * Every file is checked before TF.js sees it, so an incomplete pull or a wrong folder fails at
 * load with a message naming the file and the fix, not deep inside the converter.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { io } from '@tensorflow/tfjs-core';

export const MODEL_SUBDIR = 'toxicity';
export const VOCAB_SUBDIR = 'universal_sentence_encoder';

/** The official files and their sizes in bytes (as served by tfhub/Kaggle and GCS). */
export const OFFICIAL_FILES: readonly { readonly path: string; readonly bytes: number }[] = [
  { path: `${MODEL_SUBDIR}/model.json`, bytes: 173_234 },
  ...[1, 2, 3, 4, 5, 6].map((i) => ({
    path: `${MODEL_SUBDIR}/group1-shard${i}of7`,
    bytes: 4_194_304,
  })),
  { path: `${MODEL_SUBDIR}/group1-shard7of7`, bytes: 4_086_004 },
  { path: `${VOCAB_SUBDIR}/vocab.json`, bytes: 218_327 },
];

const HOW_TO_FIX =
  'Run `parapet model pull toxicity` (or copy the folder from a machine that has).';

/** A model folder that cannot be used; the message names the file and what to do. */
export class ToxicityModelFilesError extends Error {
  override readonly name = 'ToxicityModelFilesError';
}

interface ModelJson {
  readonly modelTopology: object;
  readonly weightsManifest: io.WeightsManifestConfig;
}

/** A load-only IO handler: the converter gets the graph and weights without any fetch. */
export function toxicityModelHandler(dir: string): io.IOHandler {
  return {
    async load() {
      const folder = join(dir, MODEL_SUBDIR);
      const model = await readJson(join(folder, 'model.json'), isModelJson);
      const weightSpecs = model.weightsManifest.flatMap((group) => group.weights);
      const paths = model.weightsManifest.flatMap((group) => group.paths);
      const weightData = await Promise.all(paths.map((path) => readShard(folder, path)));
      const have = weightData.reduce((sum, shard) => sum + shard.byteLength, 0);
      const need = weightSpecs.reduce((sum, spec) => sum + specBytes(spec), 0);
      if (have !== need)
        throw new ToxicityModelFilesError(
          `${folder}: the weight files hold ${have} bytes, model.json needs ${need}. ${HOW_TO_FIX}`,
        );
      return { modelTopology: model.modelTopology, weightSpecs, weightData };
    },
  };
}

/** The vocabulary as `[piece, score]` pairs, the form the USE tokenizer takes. */
export async function readVocabulary(dir: string): Promise<[string, number][]> {
  return readJson(join(dir, VOCAB_SUBDIR, 'vocab.json'), isVocabulary);
}

async function readShard(folder: string, path: string): Promise<ArrayBuffer> {
  // Weight paths come from model.json: keep them inside the folder.
  if (basename(path) !== path)
    throw new ToxicityModelFilesError(
      `${folder}/model.json names a weight file outside its folder`,
    );
  const bytes = await readOrExplain(join(folder, path));
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

async function readJson<T>(file: string, valid: (value: unknown) => value is T): Promise<T> {
  const text = (await readOrExplain(file)).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ToxicityModelFilesError(`${file} is not valid JSON (truncated?). ${HOW_TO_FIX}`);
  }
  if (!valid(value))
    throw new ToxicityModelFilesError(
      `${file} is not the TF.js toxicity model's file. ${HOW_TO_FIX}`,
    );
  return value;
}

async function readOrExplain(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === 'ENOENT';
    throw new ToxicityModelFilesError(
      `${file} ${missing ? 'is missing' : 'cannot be read'}. ${HOW_TO_FIX}`,
      { cause },
    );
  }
}

/**
 * Fails fast, on the calling thread, when a file the model needs is missing: a misconfigured
 * folder then costs a stat per retry, not a worker thread start (the full checks run at load).
 */
export async function assertModelFilesPresent(dir: string): Promise<void> {
  for (const file of [join(dir, MODEL_SUBDIR, 'model.json'), join(dir, VOCAB_SUBDIR, 'vocab.json')])
    await stat(file).catch((cause: unknown) => {
      throw new ToxicityModelFilesError(`${file} is missing. ${HOW_TO_FIX}`, { cause });
    });
}

/** True when every official file is present with its official size (used by the pull). */
export async function hasCompleteModel(dir: string): Promise<boolean> {
  const sizes = await Promise.all(
    OFFICIAL_FILES.map(({ path }) =>
      stat(join(dir, path)).then(
        (s) => s.size,
        () => -1,
      ),
    ),
  );
  return OFFICIAL_FILES.every(({ bytes }, i) => sizes[i] === bytes);
}

function specBytes(spec: io.WeightsManifestEntry): number {
  const elements = spec.shape.reduce((a, b) => a * b, 1);
  // The toxicity model stores float32 and int32 only; anything else would be a different model.
  if (spec.dtype !== 'float32' && spec.dtype !== 'int32')
    throw new ToxicityModelFilesError(`unexpected weight dtype ${spec.dtype} in model.json`);
  return elements * 4;
}

function isModelJson(value: unknown): value is ModelJson {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.modelTopology === 'object' &&
    v.modelTopology !== null &&
    Array.isArray(v.weightsManifest) &&
    v.weightsManifest.every(
      (g: unknown) =>
        typeof g === 'object' &&
        g !== null &&
        Array.isArray((g as Record<string, unknown>).paths) &&
        Array.isArray((g as Record<string, unknown>).weights),
    )
  );
}

function isVocabulary(value: unknown): value is [string, number][] {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    // The official file has a few pieces with a null score (emoticons such as ":)").
    value.every(
      (e) =>
        Array.isArray(e) && typeof e[0] === 'string' && (typeof e[1] === 'number' || e[1] === null),
    )
  );
}
