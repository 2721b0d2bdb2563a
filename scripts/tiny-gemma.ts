/**
 * Writes a tiny random-weight Gemma-architecture GGUF (v3) with our own code, so tests exercise the
 * real llama.cpp path (load, tokenizer, chat template, sampling, abort) without downloading a model
 * and without Python. The weights are N(0, 0.02) noise: the output is gibberish by design.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

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
const GGUF_VERSION = 3;

// GGUF metadata value types (gguf.md); only the ones this file writes.
const T = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;
// llama_token_type values as stored in tokenizer.ggml.token_type.
const TOKEN = { normal: 1, unknown: 2, control: 3, byte: 6 } as const;
const GGML_TYPE_F32 = 0;
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

interface Tensor {
  readonly name: string;
  /** GGML order: the fastest-varying dimension first (ne0, ne1). */
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

function buildTensors(vocabSize: number, seed: number): Tensor[] {
  const random = createRandom(seed);
  const std = 0.02;
  const { embedding: e, feedForward: ff, heads, kvHeads, headDim } = HP;
  const weight = (name: string, dims: readonly number[]): Tensor => ({
    name,
    dims,
    data: normalTensor(
      dims.reduce((a, b) => a * b, 1),
      random,
      std,
    ),
  });
  // llama.cpp's Gemma graph multiplies by the stored norm weight directly (the converter already
  // folded Gemma's `1 + w`), so 1.0 is the neutral value.
  const norm = (name: string): Tensor => ({ name, dims: [e], data: new Float32Array(e).fill(1) });
  const tensors: Tensor[] = [weight('token_embd.weight', [e, vocabSize])];
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

type MetaValue =
  | { readonly type: 'u32' | 'f32'; readonly value: number }
  | { readonly type: 'bool'; readonly value: boolean }
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'string[]'; readonly value: readonly string[] }
  | { readonly type: 'f32[]' | 'i32[]'; readonly value: readonly number[] };

/** Little-endian byte accumulator for the GGUF header, metadata and tensor infos. */
class ByteSink {
  private readonly chunks: Buffer[] = [];
  length = 0;

  bytes(buf: Buffer): void {
    this.chunks.push(buf);
    this.length += buf.length;
  }
  u32(n: number): void {
    this.number(4, (b) => b.writeUInt32LE(n));
  }
  i32(n: number): void {
    this.number(4, (b) => b.writeInt32LE(n));
  }
  u64(n: number): void {
    this.number(8, (b) => b.writeBigUInt64LE(BigInt(n)));
  }
  f32(n: number): void {
    this.number(4, (b) => b.writeFloatLE(n));
  }
  str(s: string): void {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.bytes(b);
  }
  padTo(alignment: number): void {
    const rest = this.length % alignment;
    if (rest !== 0) this.bytes(Buffer.alloc(alignment - rest));
  }
  toBuffer(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
  private number(size: number, write: (b: Buffer) => number): void {
    const b = Buffer.alloc(size);
    write(b);
    this.bytes(b);
  }
}

function writeMeta(sink: ByteSink, key: string, meta: MetaValue): void {
  sink.str(key);
  switch (meta.type) {
    case 'u32':
      sink.u32(T.u32);
      sink.u32(meta.value);
      return;
    case 'f32':
      sink.u32(T.f32);
      sink.f32(meta.value);
      return;
    case 'bool':
      sink.u32(T.bool);
      sink.bytes(Buffer.from([meta.value ? 1 : 0]));
      return;
    case 'string':
      sink.u32(T.string);
      sink.str(meta.value);
      return;
    case 'string[]':
      sink.u32(T.array);
      sink.u32(T.string);
      sink.u64(meta.value.length);
      for (const s of meta.value) sink.str(s);
      return;
    case 'f32[]':
    case 'i32[]':
      sink.u32(T.array);
      sink.u32(meta.type === 'f32[]' ? T.f32 : T.i32);
      sink.u64(meta.value.length);
      for (const n of meta.value) (meta.type === 'f32[]' ? sink.f32 : sink.i32).call(sink, n);
      return;
  }
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
  const tensors = buildTensors(vocab.tokens.length, options.seed ?? 1);
  const metadata = buildMetadata(vocab);

  const head = new ByteSink();
  head.bytes(Buffer.from('GGUF', 'ascii'));
  head.u32(GGUF_VERSION);
  head.u64(tensors.length);
  head.u64(metadata.length);
  for (const [key, value] of metadata) writeMeta(head, key, value);

  let offset = 0;
  for (const t of tensors) {
    head.str(t.name);
    head.u32(t.dims.length);
    for (const d of t.dims) head.u64(d);
    head.u32(GGML_TYPE_F32);
    head.u64(offset);
    offset += Math.ceil(t.data.byteLength / ALIGNMENT) * ALIGNMENT;
  }
  head.padTo(ALIGNMENT);

  for (const t of tensors) {
    const bytes = Buffer.alloc(t.data.length * 4);
    t.data.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
    head.bytes(bytes);
    head.padTo(ALIGNMENT);
  }
  return head.toBuffer();
}

export async function writeTinyGemma(path: string, options: TinyGemmaOptions = {}): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, buildTinyGemma(options));
}
