/**
 * What a scan worker loads (by URL, ScanPoolOptions.scannerHost) to create the offloaded rules'
 * scanners: the registry's scanner from the rule's params, with no deps but a chat model it does
 * not have, so its classifiers score in the worker's own process. Only `offloadable` scanners
 * are created here; they need nothing else.
 */
import type { ScanFn } from '../contract/types.js';
import { offloads } from '../contract/define-scanner.js';
import { allScanners } from '../scanners/registry.js';

/** This module, for ScanPoolOptions.scannerHost (the compiled .js or, under tsx, the .ts). */
export const SCANNER_HOST_URL = import.meta.url;

const noChatModel = () => Promise.reject(new Error('no chat model on a scan worker'));

export function createScan(scannerId: string, params: unknown): ScanFn {
  const scanner = allScanners.find((s) => s.id === scannerId);
  if (!scanner || !offloads(scanner, params))
    throw new Error('scanner does not run on a scan worker');
  return scanner.create(params, { countTokens: noChatModel });
}
