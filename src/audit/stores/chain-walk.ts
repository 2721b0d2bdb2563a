/**
 * Verifying a stored chain page by page, shared by both stores: rows are decoded, re-hashed and
 * their copied columns compared with the event, starting after the anchor when older events
 * were purged.
 */
import { ChainVerifier } from '../hash-chain.js';
import { checkRow, columnMismatch, type EventRow } from './sqlite/sqlite-rows.js';
import type { ChainAnchor, VerifyReport } from '../types.js';

/** `page(after)` returns the next rows with seq > after, in seq order; an empty page ends it. */
export async function walkChain(
  anchor: ChainAnchor | undefined,
  page: (after: number) => Promise<readonly EventRow[]>,
): Promise<VerifyReport> {
  const verifier = new ChainVerifier(anchor);
  const done = () => (anchor === undefined ? verifier.report() : { ...verifier.report(), anchor });
  let after = anchor?.seq ?? 0;
  for (;;) {
    const rows = await page(after);
    for (const row of rows) {
      const event = checkRow(row);
      if (typeof event === 'string') {
        verifier.fail({ seq: row.seq, id: row.id, reason: event });
        return done();
      }
      if (!verifier.push(event, columnMismatch(row, event))) return done();
    }
    const last = rows.at(-1);
    if (last === undefined) return done();
    after = last.seq;
  }
}
