/**
 * `parapet model pull gemma`: fetches a small instruction-tuned Gemma GGUF with node-llama-cpp's
 * downloader, with a progress bar on a terminal. Where there is no internet the pull must fail
 * soon and say what to do instead, never hang.
 *
 * Two guards, because node-llama-cpp 3.21.1 cannot be aborted before the transfer starts (the
 * Hugging Face manifest fetch and ipull's file-info request ignore the signal, and ipull retries
 * network errors 150 times, ~12 minutes): a short reachability probe first, and then a watchdog
 * that gives up when no bytes arrive for `stallTimeoutMs` (a slow but moving download is fine).
 */
import { join } from 'node:path';
import { Presets, SingleBar } from 'cli-progress';
import { resolveModelFile } from 'node-llama-cpp';

/** Gemma 3 1B instruction-tuned, Q4_K_M (~806 MB): small enough for CPU-only machines. */
export const DEFAULT_GEMMA_URI = 'hf:ggml-org/gemma-3-1b-it-GGUF:Q4_K_M';
/** Saved under this name, so `defaultModelPath` can find it again without any network. */
export const DEFAULT_GEMMA_FILE = 'gemma-3-1b-it-Q4_K_M.gguf';
export const DEFAULT_STALL_TIMEOUT_MS = 20_000;

const MODELS = {
  gemma: { label: 'Gemma', uri: DEFAULT_GEMMA_URI, file: DEFAULT_GEMMA_FILE },
} as const;

const HOW_TO_AVOID =
  'To run without downloading, set PARAPET_MODEL to a local Gemma GGUF file (copied from a machine ' +
  'with internet), or set PARAPET_BACKEND=openai with PARAPET_UPSTREAM_URL.';

export interface PullProgress {
  readonly downloadedBytes: number;
  readonly totalBytes: number;
}

export interface PullModelOptions {
  /** Where the file is saved (and looked for first). */
  readonly directory: string;
  /** An `hf:` URI or https URL instead of the default model. */
  readonly uri?: string;
  /** File name to save as; defaults to DEFAULT_GEMMA_FILE for the default URI. */
  readonly fileName?: string;
  readonly onProgress?: (progress: PullProgress) => void;
  readonly signal?: AbortSignal;
  /** Draw a progress bar on stderr; defaults to whether stderr is a terminal. */
  readonly progressBar?: boolean;
  /** Give up when no bytes arrive for this long (default 20 s). */
  readonly stallTimeoutMs?: number;
}

export function defaultModelPath(directory: string): string {
  return join(directory, DEFAULT_GEMMA_FILE);
}

/**
 * Resolves with the local path of the model file (at once if it is already there). Rejects with
 * `signal.reason` when the caller aborts, otherwise with an Error that says the download failed
 * and how to configure PARAPET_MODEL instead.
 */
export async function pullModel(which: 'gemma', options: PullModelOptions): Promise<string> {
  const spec = MODELS[which];
  const uri = options.uri ?? spec.uri;
  const fileName = options.fileName ?? (uri === spec.uri ? spec.file : undefined);
  options.signal?.throwIfAborted();
  const local = await findLocal(uri, options.directory, fileName);
  if (local !== undefined) return local;

  const controller = new AbortController();
  const forwardAbort = (): void => {
    controller.abort(options.signal?.reason);
  };
  options.signal?.addEventListener('abort', forwardAbort, { once: true });
  const stallMs = options.stallTimeoutMs ?? DEFAULT_STALL_TIMEOUT_MS;
  const watchdog = createWatchdog(stallMs, controller);
  const bar = (options.progressBar ?? process.stderr.isTTY) ? createBar(spec.label) : undefined;
  let lastBytes = -1;

  try {
    await probe(uri, stallMs, controller.signal);
    watchdog.touch();
    const download = resolveModelFile(uri, {
      directory: options.directory,
      ...(fileName !== undefined ? { fileName } : {}),
      cli: false, // our own bar on stderr keeps stdout for the resulting path
      signal: controller.signal,
      onProgress: ({ totalSize, downloadedSize }) => {
        if (downloadedSize > lastBytes) watchdog.touch();
        lastBytes = downloadedSize;
        bar?.update(totalSize, downloadedSize);
        options.onProgress?.({ downloadedBytes: downloadedSize, totalBytes: totalSize });
      },
    });
    return await Promise.race([download, watchdog.stalled]);
  } catch (cause) {
    if (options.signal?.aborted) throw options.signal.reason;
    const why = describeFailure(cause, stallMs);
    throw new Error(
      `Downloading the ${spec.label} model from ${uri} failed (${why}). ${HOW_TO_AVOID}`,
      {
        cause,
      },
    );
  } finally {
    watchdog.stop();
    bar?.stop();
    options.signal?.removeEventListener('abort', forwardAbort);
  }
}

