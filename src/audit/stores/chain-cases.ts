/**
 * Tamper evidence and retention cases shared by the SQLite and Postgres test files: verify names
 * the first broken link after an edit, a deletion or a reordering done with raw SQL, and a purge
 * leaves a chain that still verifies from its anchor.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  appendAll,
  firedBy,
  nth,
  quiet,
  type HarnessStore,
  type StoreHarness,
} from './store-cases.js';
import { collectExport, makeEvent } from '../test-events.js';
import type { AuditEvent } from '../types.js';

async function filled(
  harness: StoreHarness,
  count: number,
): Promise<HarnessStore & { events: AuditEvent[] }> {
  const opened = await harness.fresh({ reviewSample: 0 });
  const events = Array.from({ length: count }, (_, index) =>
    index % 3 === 0 ? firedBy('toxicity', 'block') : makeEvent(),
  );
  await appendAll(opened.store, events);
  return { ...opened, events };
}

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY).toISOString();

export function chainCases(harness: StoreHarness): void {
  void describe(`${harness.name}: verify finds tampering`, { skip: harness.skip }, () => {
    void it('when an event JSON was edited, then verify reports its seq', async () => {
      const { store, exec, events, cleanup } = await filled(harness, 10);
      await exec(
        `UPDATE audit_events SET event = replace(event, '"action":"redact"', '"action":"allow"') WHERE seq = 8`,
      );
      const report = await store.verify();
      assert.equal(report.ok, false);
      assert.equal(report.checked, 7);
      assert.deepEqual(report.brokenAt?.id, events[7]?.id);
      assert.match(report.brokenAt?.reason ?? '', /hash does not match/u);
      await cleanup();
    });

    void it('when a copied column or a review column was edited, then verify reports that row', async () => {
      const { store, exec, cleanup } = await filled(harness, 10);
      await exec("UPDATE audit_events SET product = 'clinic-intake' WHERE seq = 3");
      assert.match((await store.verify()).brokenAt?.reason ?? '', /column product/u);
      await exec("UPDATE audit_events SET product = 'retail-support' WHERE seq = 3");
      // Hiding a blocked decision from reviewers is tampering too.
      await exec('UPDATE audit_events SET queued = 0 WHERE seq = 4');
      const report = await store.verify();
      assert.equal(report.brokenAt?.seq, 4);
      assert.match(report.brokenAt.reason, /column queued/u);
      await cleanup();
    });

    void it('when an event was deleted, then verify reports the event after the gap', async () => {
      const { store, exec, cleanup } = await filled(harness, 10);
      await exec('DELETE FROM audit_events WHERE seq = 5');
      const report = await store.verify();
      assert.equal(report.brokenAt?.seq, 6);
      assert.match(report.brokenAt.reason, /seq 5 is missing/u);
      await cleanup();
    });

    void it('when the first event was deleted, then verify reports that the chain does not start at the genesis', async () => {
      const { store, exec, cleanup } = await filled(harness, 4);
      await exec('DELETE FROM audit_events WHERE seq = 1');
      assert.match((await store.verify()).brokenAt?.reason ?? '', /seq 1 is missing/u);
      await cleanup();
    });

    void it('when two events swapped positions, then verify reports the first of them', async () => {
      const { store, exec, events, cleanup } = await filled(harness, 10);
      await exec(
        `UPDATE audit_events SET seq = -1 WHERE seq = 4;
         UPDATE audit_events SET seq = 4 WHERE seq = 5;
         UPDATE audit_events SET seq = 5 WHERE seq = -1;`,
      );
      const report = await store.verify();
      assert.equal(report.brokenAt?.seq, 4);
      assert.equal(report.brokenAt.id, events[4]?.id);
      assert.match(report.brokenAt.reason, /prev_hash/u);
      await cleanup();
    });
  });

  void describe(`${harness.name}: retention`, { skip: harness.skip }, () => {
    void it('when old events are purged, then they and their labels go and verify starts at the anchor', async () => {
      const { store, exec, cleanup } = await harness.fresh({ reviewSample: 0 });
      const old = Array.from({ length: 6 }, (_, i) =>
        firedBy('toxicity', 'block', { time: daysAgo(40 - i) }),
      );
      const recent = Array.from({ length: 4 }, () =>
        firedBy('toxicity', 'flag', { time: daysAgo(1) }),
      );
      await appendAll(store, [...old, ...recent]);
      for (const event of [nth(old, 1), nth(recent, 0)]) {
        await store.addLabel(
          { decisionId: event.id, verdict: 'correct', note: null, reviewer: 'rev_1' },
          'all',
        );
      }
      const stored = await collectExport(store);
      const report = await store.purge(daysAgo(30));
      assert.deepEqual(report, { purged: 6, anchor: { seq: 6, hash: stored[5]?.hash } });
      const remaining = await collectExport(store);
      assert.deepEqual(
        remaining.map((event) => event.id),
        recent.map((event) => event.id),
      );
      assert.equal(await store.getDecision(nth(old, 1).id, 'all'), undefined);
      const labeled = await store.listDecisions({ scope: 'all', limit: 10, state: 'labeled' });
      assert.deepEqual(
        labeled.items.map((item) => item.id),
        [nth(recent, 0).id],
      );
      assert.deepEqual(await store.verify(), { ok: true, checked: 4, anchor: report.anchor });
      // The purged events' hourly counters went with them, except the hour of the last one
      // (it may hold events newer than the cutoff): 4 recent + 1.
      const totals = (await store.stats({ scope: 'all', bucket: 'day' })).filter(
        (row) => row.scanner === '*',
      );
      assert.equal(
        totals.reduce((sum, row) => sum + row.decisions, 0),
        5,
      );

      await store.append(quiet());
      assert.deepEqual(await store.verify(), { ok: true, checked: 5, anchor: report.anchor });
      assert.deepEqual(await store.purge(daysAgo(30)), { purged: 0, anchor: report.anchor });

      // Deleting the event right after the anchor is still caught.
      await exec('DELETE FROM audit_events WHERE seq = 7');
      assert.match((await store.verify()).brokenAt?.reason ?? '', /seq 7 is missing/u);
      await cleanup();
    });

    void it('when every event is purged, then new events continue the chain from the anchor', async () => {
      const { store, cleanup } = await harness.fresh();
      await appendAll(
        store,
        Array.from({ length: 3 }, () => makeEvent({ time: daysAgo(10) })),
      );
      const report = await store.purge(daysAgo(5));
      assert.equal(report.purged, 3);
      assert.deepEqual(await collectExport(store), []);
      const next = makeEvent();
      await store.append(next);
      const stored = await store.get(next.id);
      assert.equal(stored?.seq, 4);
      assert.equal(stored.prevHash, report.anchor?.hash);
      assert.deepEqual(await store.verify(), { ok: true, checked: 1, anchor: report.anchor });
      await cleanup();
    });

    void it('when a row is missing inside the purge range, then purge refuses and deletes nothing', async () => {
      const { store, exec, cleanup } = await harness.fresh();
      await appendAll(
        store,
        Array.from({ length: 5 }, () => makeEvent({ time: daysAgo(10) })),
      );
      await exec('DELETE FROM audit_events WHERE seq = 3');
      await assert.rejects(store.purge(daysAgo(5)), /seq 3 is missing/u);
      assert.equal((await collectExport(store)).length, 4);
      await cleanup();
    });
  });
}
