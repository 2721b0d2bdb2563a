/**
 * `parapet audit checkpoint` and `parapet audit verify` as an operator runs them (issue 18 item
 * 8), against both stores: deleting the newest events after a checkpoint makes verify exit 1
 * naming the truncation (from the store's table, and from PARAPET_AUDIT_CHECKPOINT_FILE once
 * the table's rows are gone too); an intact chain and a purge exit 0; a forged MAC exits 1.
 * Postgres cases skip when none answers.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openAuditStore } from '../../src/audit/stores/open-store.js';
import {
  dropSchema,
  postgresSkipReason,
} from '../../src/audit/stores/postgres/postgres-test-helpers.js';
import { appendAll } from '../../src/audit/stores/store-cases.js';
import { makeEvent } from '../../src/audit/test-events.js';
import { postgresTargets, sqliteTargets, type AuditTarget } from '../helpers/audit-targets.js';
import { runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'parapet-checkpoint-cli-'));
const pgSkip = await postgresSkipReason();
const schemas: string[] = [];
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas) await dropSchema(schema);
});

interface Verified {
  readonly code: number | null;
  readonly ok: boolean;
  readonly checked: number;
  readonly checkpoints: {
    readonly ok: boolean;
    readonly checked: number;
    readonly purged: number;
    readonly brokenAt?: { source: string; seq: number; time: string; reason: string };
    readonly notes: string[];
  };
}

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();
const SECRET = 'cli-checkpoint-secret-0123456789';

function cases(name: string, skip: string | undefined, target: () => Promise<AuditTarget>): void {
  void describe(`parapet audit checkpoint/verify (${name})`, { skip }, () => {
    void it('when the newest events are deleted after a checkpoint, then verify exits 1 naming it; intact and purged exit 0; a forged MAC exits 1', async () => {
      const t = await target();
      const file = join(dir, `${name}-checkpoints.jsonl`);
      const env = {
        PARAPET_AUDIT: t.spec,
        PARAPET_SECRET: SECRET,
        PARAPET_AUDIT_CHECKPOINT_FILE: file,
      };
      const verify = async (extra: NodeJS.ProcessEnv = {}): Promise<Verified> => {
        const result = await runCli(['audit', 'verify'], { ...env, ...extra });
        return {
          code: result.code,
          ...(JSON.parse(result.stdout.trim()) as Omit<Verified, 'code'>),
        };
      };
      const checkpoint = async () => {
        const result = await runCli(['audit', 'checkpoint'], env);
        assert.equal(result.code, 0, result.stderr);
        return JSON.parse(result.stdout.trim()) as { seq: number; time: string; mac: string };
      };

      const store = await openAuditStore(t.spec);
      const old = Array.from({ length: 3 }, () => makeEvent({ time: daysAgo(40) }));
      await appendAll(store, old);
      await store.close();
      const first = await checkpoint();
      assert.equal(first.seq, 3);
      assert.match(first.mac, /^[0-9a-f]{64}$/u);

      const reopened = await openAuditStore(t.spec);
      await appendAll(
        reopened,
        Array.from({ length: 5 }, () => makeEvent()),
      );
      await reopened.close();
      const head = await checkpoint();
      assert.equal(head.seq, 8);

      const intact = await verify();
      assert.equal(intact.code, 0, JSON.stringify(intact));
      assert.deepEqual([intact.ok, intact.checkpoints.checked], [true, 4]);

      const purge = await runCli(['audit', 'purge', '--older-than-days', '30'], env);
      assert.equal(purge.code, 0, purge.stderr);
      const purged = await verify();
      assert.equal(purged.code, 0, JSON.stringify(purged));
      assert.deepEqual([purged.checked, purged.checkpoints.purged], [5, 1]);

      // Truncation: the chain itself is intact, the checkpoint at seq 8 is not reached.
      await t.exec(
        'DELETE FROM audit_event_scanners WHERE seq > 6; DELETE FROM audit_events WHERE seq > 6',
      );
      const truncated = await verify();
      assert.equal(truncated.code, 1);
      assert.equal(truncated.checked, 3);
      assert.deepEqual(truncated.checkpoints.brokenAt, {
        source: 'store',
        seq: 8,
        time: head.time,
        reason:
          'truncated: the chain ends at seq 6, before this checkpoint (newest events deleted)',
      });

      // The store's checkpoints deleted too: the external file still has the head.
      await t.exec('DELETE FROM audit_checkpoints');
      const fromFile = await verify();
      assert.equal(fromFile.code, 1);
      assert.equal(fromFile.checkpoints.brokenAt?.source, 'file');
      assert.match(fromFile.checkpoints.brokenAt.reason, /truncated/u);
      // Without the file, nothing shows it, and verify says so.
      const blind = await verify({ PARAPET_AUDIT_CHECKPOINT_FILE: '' });
      assert.equal(blind.code, 0);
      assert.match(blind.checkpoints.notes.join('\n'), /no PARAPET_AUDIT_CHECKPOINT_FILE/u);

      // A checkpoint moved back to the new head without the secret: its MAC gives it away.
      await t.exec(`INSERT INTO audit_checkpoints (seq, hash, time, mac)
        SELECT seq, hash, '${head.time}', '${head.mac}' FROM audit_events WHERE seq = 6`);
      const forged = await verify({ PARAPET_AUDIT_CHECKPOINT_FILE: '' });
      assert.equal(forged.code, 1);
      assert.equal(forged.checkpoints.brokenAt?.seq, 6);
      assert.match(forged.checkpoints.brokenAt.reason, /MAC does not match/u);
    });
  });
}

cases('SQLite', undefined, sqliteTargets(dir));
cases('Postgres', pgSkip, postgresTargets(schemas));
