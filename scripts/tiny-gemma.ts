/**
 * Writes a tiny random-weight Gemma-architecture GGUF (v3) with our own code, so tests exercise the
 * real llama.cpp path (load, tokenizer, chat template, sampling, abort) without downloading a model
 * and without Python. The weights are N(0, 0.02) noise: the output is gibberish by design.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { encodeGguf, type GgufTensor, type MetaValue } from './gguf-writer.js';

export interface TinyGemmaOptions {
  /** Seeds the weight PRNG; the same seed always yields a byte-identical file. */
  readonly seed?: number;
}

export const TINY_GEMMA_NAME = 'Parapet Tiny Gemma (random weights)';

/** Small enough for a few hundred KB, large enough to have real GQA (4 query heads, 1 kv head). */
const HP = {
  contextLength: 2048,
  embedding: 64,
  blocks: 2,
  feedForward: 128,
  heads: 4,
  kvHeads: 1,
  headDim: 16,
  rmsEpsilon: 1e-6,
} as const;

const ALIGNMENT = 32;
// llama_token_type values as stored in tokenizer.ggml.token_type.
const TOKEN = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;
const GGUF_FILE_TYPE_ALL_F32 = 0;

/** Ids follow real Gemma's order for the first four: pad 0, eos 1, bos 2, unk 3. */
const SPECIALS = [
  { text: '<pad>', type: TOKEN.control },
  { text: '<eos>', type: TOKEN.control },
  { text: '<bos>', type: TOKEN.control },
  // SentencePiece marks unk as UNKNOWN, not CONTROL; real Gemma GGUFs do the same.
  { text: '<unk>', type: TOKEN.unknown },
  { text: '<start_of_turn>', type: TOKEN.control },
  { text: '<end_of_turn>', type: TOKEN.control },
] as const;
const ID = { pad: 0, eos: 1, bos: 2, unk: 3, endOfTurn: 5 } as const;

const WORDS = `the of and to in is it you that was for on are with as be at have this from or by not
but what all were when we there can an your which their said if do will each about how up out them then
she many some so these would other into has more her two like him see time could no make than first
been its who now people my made over did down only way find use may water long little very after words
called just where most know get through back much before go good new write our me man too any day same
right look think also around came come work three word must because does part even place well such here
take why things help put years different away again off went old number great tell men say small every
found still between name should home big give line set own under read last never us left end while
might next saw something thought both few always show large often together house world want school
hello hi thanks thank please sorry yes ok help order account password email phone card refund
customer support question policy safe model user assistant system message chat data money pay price
buy send call open close stop start`;
const CAPITALIZED = 'I The What How Can Please Hello Thank You We My It This Is Do Why';
/**
 * Without a space prefix, role names (right after `<start_of_turn>`) and a message's first word
 * carry no `▁`, so these also exist bare.
 */
const BARE_WORDS = ['user', 'model', ...CAPITALIZED.split(' ')];

/** Gemma's own chat template (gemma-*-it), so template-driven clients see what real Gemma ships. */
export const GEMMA_CHAT_TEMPLATE =
  "{{ bos_token }}{% if messages[0]['role'] == 'system' %}{{ raise_exception('System role not supported') }}{% endif %}" +
  "{% for message in messages %}{% if (message['role'] == 'user') != (loop.index0 % 2 == 0) %}" +
  "{{ raise_exception('Conversation roles must alternate user/assistant/user/assistant/...') }}{% endif %}" +
  "{% if (message['role'] == 'assistant') %}{% set role = 'model' %}{% else %}{% set role = message['role'] %}{% endif %}" +
  "{{ '<start_of_turn>' + role + '\n' + message['content'] | trim + '<end_of_turn>\n' }}{% endfor %}" +
  "{% if add_generation_prompt %}{{'<start_of_turn>model\n'}}{% endif %}";

interface Vocab {
  readonly tokens: string[];
  readonly scores: number[];
  readonly types: number[];
}

/**
 * llama.cpp's SentencePiece tokenizer only merges two adjacent pieces when their concatenation is
 * itself in the vocabulary, so every word piece needs all its prefixes present or it can never be
 * produced. Prefix-closed `▁`-pieces make tokenization a longest-prefix match per word.
 */
