/**
 * The HTTP side of the OpenAI-compatible backend (openai.ts): the keep-alive pool to the
 * upstream and its URL rule, one call's deadline, and how an upstream failure becomes a
 * catalogue error without upstream body text (it may quote customers).
 */
import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import { GatewayError, isGatewayError } from '../errors.js';
import { parseRetryAfter } from './openai-wire.js';

export interface UpstreamOptions {
  /** API base, with or without a trailing `/v1` (the URL rule in openai.ts). */
  readonly url: string;
  readonly apiKey?: string;
  /** TCP (+TLS) connect. Default: undici's 10000. */
  readonly connectTimeoutMs?: number;
  /** Until response headers arrive; for non-streaming requests that is the whole generation. */
  readonly firstByteTimeoutMs?: number;
}

const CLOSE_GRACE_MS = 5_000;
const TIMEOUT_CODES = new Set([
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);

export interface Upstream {
  readonly pool: Pool;
  /** GET without a body, else POST. `/tokenize` is llama.cpp's and lives at the server root. */
  send(
    signal: AbortSignal,
    path: '/chat/completions' | '/models' | '/tokenize',
    body?: string,
  ): Promise<Dispatcher.ResponseData>;
}

/** Applies the URL rule (openai.ts) and opens a keep-alive pool to the origin. */
export function openUpstream(options: UpstreamOptions, connections: number): Upstream {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new GatewayError('config_invalid', { detail: 'upstream url is not a valid URL' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new GatewayError('config_invalid', { detail: 'upstream url must be http(s)' });
  }
  const trimmed = url.pathname.replace(/\/+$/, '');
  const rootPath = trimmed.endsWith('/v1') ? trimmed.slice(0, -3) : trimmed;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey !== undefined) headers.authorization = `Bearer ${options.apiKey}`;
  const pool = new Pool(url.origin, {
    connections,
    // The whole-request timer in startCall bounds bodies; headers get their own limit if set.
    headersTimeout: options.firstByteTimeoutMs ?? 0,
    bodyTimeout: 0,
    ...(options.connectTimeoutMs === undefined
      ? {}
      : { connect: { timeout: options.connectTimeoutMs } }),
  });
  return {
    pool,
    send: (signal, path, body) =>
      pool.request({
        method: body === undefined ? 'GET' : 'POST',
        path: `${path === '/tokenize' ? rootPath : `${rootPath}/v1`}${path}`,
        headers,
        body: body ?? null,
        signal,
      }),
  };
}

export async function closePool(pool: Pool): Promise<void> {
  // close() waits for in-flight requests; a hung upstream must not hold shutdown past the grace.
  const timer = setTimeout(() => void pool.destroy().catch(() => undefined), CLOSE_GRACE_MS);
  try {
    await pool.close();
  } catch {
    // destroyed during the grace period: closed either way
  } finally {
    clearTimeout(timer);
  }
}

export async function expectSuccess(res: Dispatcher.ResponseData): Promise<void> {
  if (res.statusCode >= 200 && res.statusCode < 300) return;
  // Drain (unread) so the connection can be reused; the body text is never looked at.
  await res.body.dump().catch(() => undefined);
  const detail = `upstream status ${res.statusCode}`;
  if (res.statusCode === 429) {
    throw new GatewayError('backend_busy', {
      detail,
      retryAfter: parseRetryAfter(res.headers['retry-after']),
    });
  }
  throw new GatewayError('backend_error', { detail });
}

interface Call {
  /** Aborts on the caller's signal or the timeout, cancelling the upstream request. */
  readonly signal: AbortSignal;
  /** What to throw: the caller's abort reason, a timeout, or the mapped failure. */
  toError(err: unknown): unknown;
  done(): void;
}

export function startCall(caller: AbortSignal, timeoutMs: number): Call {
  const controller = new AbortController();
  let timeout: GatewayError | undefined;
  const onAbort = (): void => {
    controller.abort(caller.reason);
  };
  caller.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => {
    timeout = new GatewayError('backend_timeout', { detail: `no answer in ${timeoutMs} ms` });
    controller.abort(timeout);
  }, timeoutMs);
  return {
    signal: controller.signal,
    // The caller's reason wins: its own abort is not a backend failure, whatever undici threw.
    toError: (err) => (caller.aborted ? (caller.reason as unknown) : (timeout ?? mapFailure(err))),
    done: () => {
      clearTimeout(timer);
      caller.removeEventListener('abort', onAbort);
    },
  };
}

function mapFailure(err: unknown): GatewayError {
  if (isGatewayError(err)) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const safeCode = typeof code === 'string' && /^[A-Z0-9_]+$/.test(code) ? code : undefined;
  if (safeCode !== undefined && TIMEOUT_CODES.has(safeCode)) {
    return new GatewayError('backend_timeout', { cause: err, detail: `upstream ${safeCode}` });
  }
  const detail =
    safeCode === undefined ? 'upstream request failed' : `upstream request failed (${safeCode})`;
  return new GatewayError('backend_error', { cause: err, detail });
}
