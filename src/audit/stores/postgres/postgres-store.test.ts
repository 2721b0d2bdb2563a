/**
 * What only the Postgres store has to prove: several replicas extending one chain, group commit,
 * migrations under concurrency, failed and duplicate writes, and errors that never echo the URL.
 * Each test works in its own schema of the local test database; all skip when none answers.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openAuditStore } from '../open-store.js';
import { PG_SCHEMA_VERSION } from './postgres-schema.js';
import { openPostgresAuditStore, type PostgresStore } from './postgres-store.js';
import {
  TEST_POSTGRES_URL,
  dropSchema,
  freshSchema,
  postgresSkipReason,
  rawClient,
} from './postgres-test-helpers.js';
import { nth } from '../store-cases.js';
import { collectExport, makeEvent, withoutChain } from '../../test-events.js';

const skip = await postgresSkipReason();
if (skip !== undefined) process.stdout.write(`${skip}\n`);

const schemas: string[] = [];
after(async () => {
  if (skip === undefined) for (const schema of schemas) await dropSchema(schema);
});

function schemaForTest(): string {
  const schema = freshSchema();
  schemas.push(schema);
  return schema;
}

async function open(schema: string, onBatch?: (size: number) => void): Promise<PostgresStore> {
  return openPostgresAuditStore(TEST_POSTGRES_URL, {
    schema,
    ...(onBatch === undefined
      ? {}
      : {
          onBatch: ({ size }) => {
            onBatch(size);
          },
        }),
  });
}

void describe('Postgres audit store: writing and reading', { skip }, () => {
  void it('when events are appended, then get and export return them in order with a chain', async () => {
    const store = await open(schemaForTest());
    const events = [
      makeEvent({ action: 'allow', time: '2026-11-20T08:00:00.000Z' }),
      makeEvent({ action: 'block', output: null, keyId: null, time: '2026-11-20T09:00:00.000Z' }),
      makeEvent({ route: 'guard', backend: null, time: '2026-11-20T10:00:00.000Z' }),
    ];
    for (const event of events) await store.append(event);
    const got = await store.get(events[1]?.id ?? '');
    assert.deepEqual(got && withoutChain(got), events[1]);
    assert.equal(got?.seq, 2);
    assert.equal(await store.get('dec_missing'), undefined);
    assert.deepEqual((await collectExport(store)).map(withoutChain), events);
    const since = await collectExport(store, '2026-11-20T09:00:00Z');
    assert.deepEqual(
      since.map((event) => event.seq),
      [2, 3],
    );
    assert.deepEqual(await store.verify(), { ok: true, checked: 3 });
    await store.close();
  });

  void it('when 300 appends are issued at once, then few transactions commit them in call order', async () => {
    const batches: number[] = [];
    const store = await open(schemaForTest(), (size) => batches.push(size));
    const events = Array.from({ length: 300 }, () => makeEvent());
    await Promise.all(events.map((event) => store.append(event)));
    assert.ok(batches.length <= 5, `expected group commit, got ${batches.length} transactions`);
    const exported = await collectExport(store);
    assert.deepEqual(
      exported.map((event) => event.id),
      events.map((event) => event.id),
    );
    await store.close();
  });

  void it('when three replicas append to one database concurrently, then they extend one chain', async () => {
    const schema = schemaForTest();
    // Opened together: the migration runs once under its advisory lock.
    const replicas = await Promise.all([open(schema), open(schema), open(schema)]);
    const raw = await rawClient(schema);
    try {
      const writes = Array.from({ length: 150 }, (_, index) =>
        nth(replicas, index % 3).append(makeEvent()),
      );
      await Promise.all(writes);
      assert.deepEqual(await nth(replicas, 0).verify(), { ok: true, checked: 150 });
      const { rows } = await raw.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version',
      );
      assert.deepEqual(
        rows.map((row) => row.version),
        Array.from({ length: PG_SCHEMA_VERSION }, (_, index) => index + 1),
      );
    } finally {
      // Open pools would keep the test process alive after a failed assertion.
      await raw.end();
      await Promise.all(replicas.map((replica) => replica.close()));
    }
  });

  void it('when an id is appended twice, then only the second append rejects and the chain holds', async () => {
    const store = await open(schemaForTest());
    const first = makeEvent();
    await store.append(first);
    const others = [makeEvent(), makeEvent()];
    const results = await Promise.allSettled([
      store.append(others[0] ?? first),
      store.append(first),
      store.append(others[1] ?? first),
    ]);
    assert.deepEqual(
      results.map((result) => result.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
    assert.deepEqual(await store.verify(), { ok: true, checked: 3 });
    await store.close();
  });

  void it('when a batch fails midway, then every append rejects and the head does not move', async () => {
    const schema = schemaForTest();
    const store = await open(schema);
    await store.append(makeEvent());
    const raw = await rawClient(schema);
    const doomed = Array.from({ length: 5 }, () => makeEvent());
    await raw.query(`CREATE FUNCTION fail_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated I/O error'; END $$`);
    await raw.query(`CREATE TRIGGER fail_insert BEFORE INSERT ON audit_events FOR EACH ROW
      WHEN (NEW.id = '${doomed[2]?.id ?? ''}') EXECUTE FUNCTION fail_insert()`);
    const results = await Promise.allSettled(doomed.map((event) => store.append(event)));
    assert.ok(results.every((result) => result.status === 'rejected'));
    const reason: unknown = results[0]?.status === 'rejected' ? results[0].reason : undefined;
    assert.ok(reason instanceof Error);
    // P0001 is raise_exception; the server's message (it could quote a row) is not passed on.
    assert.equal(reason.message, 'audit store write failed (P0001)');
    await raw.query('DROP TRIGGER fail_insert ON audit_events');
    await store.append(makeEvent());
    assert.deepEqual(await store.verify(), { ok: true, checked: 2 });
    await raw.end();
    await store.close();
  });
});

void describe('Postgres audit store: opening and closing', { skip }, () => {
  void it('when the database comes from a newer build, then opening fails clearly', async () => {
    const schema = schemaForTest();
    await (await open(schema)).close();
    const raw = await rawClient(schema);
    await raw.query('INSERT INTO schema_migrations (version) VALUES (99)');
    await raw.end();
    await assert.rejects(open(schema), /schema version 99 is newer/u);
  });

  void it('when the server is unreachable, then opening fails without echoing the password', async () => {
    await assert.rejects(
      openAuditStore('postgres://parapet:s3cret@127.0.0.1:1/audit'),
      (error: unknown) => {
        assert.ok(error instanceof Error);
        assert.equal(error.message, 'cannot open audit database (ECONNREFUSED)');
        return true;
      },
    );
  });

  void it('when closed with appends queued, then they are committed first and later calls reject', async () => {
    const schema = schemaForTest();
    const store = await open(schema);
    const pending = Array.from({ length: 40 }, () => store.append(makeEvent()));
    await store.close();
    await Promise.all(pending);
    await assert.rejects(store.append(makeEvent()), /audit store is closed/u);
    await assert.rejects(store.verify(), /audit store is closed/u);
    await assert.rejects(store.listDecisions({ scope: 'all', limit: 5 }), /closed/u);
    assert.equal(await store.healthy(), false);
    const again = await open(schema);
    assert.deepEqual(await again.verify(), { ok: true, checked: 40 });
    assert.equal(await again.healthy(), true);
    await again.close();
  });
});
