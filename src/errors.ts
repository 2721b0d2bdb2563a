/**
 * The one catalogue of error codes. Every failure a client or operator can see has a stable,
 * lower-case code here; docs/errors.md documents each one (errors.test.ts keeps them in step).
 * Messages are fixed text: they never carry customer text or a dependency's message.
 */

export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'server_error';

interface ErrorSpec {
  readonly httpStatus: number;
  readonly type: OpenAIErrorType;
  /** When false, clients get the generic message and the real one stays in the logs. */
  readonly expose: boolean;
  readonly message: string;
}

export const ERROR_CODES = Object.freeze({
  invalid_request: {
    httpStatus: 400,
    type: 'invalid_request_error',
    expose: true,
    message: 'The request is invalid.',
  },
  tools_unsupported: {
    httpStatus: 400,
    type: 'invalid_request_error',
    expose: true,
    message: 'The configured model backend does not support tools or function calls.',
  },
  usage_invalid: {
    httpStatus: 400,
    type: 'invalid_request_error',
    expose: true,
    message: 'Invalid command-line usage or input file.',
  },
  payload_too_large: {
    httpStatus: 413,
    type: 'invalid_request_error',
    expose: true,
    message: 'The request body is too large.',
  },
  invalid_api_key: {
    httpStatus: 401,
    type: 'authentication_error',
    expose: true,
    message: 'Missing or invalid product key.',
  },
  product_unknown: {
    httpStatus: 403,
    type: 'permission_error',
    expose: true,
    message: 'The key belongs to a product that has no loaded policy.',
  },
  not_found: {
    httpStatus: 404,
    type: 'not_found_error',
    expose: true,
    message: 'No such route.',
  },
  invalid_reviewer_token: {
    httpStatus: 401,
    type: 'authentication_error',
    expose: true,
    message: 'Missing or invalid reviewer token.',
  },
  invalid_metrics_token: {
    httpStatus: 401,
    type: 'authentication_error',
    expose: true,
    message: 'Missing or invalid metrics token.',
  },
  csrf_invalid: {
    httpStatus: 403,
    type: 'permission_error',
    expose: true,
    message: 'The form was stale or not sent by the review UI. Reload the page and try again.',
  },
  decision_not_found: {
    httpStatus: 404,
    type: 'not_found_error',
    expose: true,
    message: 'No such decision.',
  },
  rate_limited: {
    httpStatus: 429,
    type: 'rate_limit_error',
    expose: true,
    message: 'Too many requests for this key. Retry after the indicated delay.',
  },
  token_limit_exceeded: {
    httpStatus: 429,
    type: 'rate_limit_error',
    expose: true,
    message:
      "The product used this minute's token budget (its policy's limits.tokens_per_minute). Retry after the indicated delay.",
  },
  rate_limit_unavailable: {
    httpStatus: 503,
    type: 'server_error',
    expose: true,
    message: 'The rate limit could not be checked, so the request was not served.',
  },
  backend_busy: {
    httpStatus: 429,
    type: 'rate_limit_error',
    expose: true,
    message: 'The model is busy: the request queue is full. Retry after the indicated delay.',
  },
  backend_error: {
    httpStatus: 502,
    type: 'server_error',
    expose: true,
    message: 'The model backend failed to answer.',
  },
  backend_timeout: {
    httpStatus: 504,
    type: 'server_error',
    expose: true,
    message: 'The model backend did not answer in time.',
  },
  backend_unavailable: {
    httpStatus: 503,
    type: 'server_error',
    expose: true,
    message:
      'No chat model is available. Set PARAPET_MODEL to a Gemma GGUF file (or run `parapet model pull gemma`), or set PARAPET_BACKEND=openai with PARAPET_UPSTREAM_URL.',
  },
  audit_unavailable: {
    httpStatus: 503,
    type: 'server_error',
    expose: true,
    message: 'The decision could not be recorded, so the request was not served.',
  },
  session_unavailable: {
    httpStatus: 503,
    type: 'server_error',
    expose: true,
    message: 'Reviewer sessions could not be checked, so the page was not served. Retry shortly.',
  },
  policy_invalid: {
    httpStatus: 500,
    type: 'server_error',
    expose: false,
    message: 'A policy file is invalid.',
  },
  tune_refused: {
    httpStatus: 500,
    type: 'server_error',
    expose: false,
    message: 'parapet tune refused to write an adapter.',
  },
  config_invalid: {
    httpStatus: 500,
    type: 'server_error',
    expose: false,
    message: 'The gateway configuration is invalid.',
  },
  scanner_failed: {
    httpStatus: 500,
    type: 'server_error',
    expose: false,
    message: 'A scanner failed.',
  },
  scanner_timeout: {
    httpStatus: 500,
    type: 'server_error',
    expose: false,
    message: 'A scanner did not finish in time.',
  },
  internal_error: {
    httpStatus: 500,
    type: 'server_error',
    expose: false,
    message: 'Internal error.',
  },
} satisfies Record<string, ErrorSpec>);

export type ErrorCode = keyof typeof ERROR_CODES;

export class GatewayError extends Error {
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly expose: boolean;
  /** Extra safe detail (ids, counts, file:path messages); never customer text. */
  readonly detail: string | undefined;
  /** Seconds a client should wait before retrying (429/503). */
  readonly retryAfter: number | undefined;
  /** The body field or query parameter at fault (OpenAI's `param`), when there is one. */
  readonly param: string | undefined;

  constructor(
    code: ErrorCode,
    options: { detail?: string; cause?: unknown; retryAfter?: number; param?: string } = {},
  ) {
    const spec: ErrorSpec = ERROR_CODES[code];
    super(options.detail ? `${spec.message} ${options.detail}` : spec.message, {
      cause: options.cause,
    });
    this.name = 'GatewayError';
    this.code = code;
    this.httpStatus = spec.httpStatus;
    this.expose = spec.expose;
    this.detail = options.detail;
    this.retryAfter = options.retryAfter;
    this.param = options.param;
  }
}

export function isGatewayError(err: unknown): err is GatewayError {
  return err instanceof GatewayError;
}

/**
 * Any thrown value as a catalogue error: GatewayErrors as they are, body-parser failures (express's
 * JSON parser tags them with `type`/`status`) as client errors, everything else internal_error.
 */
export function toGatewayError(err: unknown): GatewayError {
  if (isGatewayError(err)) return err;
  const type = (err as { type?: unknown } | null)?.type;
  if (type === 'entity.parse.failed')
    return new GatewayError('invalid_request', { detail: 'Malformed JSON.' });
  if (type === 'entity.too.large') return new GatewayError('payload_too_large');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
    return new GatewayError('invalid_request', { detail: 'Unsupported body encoding.' });
  }
  // Other body-parser failures are the client's: a gzip/br body that does not inflate (zlib's
  // error, wrapped as a 400 without a type), a wrong Content-Length, an aborted upload.
  if (isBodyParserClientError(err)) {
    return new GatewayError('invalid_request', { detail: 'The body could not be read.' });
  }
  return new GatewayError('internal_error', { cause: err });
}

function isBodyParserClientError(err: unknown): boolean {
  const status = (err as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}
