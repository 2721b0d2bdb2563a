/**
 * Tampering with the file behind the store's back, and writes that cannot happen. The tests run
 * as root in CI, where file permissions are ignored, so failures are made with SQLite itself:
 * a trigger that aborts inserts (what a full disk or I/O error looks like to the transaction)
 * and a second connection holding the write lock.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { openSqliteAuditStore } from './sqlite-store.js';
import { filledStore, rowCount, tempDatabases } from './sqlite-test-helpers.js';
import { makeEvent } from '../../test-events.js';
import type { AuditEvent } from '../../types.js';

const databases = tempDatabases();
after(databases.cleanup);

void describe('SQLite audit store: verify finds tampering', () => {
  void it('when an event JSON was edited by another connection, then verify reports its seq', async () => {
    const { store, raw, events } = await filledStore(databases.path(), 10);
    raw
      .prepare("UPDATE audit_events SET event = json_set(event, '$.action', 'allow') WHERE seq = 7")
      .run();
    const report = await store.verify();
    assert.equal(report.ok, false);
    assert.equal(report.checked, 6);
    assert.equal(report.brokenAt?.seq, 7);
    assert.equal(report.brokenAt.id, events[6]?.id);
    assert.match(report.brokenAt.reason, /hash does not match/u);
    raw.close();
    await store.close();
  });

  void it('when only a copied column was edited, then verify reports that row', async () => {
    const { store, raw } = await filledStore(databases.path(), 10);
    raw.prepare("UPDATE audit_events SET action = 'allow' WHERE seq = 3").run();
    const report = await store.verify();
    assert.equal(report.brokenAt?.seq, 3);
    assert.match(report.brokenAt.reason, /column action/u);
    raw.close();
    await store.close();
  });

  void it('when an event was deleted, then verify reports the event after the gap', async () => {
    const { store, raw } = await filledStore(databases.path(), 10);
    raw.prepare('DELETE FROM audit_events WHERE seq = 5').run();
    const report = await store.verify();
    assert.equal(report.brokenAt?.seq, 6);
    assert.match(report.brokenAt.reason, /seq 5 is missing/u);
    raw.close();
    await store.close();
  });

  void it('when two events swapped positions, then verify reports the first of them', async () => {
    const { store, raw, events } = await filledStore(databases.path(), 10);
    raw.transaction(() => {
      raw.prepare('UPDATE audit_events SET seq = -1 WHERE seq = 4').run();
      raw.prepare('UPDATE audit_events SET seq = 4 WHERE seq = 5').run();
      raw.prepare('UPDATE audit_events SET seq = 5 WHERE seq = -1').run();
    })();
    const report = await store.verify();
    assert.equal(report.brokenAt?.seq, 4);
    assert.equal(report.brokenAt.id, events[4]?.id);
    assert.match(report.brokenAt.reason, /prev_hash/u);
    raw.close();
    await store.close();
  });

  void it('when a row holds JSON that does not parse, then verify reports it and get rejects', async () => {
    const { store, raw, events } = await filledStore(databases.path(), 4);
    raw.prepare("UPDATE audit_events SET event = '{broken' WHERE seq = 2").run();
    assert.equal((await store.verify()).brokenAt?.seq, 2);
    await assert.rejects(store.get(events[1]?.id ?? ''), /seq 2 is not valid JSON/u);
    raw.close();
    await store.close();
  });

  void it('when the store is empty, then verify is ok with nothing checked', async () => {
    const store = openSqliteAuditStore(databases.path());
    assert.deepEqual(await store.verify(), { ok: true, checked: 0 });
    await store.close();
  });
});

void describe('SQLite audit store: failed writes', () => {
  void it('when two stores write the same file, then they extend one chain', async () => {
    const path = databases.path();
    const first = openSqliteAuditStore(path);
    const second = openSqliteAuditStore(path);
    const writes = Array.from({ length: 40 }, (_, index) =>
      (index % 2 === 0 ? first : second).append(makeEvent()),
    );
    await Promise.all(writes);
    assert.deepEqual(await first.verify(), { ok: true, checked: 40 });
    await Promise.all([first.close(), second.close()]);
  });

  void it('when a batch fails midway, then every append rejects and nothing of it is stored', async () => {
    const batches: boolean[] = [];
    const { store, raw } = await filledStore(databases.path(), 3, {
      onBatch: ({ ok }) => batches.push(ok),
    });
    const doomed = Array.from({ length: 5 }, () => makeEvent());
    // Aborts on the third insert, after two rows of the batch were already written.
    raw.exec(`CREATE TRIGGER fail_insert BEFORE INSERT ON audit_events
      WHEN NEW.id = '${doomed[2]?.id ?? ''}' BEGIN SELECT RAISE(ABORT, 'simulated I/O error'); END`);

    const results = await Promise.allSettled(doomed.map((event) => store.append(event)));
    assert.ok(results.every((result) => result.status === 'rejected'));
    const reason: unknown = results[0]?.status === 'rejected' ? results[0].reason : undefined;
    assert.ok(reason instanceof Error);
    assert.match(reason.message, /^audit store write failed \(SQLITE_CONSTRAINT_TRIGGER\)$/u);
    assert.equal(rowCount(raw), 3);
    assert.deepEqual(batches.slice(-1), [false]);

    // The head did not move: the next event links to event 3 and the chain stays valid.
    raw.exec('DROP TRIGGER fail_insert');
    const next = makeEvent();
    await store.append(next);
    assert.equal((await store.get(next.id))?.seq, 4);
    assert.deepEqual(await store.verify(), { ok: true, checked: 4 });
    raw.close();
    await store.close();
  });

  void it('when another connection holds the write lock, then append rejects and later recovers', async () => {
    const { store, raw } = await filledStore(databases.path(), 2, { busyTimeoutMs: 50 });
    raw.exec('BEGIN EXCLUSIVE');
    const blocked = makeEvent();
    await assert.rejects(
      store.append(blocked),
      /^Error: audit store write failed \(SQLITE_BUSY\)$/u,
    );
    // WAL readers are not blocked by a writer, but readiness probes the write lock.
    assert.equal(await store.healthy(), false);
    assert.equal((await store.verify()).checked, 2);
    raw.exec('ROLLBACK');
    assert.equal(await store.healthy(), true);

    assert.equal(await store.get(blocked.id), undefined);
    await store.append(makeEvent());
    assert.deepEqual(await store.verify(), { ok: true, checked: 3 });
    raw.close();
    await store.close();
  });

  void it('when the database path is a directory, then opening fails with a plain Error', () => {
    const path = databases.path();
    mkdirSync(path, { recursive: true });
    assert.throws(() => openSqliteAuditStore(path), /^Error: cannot open audit database/u);
  });
});

void describe('SQLite audit store: closing', () => {
  void it('when closed with appends still queued, then they are committed first', async () => {
    const path = databases.path();
    const store = openSqliteAuditStore(path);
    const events: AuditEvent[] = Array.from({ length: 50 }, () => makeEvent());
    const pending = events.map((event) => store.append(event));
    await store.close();
    await Promise.all(pending);

    const reopened = openSqliteAuditStore(path);
    assert.deepEqual(await reopened.verify(), { ok: true, checked: 50 });
    await reopened.close();
  });

  void it('when closed, then append, get, export and verify reject and healthy is false', async () => {
    const store = openSqliteAuditStore(databases.path());
    await store.append(makeEvent());
    await store.close();
    await store.close();
    await assert.rejects(store.append(makeEvent()), /audit store is closed/u);
    await assert.rejects(store.get('dec_x'), /audit store is closed/u);
    await assert.rejects(store.verify(), /audit store is closed/u);
    await assert.rejects(store.export()[Symbol.asyncIterator]().next(), /audit store is closed/u);
    assert.equal(await store.healthy(), false);
  });
});
