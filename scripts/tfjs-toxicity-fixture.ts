/**
 * Builds a loadable copy of the official TF.js toxicity model from the partial files in
 * `../shared/models/tfjs-toxicity-partial/` (real graph, real head and encoder tail in shard 7,
 * real vocabulary; encoder shards 1–6 missing). The missing bytes are synthesized from the
 * `weightsManifest`: each weight gets values of its shape and dtype — small seeded random floats,
 * layer-norm scales of 1, biases of 0 — except the graph's constants (reshape sizes, split sizes,
 * slice offsets, attention scale, padding bias, layer-norm epsilon, timing-signal frequencies),
 * which must be right for the graph to run at all: those are derived from the manifest's own
 * kernel shapes and the Universal Sentence Encoder's published architecture (8 attention heads).
 * Scores from such a model are meaningless; the graph, tokenizer, head and latency are real.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PARTIAL_DIR = fileURLToPath(
  new URL('../../shared/models/tfjs-toxicity-partial/', import.meta.url),
);

/** Bytes in each of shards 1–6 (the real model's shard size, see sizes.json). */
const SHARD_BYTES = 4_194_304;
const SYNTH_SHARDS = 6;
const HEADS = 8;

interface WeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: string;
}

interface ModelJson {
  readonly weightsManifest: readonly { paths: string[]; weights: WeightSpec[] }[];
}

/**
 * Writes `<dir>/toxicity/{model.json, group1-shard1..7of7}` and
 * `<dir>/universal_sentence_encoder/vocab.json` (the layout `loadTfjsToxicity` reads).
 */
export async function buildSyntheticToxicityModel(dir: string, seed = 7): Promise<void> {
  const modelJson = JSON.parse(
    await readFile(join(PARTIAL_DIR, 'model.json'), 'utf8'),
  ) as ModelJson;
  const group = modelJson.weightsManifest[0];
  if (modelJson.weightsManifest.length !== 1 || group?.paths.length !== 7)
    throw new Error('expected one weight group of 7 shards');
  const total = manifestBytes(group.weights);
  const shard7 = await readFile(join(PARTIAL_DIR, group.paths[6]!));
  const expected = total - SYNTH_SHARDS * SHARD_BYTES;
  if (shard7.byteLength !== expected)
    throw new Error(`shard 7 has ${shard7.byteLength} bytes, the manifest implies ${expected}`);
  const bytes = synthesizeWeights(group.weights, SYNTH_SHARDS * SHARD_BYTES, seed);

  const model = join(dir, 'toxicity');
  const vocab = join(dir, 'universal_sentence_encoder');
  await mkdir(model, { recursive: true });
  await mkdir(vocab, { recursive: true });
  for (let i = 0; i < SYNTH_SHARDS; i++) {
    const shard = bytes.subarray(i * SHARD_BYTES, (i + 1) * SHARD_BYTES);
    await writeFile(join(model, group.paths[i]!), shard);
  }
  await copyFile(join(PARTIAL_DIR, group.paths[6]!), join(model, group.paths[6]!));
  await copyFile(join(PARTIAL_DIR, 'model.json'), join(model, 'model.json'));
  await copyFile(join(PARTIAL_DIR, 'vocab.json'), join(vocab, 'vocab.json'));
}

/** Bytes the manifest's weights take (float32 and int32: 4 bytes per element). */
export function manifestBytes(specs: readonly WeightSpec[]): number {
  return specs.reduce((sum, spec) => sum + 4 * elements(spec), 0);
}

function elements(spec: WeightSpec): number {
  return spec.shape.reduce((a, b) => a * b, 1);
}

/**
 * The first `limit` bytes of the weights in manifest order, as the converter concatenates them
 * (the rest is in the real shard 7).
 */
