/**
 * A minimal GGUF v3 encoder: scalar/string/array metadata and F32 tensors, laid out as llama.cpp
 * expects (little-endian, tensor data aligned). Enough to write test fixtures; not a general tool.
 */

// GGUF metadata value types (gguf.md); only the ones this encoder writes.
const T = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;
const GGUF_VERSION = 3;
const GGML_TYPE_F32 = 0;

export interface GgufTensor {
  readonly name: string;
  /** GGML order: the fastest-varying dimension first (ne0, ne1). */
  readonly dims: readonly number[];
  readonly data: Float32Array;
}

export type MetaValue =
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
      for (const n of meta.value) {
        if (meta.type === 'f32[]') sink.f32(n);
        else sink.i32(n);
      }
      return;
  }
}

/** Header, metadata, tensor infos, then each tensor's data padded to `alignment`. */
export function encodeGguf(gguf: {
  readonly alignment: number;
  readonly metadata: readonly (readonly [string, MetaValue])[];
  readonly tensors: readonly GgufTensor[];
}): Buffer {
  const { alignment, metadata, tensors } = gguf;
  const sink = new ByteSink();
  sink.bytes(Buffer.from('GGUF', 'ascii'));
  sink.u32(GGUF_VERSION);
  sink.u64(tensors.length);
  sink.u64(metadata.length);
  for (const [key, value] of metadata) writeMeta(sink, key, value);

  let offset = 0;
  for (const t of tensors) {
    sink.str(t.name);
    sink.u32(t.dims.length);
    for (const d of t.dims) sink.u64(d);
    sink.u32(GGML_TYPE_F32);
    sink.u64(offset);
    offset += Math.ceil(t.data.byteLength / alignment) * alignment;
  }
  sink.padTo(alignment);

  for (const t of tensors) {
    // writeFloatLE, not the Float32Array's own bytes, so the file is the same on any host.
    const bytes = Buffer.alloc(t.data.length * 4);
    t.data.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
    sink.bytes(bytes);
    sink.padTo(alignment);
  }
  return sink.toBuffer();
}
