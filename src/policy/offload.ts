/**
 * Where an offloadable rule scans a text (ScannerDeps.offload, issue 14): a long text on a scan
 * worker, off the event loop; a short one in process, where the matching costs less than the
 * round trip to a worker would (post, structured clone, views built again there, result back).
 * Everything offloaded, short support messages at 16 connections kept 0.68-0.75x of their
 * requests/s (`npm run bench:load -- --before DIR`, docs/benchmarks.md). Both paths are the same
 * scanner on the same params, so a decision does not depend on where the text was scanned.
 */
import type { ScanFn, ScanOffload, Scanner, ScannerDeps } from '../contract/types.js';

/** Texts this long or longer go to a worker. */
export const OFFLOAD_MIN_CHARS = 256;

export function offloadedScan(
  scanner: Scanner,
  params: unknown,
  deps: ScannerDeps,
  offload: ScanOffload,
): ScanFn {
  const local = scanner.create(params, deps);
  const remote = offload.scanFn(scanner.id, params);
  return (input) => (input.text.length < OFFLOAD_MIN_CHARS ? local(input) : remote(input));
}