function buildVocab(): Vocab {
  const tokens: string[] = [];
  const scores: number[] = [];
  const types: number[] = [];
  const add = (text: string, score: number, type: number): void => {
    tokens.push(text);
    scores.push(score);
    types.push(type);
  };
  for (const s of SPECIALS) add(s.text, 0, s.type);
  for (let b = 0; b < 256; b++) {
    add(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`, 0, TOKEN.byte);
  }
  const pieces = new Set<string>(['▁']);
  const words = [...WORDS.split(/\s+/), ...CAPITALIZED.split(' ')].filter((w) => w.length > 0);
  for (const word of words) {
    for (let i = 1; i <= word.length; i++) pieces.add(`▁${word.slice(0, i)}`);
  }
  for (const word of BARE_WORDS) {
    for (let i = 2; i <= word.length; i++) pieces.add(word.slice(0, i));
  }
  // Log-probability-like scores: longer pieces score higher, so merges prefer whole words.
  for (const piece of pieces) add(piece, -10 + piece.length * 0.5, TOKEN.normal);
  return { tokens, scores, types };
}

/** mulberry32: tiny, fast and good enough for weight noise; the point is determinism. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function normalTensor(size: number, random: () => number, std: number): Float32Array {
  const out = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    // Box–Muller; 1 - u keeps log() away from 0.
    const u = 1 - random();
    const v = random();
    out[i] = std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  return out;
}

function buildTensors(vocabSize: number, seed: number): GgufTensor[] {
  const random = createRandom(seed);
  const std = 0.02;
  const { embedding: e, feedForward: ff, heads, kvHeads, headDim } = HP;
  const weight = (name: string, dims: readonly number[]): GgufTensor => {
    const size = dims.reduce((a, b) => a * b, 1);
    return { name, dims, data: normalTensor(size, random, std) };
  };
  // llama.cpp's Gemma graph multiplies by the stored norm weight directly (the converter already
  // folded Gemma's `1 + w`), so 1.0 is the neutral value.
  const norm = (name: string): GgufTensor => ({
    name,
    dims: [e],
    data: new Float32Array(e).fill(1),
  });
  const tensors: GgufTensor[] = [weight('token_embd.weight', [e, vocabSize])];
  for (let b = 0; b < HP.blocks; b++) {
    const p = `blk.${b}`;
    tensors.push(
      norm(`${p}.attn_norm.weight`),
      weight(`${p}.attn_q.weight`, [e, heads * headDim]),
      weight(`${p}.attn_k.weight`, [e, kvHeads * headDim]),
      weight(`${p}.attn_v.weight`, [e, kvHeads * headDim]),
      weight(`${p}.attn_output.weight`, [heads * headDim, e]),
      norm(`${p}.ffn_norm.weight`),
      weight(`${p}.ffn_gate.weight`, [e, ff]),
      weight(`${p}.ffn_up.weight`, [e, ff]),
      weight(`${p}.ffn_down.weight`, [ff, e]),
    );
  }
  // No output.weight: Gemma ties the LM head to token_embd and llama.cpp falls back to it.
  tensors.push(norm('output_norm.weight'));
  return tensors;
}

function buildMetadata(vocab: Vocab): [string, MetaValue][] {
  const u32 = (value: number): MetaValue => ({ type: 'u32', value });
  return [
    ['general.architecture', { type: 'string', value: 'gemma' }],
    ['general.name', { type: 'string', value: TINY_GEMMA_NAME }],
    ['general.alignment', u32(ALIGNMENT)],
    ['general.file_type', u32(GGUF_FILE_TYPE_ALL_F32)],
    ['gemma.context_length', u32(HP.contextLength)],
    ['gemma.embedding_length', u32(HP.embedding)],
    ['gemma.block_count', u32(HP.blocks)],
    ['gemma.feed_forward_length', u32(HP.feedForward)],
    ['gemma.attention.head_count', u32(HP.heads)],
    ['gemma.attention.head_count_kv', u32(HP.kvHeads)],
    ['gemma.attention.key_length', u32(HP.headDim)],
    ['gemma.attention.value_length', u32(HP.headDim)],
    ['gemma.attention.layer_norm_rms_epsilon', { type: 'f32', value: HP.rmsEpsilon }],
    ['gemma.rope.freq_base', { type: 'f32', value: 10000 }],
    ['tokenizer.ggml.model', { type: 'string', value: 'llama' }],
    ['tokenizer.ggml.tokens', { type: 'string[]', value: vocab.tokens }],
    ['tokenizer.ggml.scores', { type: 'f32[]', value: vocab.scores }],
    ['tokenizer.ggml.token_type', { type: 'i32[]', value: vocab.types }],
    ['tokenizer.ggml.bos_token_id', u32(ID.bos)],
    ['tokenizer.ggml.eos_token_id', u32(ID.eos)],
    ['tokenizer.ggml.unknown_token_id', u32(ID.unk)],
    ['tokenizer.ggml.padding_token_id', u32(ID.pad)],
    ['tokenizer.ggml.eot_token_id', u32(ID.endOfTurn)],
    ['tokenizer.ggml.add_bos_token', { type: 'bool', value: true }],
    ['tokenizer.ggml.add_eos_token', { type: 'bool', value: false }],
    // Gemma's SentencePiece model does not prepend a space to the first word.
    ['tokenizer.ggml.add_space_prefix', { type: 'bool', value: false }],
    ['tokenizer.chat_template', { type: 'string', value: GEMMA_CHAT_TEMPLATE }],
  ];
}

/** Builds the whole GGUF in memory; exported so tests can hash it without touching disk. */
export function buildTinyGemma(options: TinyGemmaOptions = {}): Buffer {
  const vocab = buildVocab();
  return encodeGguf({
    alignment: ALIGNMENT,
    metadata: buildMetadata(vocab),
    tensors: buildTensors(vocab.tokens.length, options.seed ?? 1),
  });
}

export async function writeTinyGemma(path: string, options: TinyGemmaOptions = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, buildTinyGemma(options));
}
