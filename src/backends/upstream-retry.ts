/**
 * Retries of an upstream chat call where that is safe: the connection was refused or reset
 * before any response byte arrived, or the upstream answered 502/503 (a proxy or a model server
 * that is restarting). Nothing has reached our client at that point, so a second attempt cannot
 * duplicate or splice a reply. Streams are retried only up to their response headers; once a
 * token was read, a failure is the client's error (see openai.ts). Timeouts are not retried:
 * the whole-request timer already covers every attempt, and a hung upstream will hang again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Dispatcher } from 'undici';

export interface RetryOptions {
  /** Further attempts after the first. */
  readonly retries: number;
  /** Backoff before retry n (0-based) is in [base·2ⁿ/2, base·2ⁿ), capped at 2 s. */
  readonly baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 2, baseDelayMs: 100 };

const RETRY_STATUSES = new Set([502, 503]);
// Errors undici raises before a response exists: the request never reached a live server,
// or the socket died before the status line.
const RETRY_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);
const MAX_DELAY_MS = 2_000;

/** Equal jitter: half the exponential step is fixed, half random, so replicas do not retry in step. */
export function backoffMs(attempt: number, baseDelayMs: number, random = Math.random): number {
  const step = Math.min(MAX_DELAY_MS, baseDelayMs * 2 ** attempt);
  return step / 2 + random() * (step / 2);
}

function isRetryableError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRY_ERROR_CODES.has(code);
}

/**
 * Sends until a response that is not 502/503, or the attempts run out (the last response or
 * error is returned or thrown as is). Aborting `signal` stops the waiting at once.
 */
export async function sendWithRetry(
  send: () => Promise<Dispatcher.ResponseData>,
  signal: AbortSignal,
  options: RetryOptions,
): Promise<Dispatcher.ResponseData> {
  for (let attempt = 0; ; attempt++) {
    const last = attempt >= options.retries;
    try {
      const res = await send();
      if (last || !RETRY_STATUSES.has(res.statusCode)) return res;
      // The error body is never read (it may quote the request); drain it to free the socket.
      await res.body.dump().catch(() => undefined);
    } catch (err) {
      if (last || signal.aborted || !isRetryableError(err)) throw err;
    }
    await sleep(backoffMs(attempt, options.baseDelayMs), undefined, { signal });
  }
}
