/**
 * `parapet audit verify` and `parapet audit purge` as an operator runs them, against both stores:
 * verify exits 1 naming the first broken link after a row is edited or deleted, and a purge
 * leaves a chain that verifies from its anchor. Postgres cases skip when none answers.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
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
import { BIN, ROOT, runCli } from '../helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'parapet-audit-cli-'));
const pgSkip = await postgresSkipReason();
const schemas: string[] = [];
after(async () => {
  rmSync(dir, { recursive: true, force: true });
  for (const schema of schemas) await dropSchema(schema);
});

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

/** A store with 4 events from 40 days ago and 3 recent ones. */
async function seeded(target: AuditTarget): Promise<void> {
  const store = await openAuditStore(target.spec);
  const old = Array.from({ length: 4 }, () => makeEvent({ time: daysAgo(40) }));
  await appendAll(store, [...old, makeEvent(), makeEvent(), makeEvent()]);
  await store.close();
}

void it('when purge has no retention to go by, then it is a usage error', async () => {
  const usage = await runCli(['audit', 'purge'], {
    PARAPET_AUDIT: `sqlite:${join(dir, 'u.sqlite')}`,
  });
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /usage_invalid/u);
});

async function verify(spec: string): Promise<{ code: number | null; report: unknown }> {
  const { code, stdout } = await runCli(['audit', 'verify'], { PARAPET_AUDIT: spec });
  return { code, report: JSON.parse(stdout.trim()) as unknown };
}

function cases(name: string, skip: string | undefined, target: () => Promise<AuditTarget>): void {
  void describe(`parapet audit (${name})`, { skip }, () => {
    // One store walked through purge, edit and delete: each CLI run is a process start.
    void it('when purged, then verify passes from the anchor; when a row is edited or deleted, then it exits 1 naming it', async () => {
      const t = await target();
      await seeded(t);
      const purge = await runCli(['audit', 'purge', '--older-than-days', '30'], {
        PARAPET_AUDIT: t.spec,
      });
      assert.equal(purge.code, 0, purge.stderr);
      const purged = JSON.parse(purge.stdout.trim()) as { purged: number; anchor: { seq: number } };
      assert.deepEqual([purged.purged, purged.anchor.seq], [4, 4]);
      const clean = await verify(t.spec);
      assert.equal(clean.code, 0);
      assert.equal((clean.report as { checked: number }).checked, 3);

      const edit = (from: string, to: string) =>
        t.exec(`UPDATE audit_events SET event = replace(event, '${from}', '${to}') WHERE seq = 6`);
      await edit('"outcome":"ok"', '"outcome":"backend_error"');
      const edited = await verify(t.spec);
      assert.equal(edited.code, 1);
      assert.match(JSON.stringify(edited.report), /"seq":6.*hash does not match/u);

      await edit('"outcome":"backend_error"', '"outcome":"ok"');
      await t.exec('DELETE FROM audit_events WHERE seq = 6');
      const deleted = await verify(t.spec);
      assert.equal(deleted.code, 1);
      assert.match(JSON.stringify(deleted.report), /seq 6 is missing/u);
    });
  });
}

cases('SQLite', undefined, sqliteTargets(dir));
cases('Postgres', pgSkip, postgresTargets(schemas));

void it('when audit export is piped into a reader that leaves early (| head), then it exits 0 without a stack trace, in snake_case', async () => {
  const spec = `sqlite:${join(dir, 'export.sqlite')}`;
  const store = await openAuditStore(spec);
  await appendAll(
    store,
    Array.from({ length: 1500 }, () => makeEvent()),
  );
  await store.close();
  const child = spawn(process.execPath, [BIN, 'audit', 'export'], {
    cwd: ROOT,
    env: { ...process.env, PARAPET_AUDIT: spec },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  // Read one line, then close the pipe as `head -1` does.
  const first = await new Promise<string>((resolve) => {
    let buffered = '';
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const nl = buffered.indexOf('\n');
      if (nl >= 0) {
        child.stdout.destroy();
        resolve(buffered.slice(0, nl));
      }
    });
  });
  const [code] = (await once(child, 'close')) as [number | null];
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /EPIPE|at /);
  const event = JSON.parse(first) as Record<string, unknown>;
  for (const key of ['request_id', 'key_id', 'policy_version', 'policy_sha256', 'latency_ms'])
    assert.ok(key in event, `${key} missing: ${Object.keys(event).join(', ')}`);
  assert.ok(!('requestId' in event) && !('prevHash' in event));
});
