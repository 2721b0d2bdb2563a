/**
 * `parapet model pull toxicity`: fetches the official TF.js toxicity model, complete, from where
 * `@tensorflow-models/toxicity` 1.2.2 itself loads it — graph and weights from tfhub.dev (which
 * now redirects to Kaggle Models), the Universal Sentence Encoder vocabulary from Google's
 * tfjs-models bucket — into `<model_dir>/tfjs-toxicity/`, in the layout the loader reads
 * (src/classifiers/tfjs-toxicity-files.ts).
 *
 * Each file is written to `<file>.part` and renamed only once it has its official size, so an
 * interrupted pull never leaves a file that looks complete; complete files are kept, so a pull
 * resumes file by file. Offline it fails as soon as a request gets no answer or no bytes for
 * `stallTimeoutMs`, and says how to run without it.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream } from 'node:stream/web';
import {
  hasCompleteModel,
  MODEL_SUBDIR,
  OFFICIAL_FILES,
} from '../classifiers/tfjs-toxicity-files.js';
import {
  createBar,
  DEFAULT_STALL_TIMEOUT_MS,
  describeFailure,
  type PullProgress,
} from './model-pull.js';

/** The folder under the models directory that the pull writes and `model_dir` points at. */
export const TFJS_TOXICITY_DIRNAME = 'tfjs-toxicity';

export const OFFICIAL_SOURCES = {
  /** What the package passes to loadGraphModel (fromTFHub adds `?tfjs-format=file`). */
  model: 'https://tfhub.dev/tensorflow/tfjs-model/toxicity/1/default/1/',
  /** The Universal Sentence Encoder package's BASE_PATH. */
  vocab: 'https://storage.googleapis.com/tfjs-models/savedmodel/universal_sentence_encoder/',
} as const;

const HOW_TO_AVOID =
  'Without internet, copy a complete tfjs-toxicity folder from a machine that has it (layout in ' +
  'docs/models.md), or keep the bundled model (toxicity rule `model: parapet`, the default).';

export interface PullToxicityOptions {
  /** The models directory; the files go to `<directory>/tfjs-toxicity/`. */
  readonly directory: string;
  /** Base URLs to fetch from instead of Google's (tests use loopback servers). */
  readonly sources?: { readonly model: string; readonly vocab: string };
  readonly onProgress?: (progress: PullProgress) => void;
  readonly signal?: AbortSignal;
  /** Draw a progress bar on stderr; defaults to whether stderr is a terminal. */
  readonly progressBar?: boolean;
  /** Give up when a request gets no answer or no bytes for this long (default 20 s). */
  readonly stallTimeoutMs?: number;
}

/** Resolves with the model folder (at once, without network, if it is already complete). */
export async function pullToxicityModel(options: PullToxicityOptions): Promise<string> {
  const dir = join(options.directory, TFJS_TOXICITY_DIRNAME);
  options.signal?.throwIfAborted();
  if (await hasCompleteModel(dir)) return dir;
  const sources = options.sources ?? OFFICIAL_SOURCES;
  const stallMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  const totalBytes = OFFICIAL_FILES.reduce((sum, f) => sum + f.bytes, 0);
  const bar =
    (options.progressBar ?? process.stderr.isTTY) ? createBar('TF.js toxicity') : undefined;
  let downloadedBytes = 0;
  const advance = (bytes: number): void => {
    downloadedBytes += bytes;
    bar?.update(totalBytes, downloadedBytes);
    options.onProgress?.({ downloadedBytes, totalBytes });
  };
  let url = sources.model;
  try {
    for (const file of OFFICIAL_FILES) {
      const dest = join(dir, file.path);
      url = sourceUrl(file.path, sources);
      if ((await sizeOf(dest)) === file.bytes) advance(file.bytes);
      else await download(url, dest, file.bytes, { stallMs, advance, signal: options.signal });
    }
    return dir;
  } catch (cause) {
    if (options.signal?.aborted) throw options.signal.reason;
    const why = describeFailure(cause, stallMs);
    throw new Error(
      `Downloading the official TF.js toxicity model from ${url} failed (${why}). ${HOW_TO_AVOID}`,
      { cause },
    );
  } finally {
    bar?.stop();
  }
}

function sourceUrl(path: string, sources: { model: string; vocab: string }): string {
  const name = basename(path);
  return path.startsWith(`${MODEL_SUBDIR}/`)
    ? new URL(`${name}?tfjs-format=file`, sources.model).href
    : new URL(name, sources.vocab).href;
}

interface Transfer {
  readonly stallMs: number;
  readonly advance: (bytes: number) => void;
  readonly signal: AbortSignal | undefined;
}

/** One file, streamed to `<dest>.part`, renamed once it has exactly `bytes` bytes. */
async function download(url: string, dest: string, bytes: number, t: Transfer): Promise<void> {
  const stalled = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled.abort(new Error(`no data arrived for ${t.stallMs / 1000} s`));
    }, t.stallMs);
  };
  const signal = t.signal ? AbortSignal.any([stalled.signal, t.signal]) : stalled.signal;
  const part = `${dest}.part`;
  let received = 0;
  touch();
  try {
    const response = await fetch(url, { signal });
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    await mkdir(dirname(dest), { recursive: true });
    const count = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        touch();
        received += chunk.byteLength;
        t.advance(chunk.byteLength);
        done(null, chunk);
      },
    });
    const body = Readable.fromWeb(response.body as ReadableStream<Uint8Array>);
    await pipeline(body, count, createWriteStream(part), { signal });
    if (received !== bytes)
      throw new Error(`${basename(dest)} has ${received} bytes, the official file has ${bytes}`);
    await rename(part, dest);
  } catch (error) {
    await rm(part, { force: true });
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function sizeOf(file: string): Promise<number> {
  return stat(file).then(
    (s) => s.size,
    () => -1,
  );
}
