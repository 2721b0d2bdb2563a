import type { Scanner } from '../contract/types.js';
import * as registered from './index.js';

/** Every registered scanner, as the list the policy loader and the contract suite take. */
export const allScanners: readonly Scanner[] = Object.values(registered);
