/** Request ids, product-key auth and the error handler: the edges of every request. */
import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from '../observability/metrics.js';
import { ERROR_CODES, GatewayError, toGatewayError, type ErrorCode } from '../errors.js';
import type { Logger } from '../log.js';
import type { KeyStore } from '../policy/keys.js';
import type { PolicyStore } from '../policy/types.js';
import type { Caller } from './request-context.js';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

export function assignRequestId(req: Request, res: Response, next: NextFunction): void {
  const given = req.get('x-request-id');
  const id =
    given && SAFE_REQUEST_ID.test(given) ? given : `req_${randomUUID().replaceAll('-', '')}`;
  res.locals.requestId = id;
  res.setHeader('x-request-id', id);
  next();
}

export function requireProductKey(keys: KeyStore, policies: PolicyStore) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    const identity = match?.[1] ? keys.lookup(match[1]) : undefined;
    if (!identity) throw new GatewayError('invalid_api_key');
    const policy = policies.get(identity.product);
    if (!policy) {
      throw new GatewayError('product_unknown', {
        detail: `(key ${identity.keyId}: no policy named "${identity.product}" is loaded)`,
      });
    }
    const callerInfo: Caller = { keyId: identity.keyId, product: identity.product, policy };
    res.locals.caller = callerInfo;
    next();
  };
}

export interface ErrorBody {
  readonly error: {
    readonly message: string;
    readonly type: string;
    readonly code: ErrorCode;
    readonly param: string | null;
    readonly request_id: string;
  };
}

export function errorBody(err: GatewayError, requestId: string): ErrorBody {
  const spec = ERROR_CODES[err.code];
  return {
    error: {
      message: err.expose ? err.message : spec.message,
      type: spec.type,
      code: err.code,
      param: err.expose ? (err.param ?? null) : null,
      request_id: requestId,
    },
  };
}

export function errorHandler(logger: Logger, metrics: Pick<Metrics, 'errorResponse'>) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const id = String(res.locals.requestId ?? 'unknown');
    // The client hung up (its abort unwound the upstream call): nobody is left to answer, and
    // the failure is the client's choice, not ours, so it is no 500 in the log or the metrics.
    if (req.socket.destroyed || res.destroyed) {
      logger.info('client closed', {
        request_id: id,
        cause: err instanceof Error ? err.name : undefined,
      });
      return;
    }
    const gatewayError = toGatewayError(err);
    metrics.errorResponse(gatewayError.code);
    const level = gatewayError.httpStatus >= 500 ? 'error' : 'info';
    // Only the code, the request id and the cause's class: messages of dependencies may quote input.
    logger.log(level, 'request failed', {
      request_id: id,
      code: gatewayError.code,
      status: gatewayError.httpStatus,
      cause: gatewayError.cause instanceof Error ? gatewayError.cause.name : undefined,
    });
    if (res.headersSent) {
      res.end();
      return;
    }
    if (gatewayError.retryAfter !== undefined)
      res.setHeader('retry-after', String(gatewayError.retryAfter));
    res.status(gatewayError.httpStatus).json(errorBody(gatewayError, id));
  };
}
