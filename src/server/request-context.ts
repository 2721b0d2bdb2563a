/** Per-request state kept on res.locals, typed in one place. */
import type { Response } from 'express';
import type { Policy } from '../policy/types.js';

export interface Caller {
  readonly keyId: string;
  readonly product: string;
  readonly policy: Policy;
}

export function requestId(res: Response): string {
  return String(res.locals.requestId);
}

export function caller(res: Response): Caller {
  return res.locals.caller as Caller;
}
