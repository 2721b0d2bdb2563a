/** The periodic purge `serve` runs when audit_retention_days is set, on a real SQLite store. */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { cutoffFor, startRetention } from './retention.js';
import { tempDatabases } from './stores/sqlite/sqlite-test-helpers.js';
import { captureLogger } from './test-logger.js';
import { openSqliteAuditStore } from './stores/sqlite/sqlite-store.js';
import { appendAll } from './stores/store-cases.js';
import { collectExport, makeEvent } from './test-events.js';

const databases = tempDatabases();
after(databases.cleanup);

void describe('retention timer', () => {
  void it('when retention is set, then old events are purged at start and the purge is logged without content', async () => {
    const store = openSqliteAuditStore(databases.path());
    const old = Array.from({ length: 3 }, () => makeEvent({ time: cutoffFor(45) }));
    const recent = makeEvent();
    await appendAll(store, [...old, recent]);
    const { logger, lines } = captureLogger();
    const timer = startRetention(store, 30, logger, 60_000);
    await timer.stop();
    assert.deepEqual(
      (await collectExport(store)).map((event) => event.id),
      [recent.id],
    );
    assert.equal(lines.length, 1);
    assert.deepEqual(JSON.parse(lines[0] ?? '{}'), {
      level: 'info',
      message: 'audit purge',
      purged: 3,
      anchorSeq: 3,
    });
    await store.close();
  });

  void it('when retention is 0, then nothing is purged', async () => {
    const store = openSqliteAuditStore(databases.path());
    await store.append(makeEvent({ time: cutoffFor(400) }));
    const { logger, lines } = captureLogger();
    await startRetention(store, 0, logger).stop();
    assert.equal((await collectExport(store)).length, 1);
    assert.deepEqual(lines, []);
    await store.close();
  });

  void it('when the purge fails, then a warning names the reason and the timer stops cleanly', async () => {
    const store = openSqliteAuditStore(databases.path());
    await store.close();
    const { logger, lines } = captureLogger();
    await startRetention(store, 30, logger).stop();
    assert.match(
      lines[0] ?? '',
      /"message":"audit purge failed","reason":"audit store is closed"/u,
    );
  });
});
