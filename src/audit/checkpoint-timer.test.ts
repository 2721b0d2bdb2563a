/**
 * The checkpoints `serve` writes (issue 18 item 8), on a real SQLite store and a real file: at
 * start, when the head moved, and at shutdown; a failed write is logged without the path or
 * any content, reported as not ok (for /readyz) and retried until it succeeds.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeCheckpoint, macMatches } from './checkpoint.js';
import { startCheckpoints } from './checkpoint-timer.js';
import { verifyCheckpoints } from './checkpoint-verify.js';
import { tempDatabases } from './stores/sqlite/sqlite-test-helpers.js';
import { captureLogger } from './test-logger.js';
import { openSqliteAuditStore } from './stores/sqlite/sqlite-store.js';
import { appendAll } from './stores/store-cases.js';
import { makeEvent } from './test-events.js';

const databases = tempDatabases();
after(databases.cleanup);
const SECRET = 'timer-test-secret-0123456789';

const fileLines = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { seq: number });

void describe('checkpoint MAC', () => {
  void it('when any field or the secret changes, then the MAC no longer matches', () => {
    const checkpoint = makeCheckpoint({ seq: 7, hash: 'a'.repeat(64) }, SECRET);
    const mac = checkpoint.mac ?? '';
    assert.equal(macMatches({ ...checkpoint, mac }, SECRET), true);
    assert.equal(macMatches({ ...checkpoint, mac }, `${SECRET}x`), false);
    assert.equal(macMatches({ ...checkpoint, mac, seq: 6 }, SECRET), false);
    assert.equal(macMatches({ ...checkpoint, mac, hash: 'b'.repeat(64) }, SECRET), false);
    assert.equal(
      macMatches({ ...checkpoint, mac, time: new Date(0).toISOString() }, SECRET),
      false,
    );
    assert.equal(makeCheckpoint({ seq: 7, hash: 'a'.repeat(64) }, undefined).mac, null);
  });
});

void describe('checkpoint timer', () => {
  void it('when serving, then it checkpoints at start, only when the head moved, and at stop', async () => {
    const store = openSqliteAuditStore(databases.path());
    const file = join(databases.dir(), 'timer.jsonl');
    await appendAll(store, [makeEvent(), makeEvent()]);
    const { logger } = captureLogger();
    const timer = startCheckpoints(store.checkpoints, {
      secret: SECRET,
      file,
      intervalMs: 20,
      logger,
    });
    await timer.first;
    assert.deepEqual(timer.status().seq, 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(fileLines(file).length, 1, 'an unchanged head is not checkpointed again');
    await appendAll(store, [makeEvent()]);
    await timer.stop();
    assert.deepEqual(
      fileLines(file).map((line) => line.seq),
      [2, 3],
    );
    assert.equal((await verifyCheckpoints(store.checkpoints, { secret: SECRET, file })).checked, 4);
    await store.close();
  });

  void it('when the file cannot be written, then it logs a code, reports not ok, and recovers', async () => {
    const store = openSqliteAuditStore(databases.path());
    await appendAll(store, [makeEvent()]);
    const missingDir = join(databases.dir(), 'not-yet');
    const file = join(missingDir, 'checkpoints.jsonl');
    const { logger, lines } = captureLogger();
    const timer = startCheckpoints(store.checkpoints, {
      secret: SECRET,
      file,
      intervalMs: 20,
      logger,
    });
    await timer.first;
    assert.deepEqual(timer.status(), { ok: false, error: 'ENOENT' });
    assert.match(lines.join(''), /"message":"audit checkpoint failed".*"reason":"ENOENT"/u);
    assert.doesNotMatch(lines.join(''), /not-yet/u, 'the path stays out of the log');
    mkdirSync(missingDir);
    // The next tick retries; poll rather than guess how long a loaded machine takes.
    for (let waited = 0; !timer.status().ok && waited < 5000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(timer.status().ok, true);
    assert.equal(timer.status().seq, 1);
    await timer.stop();
    await store.close();
  });

  void it('when a file line is not a checkpoint, then verify names the line', async () => {
    const store = openSqliteAuditStore(databases.path());
    await appendAll(store, [makeEvent()]);
    const file = join(databases.dir(), 'bad.jsonl');
    const good = JSON.stringify(makeCheckpoint({ seq: 1, hash: 'c'.repeat(64) }, SECRET));
    writeFileSync(file, `${good}\n{"seq":2}\n`);
    const report = await verifyCheckpoints(store.checkpoints, { secret: SECRET, file });
    assert.equal(report.brokenAt?.source, 'file');
    assert.match(report.brokenAt.reason, /line 2 of the checkpoint file/u);
    await store.close();
  });
});
