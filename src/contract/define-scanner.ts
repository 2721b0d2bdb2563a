import type { Scanner } from './types.js';

/** Whether a rule of `scanner` with these (parsed) params runs whole on a scan worker. */
export function offloads<P>(scanner: Scanner<P>, params: P): boolean {
  return scanner.offloadable === true && (scanner.offloadsWith?.(params) ?? true);
}

/** Identity function that fixes the params type from the zod schema, so `create` is typed. */
export function defineScanner<P>(scanner: Scanner<P>): Scanner<P> {
  return Object.freeze(scanner);
}
