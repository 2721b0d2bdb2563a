import type { Scanner } from './types.js';

/** Identity function that fixes the params type from the zod schema, so `create` is typed. */
export function defineScanner<P>(scanner: Scanner<P>): Scanner<P> {
  return Object.freeze(scanner);
}
