/**
 * Counts request handlers that have not finished, so shutdown can wait for the ones whose
 * connections it cut at the deadline: such a handler still writes its audit event (outcome
 * client_closed) a few milliseconds later, and the audit store must not close before it does.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';

type AsyncHandler = (req: Request, res: Response, next: NextFunction) => Promise<void>;

export class InFlight {
  #count = 0;
  #waiters: (() => void)[] = [];

  get count(): number {
    return this.#count;
  }

  /** Wraps a route handler so its whole run, audit write included, is counted. */
  track(handler: AsyncHandler): RequestHandler {
    return (req, res, next) => {
      this.#count += 1;
      return handler(req, res, next).finally(() => {
        this.#count -= 1;
        if (this.#count === 0) for (const wake of this.#waiters.splice(0)) wake();
      });
    };
  }

  /** Resolves when no handler runs, or after `timeoutMs` (true: drained, false: gave up). */
  async idle(timeoutMs: number): Promise<boolean> {
    if (this.#count === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const drained = new Promise<boolean>((resolve) =>
      this.#waiters.push(() => {
        resolve(true);
      }),
    );
    const late = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        resolve(false);
      }, timeoutMs);
    });
    try {
      return await Promise.race([drained, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
