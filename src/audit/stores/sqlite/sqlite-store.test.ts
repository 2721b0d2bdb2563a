import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import { GENESIS_HASH } from '../../hash-chain.js';
import { openAuditStore } from '../open-store.js';
import { canonicalEventJson } from '../../hash-chain.js';
import { SCHEMA_VERSION, migrate } from './sqlite-schema.js';
import { firedBy, quiet } from '../store-cases.js';
import { openSqliteAuditStore } from './sqlite-store.js';
import { filledStore as fill, rowCount, tempDatabases } from './sqlite-test-helpers.js';
import { collectExport, linkEvents, makeEvent, withoutChain } from '../../test-events.js';

const databases = tempDatabases();
after(databases.cleanup);
const freshPath = databases.path;

function filledStore(count: number): ReturnType<typeof fill> {
  return fill(freshPath(), count);
}

void describe('SQLite audit store: writing and reading', () => {
  void it('when events are appended, then get and export return them in order with a chain', async () => {
    const store = openSqliteAuditStore(freshPath());
    const allowed = makeEvent({ action: 'allow', input: { messages: [], action: 'allow' } });
    const blocked = makeEvent({ action: 'block', outcome: 'ok', output: null, keyId: null });
    const guard = makeEvent({ route: 'guard', product: 'clinic-intake', backend: null });
    for (const event of [allowed, blocked, guard]) await store.append(event);

    const got = await store.get(blocked.id);
    assert.ok(got);
    assert.deepEqual(withoutChain(got), blocked);
    assert.equal(got.seq, 2);
    assert.equal(await store.get('dec_does_not_exist'), undefined);

    const exported = await collectExport(store);
    assert.deepEqual(exported.map(withoutChain), [allowed, blocked, guard]);
    assert.deepEqual(
      exported.map((event) => event.seq),
      [1, 2, 3],
    );
    assert.equal(exported[0]?.prevHash, GENESIS_HASH);
    assert.equal(exported[1]?.prevHash, exported[0].hash);
    assert.deepEqual(await store.verify(), { ok: true, checked: 3 });
    await store.close();
  });

  void it('when 200 appends are issued at once, then few transactions commit them in call order', async () => {
    const batches: number[] = [];
    const store = openSqliteAuditStore(freshPath(), {
      onBatch: ({ size, ok }) => {
        assert.ok(ok);
        batches.push(size);
      },
    });
    const events = Array.from({ length: 200 }, (_, index) =>
      makeEvent({ product: index % 2 === 0 ? 'retail-support' : 'clinic-intake' }),
    );
    await Promise.all(events.map((event) => store.append(event)));

    assert.ok(batches.length <= 3, `expected group commit, got ${batches.length} transactions`);
    assert.equal(
      batches.reduce((sum, size) => sum + size, 0),
      200,
    );
    const exported = await collectExport(store);
    assert.deepEqual(
      exported.map((event) => event.id),
      events.map((event) => event.id),
    );
    assert.deepEqual(await store.verify(), { ok: true, checked: 200 });
    await store.close();
  });

  void it('when the batch callback throws, then appends still resolve', async () => {
    const store = openSqliteAuditStore(freshPath(), {
      onBatch: () => {
        throw new Error('metrics exploded');
      },
    });
    await store.append(makeEvent());
    assert.deepEqual(await store.verify(), { ok: true, checked: 1 });
    await store.close();
  });

  void it('when the store is reopened, then new events continue the same chain', async () => {
    const { store, raw, path } = await filledStore(3);
    await store.close();
    const reopened = openSqliteAuditStore(path);
    const next = makeEvent();
    await reopened.append(next);
    const stored = await reopened.get(next.id);
    const third = raw.prepare('SELECT hash FROM audit_events WHERE seq = 3').get() as {
      hash: string;
    };
    assert.equal(stored?.seq, 4);
    assert.equal(stored.prevHash, third.hash);
    assert.deepEqual(await reopened.verify(), { ok: true, checked: 4 });
    raw.close();
    await reopened.close();
  });

  void it('when exporting with since, then only events from that time on come out, in seq order', async () => {
    const store = openSqliteAuditStore(freshPath());
    const times = [
      '2025-03-01T09:00:00.000Z',
      '2025-03-02T09:00:00.000Z',
      '2025-03-01T23:59:59.999Z',
    ];
    for (const time of times) await store.append(makeEvent({ time }));
    const since = await collectExport(store, '2025-03-01T12:00:00+00:00');
    assert.deepEqual(
      since.map((event) => event.seq),
      [2, 3],
    );
    await assert.rejects(collectExport(store, 'last tuesday'), /since/u);
    await store.close();
  });

  void it('when an export spans many pages and appends happen meanwhile, then both work', async () => {
    const { store, raw } = await filledStore(1234);
    let seen = 0;
    let previous = 0;
    for await (const event of store.export()) {
      assert.equal(event.seq, previous + 1);
      previous = event.seq;
      seen += 1;
      // Appending mid-export must not hit "connection is busy" from an open cursor.
      if (seen === 1 || seen === 700) await store.append(makeEvent());
    }
    // Both appends landed before the export reached the end, so it includes them.
    assert.equal(rowCount(raw), 1236);
    assert.equal(seen, 1236);
    raw.close();
    await store.close();
  });

  void it('when an event id is appended twice, then only the duplicate is rejected', async () => {
    const store = openSqliteAuditStore(freshPath());
    const first = makeEvent();
    await store.append(first);
    const results = await Promise.allSettled([
      store.append(makeEvent()),
      store.append(makeEvent({ id: first.id, action: 'block' })),
      store.append(makeEvent()),
    ]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.equal((await store.get(first.id))?.action, first.action);
    assert.deepEqual(await store.verify(), { ok: true, checked: 3 });
    await store.close();
  });

  void it('when an event lacks a required field, then append rejects naming the field only', async () => {
    const store = openSqliteAuditStore(freshPath());
    const event = { ...makeEvent(), product: '' };
    await assert.rejects(store.append(event), /"product"/u);
    await store.close();
  });

  void it('when the database file is new, then it is migrated to the latest version in WAL mode', async () => {
    const { store, raw } = await filledStore(1);
    assert.equal(raw.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.equal(raw.pragma('journal_mode', { simple: true }), 'wal');
    const indexes = raw
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events'")
      .pluck()
      .all();
    assert.ok(indexes.includes('audit_events_product_time'));
    assert.ok(indexes.includes('audit_events_action_time'));
    raw.close();
    await store.close();
  });

  void it('when a version 1 database is opened, then migration 2 backfills the review columns', async () => {
    const path = freshPath();
    mkdirSync(dirname(path), { recursive: true });
    const old = new Sqlite(path);
    migrate(old, 1);
    const blocked = firedBy('toxicity', 'block');
    const flagged = firedBy('pii', 'flag');
    // Three scanners fired (one by erroring): the backfilled list must be in the order verify expects.
    const base = makeEvent();
    const many = makeEvent({
      action: 'block',
      rules: base.rules.map((rule) =>
        rule.scanner === 'toxicity'
          ? { ...rule, action: 'block' as const }
          : rule.scanner === 'prompt-injection'
            ? { ...rule, error: 'scanner_timeout' }
            : rule,
      ),
    });
    const events = linkEvents([quiet(), blocked, flagged, makeEvent(), many]);
    const insert = old.prepare(`INSERT INTO audit_events
      (seq, id, time, product, key_id, action, route, outcome, prev_hash, hash, event)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    for (const e of events) {
      insert.run(
        e.seq,
        e.id,
        e.time,
        e.product,
        e.keyId,
        e.action,
        e.route,
        e.outcome,
        e.prevHash,
        e.hash,
        canonicalEventJson(e),
      );
    }
    old.close();

    const store = openSqliteAuditStore(path, { reviewSample: 0 });
    assert.deepEqual(await store.verify(), { ok: true, checked: 5 });
    const queue = await store.listDecisions({ scope: 'all', limit: 10 });
    assert.deepEqual(
      queue.items.map((item) => [item.id, item.scanners]),
      [
        [many.id, ['pii', 'prompt-injection', 'toxicity']],
        [flagged.id, ['pii']],
        [blocked.id, ['toxicity']],
      ],
    );
    const byScanner = await store.listDecisions({ scope: 'all', limit: 10, scanner: 'pii' });
    assert.deepEqual(
      byScanner.items.map((item) => item.id),
      [many.id, flagged.id],
    );
    // Migrations 2 and 3 counted the old events into the hourly stats.
    const stats = await store.stats({ scope: 'all', bucket: 'day' });
    assert.deepEqual(
      stats.map((row) => [row.scanner, row.decisions, row.flagged, row.blocked]),
      [
        ['*', 5, 1, 2],
        ['pii', 3, 1, 1],
        ['prompt-injection', 1, 0, 1],
        ['toxicity', 2, 0, 2],
      ],
    );
    await store.close();
  });

  void it('when the database comes from a newer build, then opening fails clearly', () => {
    const path = freshPath();
    openSqliteAuditStore(path);
    const raw = new Sqlite(path);
    raw.pragma('user_version = 7');
    raw.close();
    assert.throws(() => openSqliteAuditStore(path), /schema version 7 is newer/u);
  });
});

void describe('SQLite audit store: opening from a spec', () => {
  void it('when the spec is sqlite::memory:, then a working in-memory store opens', async () => {
    const store = await openAuditStore('sqlite::memory:');
    await store.append(makeEvent());
    assert.deepEqual(await store.verify(), { ok: true, checked: 1 });
    assert.equal(await store.healthy(), true);
    await store.close();
  });

  void it('when the spec names a file in missing directories, then they are created', async () => {
    const store = await openAuditStore(`sqlite:${join(databases.dir(), 'deep', 'er', 'audit.db')}`);
    await store.append(makeEvent());
    await store.close();
    const raw = new Sqlite(join(databases.dir(), 'deep', 'er', 'audit.db'));
    assert.equal(rowCount(raw), 1);
    raw.close();
  });

  void it('when the spec is a Postgres URL nothing answers at, then it fails without echoing the password', async () => {
    await assert.rejects(openAuditStore('postgres://parapet:s3cret@127.0.0.1:1/audit'), (error) => {
      assert.ok(error instanceof Error);
      assert.match(error.message, /^cannot open audit database \(ECONNREFUSED\)$/u);
      assert.ok(!error.message.includes('s3cret'));
      return true;
    });
  });

  void it('when the spec is unknown or has no path, then it fails', async () => {
    await assert.rejects(openAuditStore('mysql://x'), /expected sqlite:<path>/u);
    await assert.rejects(openAuditStore('sqlite:'), /needs a path/u);
  });
});
