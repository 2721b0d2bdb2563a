/**
 * Checkpoint cases shared by the SQLite and Postgres test files (issue 18 item 8): deleting the
 * newest events after a checkpoint is reported naming it, from the store's table and, when the
 * rows went too, from the external file; a forged or edited MAC fails; a purge does not.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeCheckpoint } from '../checkpoint-timer.js';
import { verifyCheckpoints } from '../checkpoint-verify.js';
import { appendAll, type StoreHarness } from './store-cases.js';
import { makeEvent } from '../test-events.js';

const SECRET = 'checkpoint-test-secret-0123456789';
const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

export function checkpointCases(harness: StoreHarness): void {
  void describe(`${harness.name}: checkpoints of the chain head`, { skip: harness.skip }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'parapet-checkpoints-'));
    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });
    let files = 0;
    const options = () => {
      files += 1;
      return { secret: SECRET, file: join(dir, `checkpoints-${files}.jsonl`) };
    };

    void it('when nothing was deleted, then every checkpoint verifies', async () => {
      const { store, cleanup } = await harness.fresh();
      const opts = options();
      assert.equal(await writeCheckpoint(store.checkpoints, opts), undefined, 'empty store');
      await appendAll(store, [makeEvent(), makeEvent()]);
      await writeCheckpoint(store.checkpoints, opts);
      await appendAll(store, [makeEvent()]);
      const last = await writeCheckpoint(store.checkpoints, opts);
      assert.equal(last?.seq, 3);
      const report = await verifyCheckpoints(store.checkpoints, opts);
      assert.equal(report.ok, true, JSON.stringify(report));
      // Two in the store, the same two in the file.
      assert.deepEqual([report.checked, report.purged, report.unsigned], [4, 0, 0]);
      assert.deepEqual(report.latest?.seq, 3);
      assert.deepEqual(report.notes, []);
      await cleanup();
    });

    void it('when the newest events are deleted after a checkpoint, then verify names it as truncation', async () => {
      const { store, exec, cleanup } = await harness.fresh();
      const opts = options();
      await appendAll(
        store,
        Array.from({ length: 6 }, () => makeEvent()),
      );
      const checkpoint = await writeCheckpoint(store.checkpoints, opts);
      // As a careful attacker would: the side tables too, so the store keeps appending.
      await exec(
        'DELETE FROM audit_event_scanners WHERE seq > 4; DELETE FROM audit_events WHERE seq > 4',
      );
      // The chain itself still verifies: only the checkpoint shows what is missing.
      assert.equal((await store.verify()).ok, true);
      const report = await verifyCheckpoints(store.checkpoints, { secret: SECRET });
      assert.equal(report.ok, false);
      assert.deepEqual(report.brokenAt?.seq, 6);
      assert.equal(report.brokenAt.source, 'store');
      assert.equal(report.brokenAt.time, checkpoint?.time);
      assert.match(report.brokenAt.reason, /truncated: the chain ends at seq 4/u);

      // Delete the store's checkpoints too: only the external file still tells.
      await exec('DELETE FROM audit_checkpoints');
      const storeOnly = await verifyCheckpoints(store.checkpoints, { secret: SECRET });
      assert.equal(storeOnly.ok, true);
      assert.match(storeOnly.notes.join('\n'), /no PARAPET_AUDIT_CHECKPOINT_FILE/u);
      const withFile = await verifyCheckpoints(store.checkpoints, opts);
      assert.equal(withFile.brokenAt?.source, 'file');
      assert.match(withFile.brokenAt.reason, /truncated/u);

      // New events reuse the deleted seqs: their hashes differ from the checkpoint's.
      await appendAll(store, [makeEvent(), makeEvent()]);
      const rewritten = await verifyCheckpoints(store.checkpoints, opts);
      assert.equal(rewritten.brokenAt?.seq, 6);
      assert.match(rewritten.brokenAt.reason, /another hash/u);
      await cleanup();
    });

    void it('when a checkpoint MAC is forged or PARAPET_SECRET differs, then verify fails', async () => {
      const { store, exec, cleanup } = await harness.fresh();
      const opts = options();
      await appendAll(store, [makeEvent(), makeEvent(), makeEvent()]);
      await writeCheckpoint(store.checkpoints, opts);
      assert.equal((await verifyCheckpoints(store.checkpoints, opts)).ok, true);
      const other = await verifyCheckpoints(store.checkpoints, {
        ...opts,
        secret: 'another-secret-0123456789',
      });
      assert.match(other.brokenAt?.reason ?? '', /MAC does not match/u);

      // Moving the checkpoint back to seq 2 (to cover deleting seq 3) needs a new MAC.
      await exec(
        `UPDATE audit_checkpoints SET seq = 2, hash = (SELECT hash FROM audit_events WHERE seq = 2)`,
      );
      const forged = await verifyCheckpoints(store.checkpoints, { secret: SECRET });
      assert.equal(forged.brokenAt?.seq, 2);
      assert.match(forged.brokenAt.reason, /MAC does not match/u);
      await exec('DELETE FROM audit_checkpoints');

      // Unsigned checkpoints from before PARAPET_SECRET was set are fine; once checkpoints are
      // signed, dropping the MAC of a rewritten one is not.
      const unsignedAt = (seq: number) =>
        exec(`INSERT INTO audit_checkpoints (seq, hash, time, mac)
          SELECT seq, hash, '2026-01-01T00:00:00.000Z', NULL FROM audit_events WHERE seq = ${seq}`);
      await unsignedAt(1);
      await writeCheckpoint(store.checkpoints, { secret: SECRET });
      const old = await verifyCheckpoints(store.checkpoints, { secret: SECRET });
      assert.deepEqual([old.ok, old.checked, old.unsigned], [true, 2, 1]);
      await appendAll(store, [makeEvent(), makeEvent()]);
      await unsignedAt(5);
      const late = await verifyCheckpoints(store.checkpoints, { secret: SECRET });
      assert.equal(late.brokenAt?.seq, 5);
      assert.match(late.brokenAt.reason, /unsigned checkpoint after signed ones/u);
      await cleanup();
    });

    void it('when events are purged past checkpoints, then verify passes and the purged ones are counted', async () => {
      const { store, cleanup } = await harness.fresh();
      const opts = options();
      await appendAll(
        store,
        Array.from({ length: 4 }, () => makeEvent({ time: daysAgo(40) })),
      );
      await writeCheckpoint(store.checkpoints, opts);
      await appendAll(store, [makeEvent(), makeEvent()]);
      await writeCheckpoint(store.checkpoints, opts);
      const purge = await store.purge(daysAgo(30));
      assert.equal(purge.purged, 4);
      const report = await verifyCheckpoints(store.checkpoints, opts);
      assert.equal(report.ok, true, JSON.stringify(report));
      // The store's checkpoint at seq 4 went with its events; the file's stays, counted as purged.
      assert.deepEqual([report.checked, report.purged], [2, 1]);
      await cleanup();
    });

    void it('when no secret is set, then checkpoints are unsigned and verify says what that leaves open', async () => {
      const { store, cleanup } = await harness.fresh();
      await appendAll(store, [makeEvent()]);
      const checkpoint = await writeCheckpoint(store.checkpoints, {});
      assert.equal(checkpoint?.mac, null);
      const report = await verifyCheckpoints(store.checkpoints, {});
      assert.equal(report.ok, true);
      assert.equal(report.unsigned, 1);
      assert.match(report.notes.join('\n'), /PARAPET_SECRET is not set/u);
      await cleanup();
    });
  });
}