/** The file a previous pull saved, found without any network (node-llama-cpp's own naming). */
async function findLocal(
  uri: string,
  directory: string,
  fileName: string | undefined,
): Promise<string | undefined> {
  try {
    return await resolveModelFile(uri, {
      directory,
      download: false,
      cli: false,
      ...(fileName !== undefined ? { fileName } : {}),
    });
  } catch {
    return undefined;
  }
}

/**
 * Any HTTP answer from the host proves the network path; only "no answer" fails. This runs on a
 * fetch we can abort, so an offline pull leaves nothing retrying in the background.
 */
async function probe(uri: string, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const url = uri.startsWith('hf:')
    ? (process.env['HF_ENDPOINT'] ?? process.env['MODEL_ENDPOINT'] ?? 'https://huggingface.co/')
    : uri;
  if (!/^https?:/i.test(url)) return; // a local path: resolveModelFile reports it without network
  const response = await fetch(url, {
    method: 'HEAD',
    redirect: 'manual',
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
  });
  await response.body?.cancel();
}

export function describeFailure(cause: unknown, timeoutMs: number): string {
  if (cause instanceof DOMException && cause.name === 'TimeoutError') {
    return `no answer within ${timeoutMs / 1000} s`;
  }
  if (!(cause instanceof Error)) return String(cause);
  // fetch() hides the useful part (ENOTFOUND, ECONNREFUSED, ...) in its cause.
  const inner: unknown = cause.cause;
  const code =
    inner instanceof Error ? ((inner as NodeJS.ErrnoException).code ?? inner.message) : undefined;
  return code ? `${cause.message}: ${code}` : cause.message;
}

interface Watchdog {
  /** Rejects once no progress was reported for the whole timeout after the last touch(). */
  readonly stalled: Promise<never>;
  touch(): void;
  stop(): void;
}

function createWatchdog(timeoutMs: number, controller: AbortController): Watchdog {
  let timer: NodeJS.Timeout | undefined;
  let fail: (error: Error) => void = () => undefined;
  const stalled = new Promise<never>((_, reject) => (fail = reject));
  // Only ever observed through Promise.race; this keeps an early stop() from leaving it unhandled.
  stalled.catch(() => undefined);
  const touch = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const error = new Error(`no data arrived for ${timeoutMs / 1000} s`);
      controller.abort(error);
      fail(error);
    }, timeoutMs);
  };
  const stop = (): void => {
    clearTimeout(timer);
  };
  return { stalled, touch, stop };
}

export interface ProgressBar {
  update(totalBytes: number, downloadedBytes: number): void;
  stop(): void;
}

export function createBar(label: string): ProgressBar {
  const mb = (bytes: number): number => Math.round(bytes / 1e6);
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: `${label} {bar} {percentage}% | {value}/{total} MB | {eta_formatted} left`,
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(totalBytes, downloadedBytes) {
      if (!started) {
        bar.start(mb(totalBytes), mb(downloadedBytes));
        started = true;
      } else {
        bar.setTotal(mb(totalBytes));
        bar.update(mb(downloadedBytes));
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