export function synthesizeWeights(
  specs: readonly WeightSpec[],
  limit: number,
  seed: number,
): Uint8Array {
  const width = layerWidths(specs);
  const random = mulberry32(seed);
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (offset >= limit) break;
    const size = elements(spec);
    offset += 4 * size;
    if (spec.dtype === 'int32') {
      const values = Int32Array.from(intConstant(spec.name, width));
      if (values.length !== size) throw new Error(`${spec.name}: ${values.length} ≠ ${size}`);
      parts.push(new Uint8Array(values.buffer));
    } else if (spec.dtype === 'float32') {
      parts.push(new Uint8Array(floatValues(spec, size, width, random).buffer));
    } else throw new Error(`${spec.name}: unexpected dtype ${spec.dtype}`);
  }
  return Buffer.concat(parts).subarray(0, limit);
}

/** Per transformer layer, its attention width (from the qkv kernel: [1, 1, in, 3·width]). */
function layerWidths(specs: readonly WeightSpec[]): Map<string, number> {
  const widths = new Map<string, number>();
  for (const { name, shape } of specs) {
    const layer =
      /(Layer_\d+)\/TransformerLayer\/MultiheadAttention\/qkv_transform_single\/kernel/.exec(name);
    if (layer?.[1] && shape.length === 4) widths.set(layer[1], (shape[3] ?? 0) / 3);
  }
  for (const { name, shape } of specs) {
    const conv = /FFN\/(conv\d)\/Tensordot\/Reshape_1$/.exec(name);
    if (conv?.[1]) widths.set(conv[1], shape[1] ?? 0); // output width of the FFN's conv1/conv2
  }
  return widths;
}

function widthOf(name: string, widths: Map<string, number>): number {
  const layer = /(Layer_\d+)\//.exec(name)?.[1] ?? '';
  const width = widths.get(layer);
  if (width === undefined) throw new Error(`${name}: no attention width for its layer`);
  return width;
}

/** The graph's integer constants; an unknown one fails the build instead of guessing. */
function intConstant(name: string, widths: Map<string, number>): number[] {
  const logits = /^split_logits\/concat_(\d+)$/.exec(name);
  if (logits?.[1]) return [0, Number(logits[1]) / 2]; // Slice begin [0, head] of the 7 logits
  if (name.endsWith('MultiheadAttention/Const'))
    return Array<number>(3).fill(widthOf(name, widths));
  if (name.endsWith('split_last_dimension/Reshape/shape/2')) return [HEADS];
  if (name.endsWith('split_last_dimension/Reshape/shape/3')) return [widthOf(name, widths) / HEADS];
  if (name.endsWith('combine_last_two_dimensions/Reshape/shape/2')) return [widthOf(name, widths)];
  const conv = /FFN\/(conv\d)\/Tensordot\/Const_2$/.exec(name);
  if (conv?.[1]) return [widths.get(conv[1]) ?? 0];
  if (name.endsWith('BaseDotProductAttention/Slice/begin')) return [3]; // last dim of [b,h,q,k]
  if (name.endsWith('split_heads/transpose/perm')) return [0, 2, 1, 3];
  throw new Error(`no rule for the int32 constant ${name}`);
}

function floatValues(
  spec: WeightSpec,
  size: number,
  widths: Map<string, number>,
  random: () => number,
): Float32Array {
  const { name } = spec;
  if (name.endsWith('MultiheadAttention/mul/y'))
    return Float32Array.of((widthOf(name, widths) / HEADS) ** -0.5);
  if (name.endsWith('attention_bias_ignore_padding/mul/y')) return Float32Array.of(-1e9);
  if (name.endsWith('layer_norm/Cast/x')) return Float32Array.of(1e-6);
  if (name.includes('TimingSignal')) return inverseTimescales(size);
  if (name.includes('layer_norm_scale')) return new Float32Array(size).fill(1);
  if (name.includes('bias')) return new Float32Array(size);
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) values[i] = (random() - 0.5) * 0.1;
  return values;
}

/** Tensor2Tensor's timing signal: geometric frequencies from 1 to 1/10⁴. */
function inverseTimescales(n: number): Float32Array {
  const step = Math.log(1e4) / Math.max(n - 1, 1);
  return Float32Array.from({ length: n }, (_, i) => Math.exp(-i * step));
}

/** A small seeded PRNG, so every run synthesizes the same model. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
