import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { GatewayError } from '../errors.js';
import { makeFakeScanners } from '../../tests/fixtures/policies/fake-scanners.js';
import { openPolicyStore, type PolicyStoreOptions, type ReloadablePolicyStore } from './store.js';
import type { PolicyStatus } from './types.js';
import { findDrift, readDigests } from './version-drift.js';

const deps = { countTokens: () => Promise.resolve(0) };

function shop(version: number): string {
  return [
    'product: shop',
    `version: ${version}`,
    'input:',
    '  - scanner: keywords',
    '    action: block',
    '    params: { words: [free money] }',
    '',
  ].join('\n');
}

const BROKEN_SHOP = shop(3).replace('action: block', 'action: block\n    threshold: 7');

/** Resolves with the status of the next reload; reject after 5 s so a lost event cannot hang. */
function reloads() {
  let resolveNext: ((status: PolicyStatus) => void) | undefined;
  let count = 0;
  return {
    get count() {
      return count;
    },
    onReload: (status: PolicyStatus) => {
      count++;
      resolveNext?.(status);
      resolveNext = undefined;
    },
    next(): Promise<PolicyStatus> {
      return new Promise((resolve, reject) => {
        resolveNext = resolve;
        setTimeout(() => {
          reject(new Error('no reload within 5 s'));
        }, 5000).unref();
      });
    },
  };
}

function recordingLogger() {
  const lines: { level: string; message: string; meta: Record<string, unknown> }[] = [];
  const log = (level: string) => (message: string, meta: Record<string, unknown>) => {
    lines.push({ level, message, meta });
  };
  return { lines, logger: { info: log('info'), warn: log('warn'), error: log('error') } };
}

describe('openPolicyStore', () => {
  let dir = '';
  let store: ReloadablePolicyStore | undefined;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'parapet-store-'));
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  async function open(extra: Partial<PolicyStoreOptions> = {}) {
    store = await openPolicyStore(dir, { ...makeFakeScanners(), deps, debounceMs: 60, ...extra });
    return store;
  }

  it('when the directory is invalid at start, then it throws policy_invalid with every problem', async () => {
    writeFileSync(path.join(dir, 'shop.yaml'), 'product: shop\nversion: 0\nmode: loud\n');
    const name = path.basename(dir);

    await assert.rejects(open({ watch: false }), (err: unknown) => {
      assert.ok(err instanceof GatewayError);
      assert.equal(err.code, 'policy_invalid');
      assert.deepEqual(err.detail?.split('\n'), [
        `${name}/shop.yaml:2:10 version: Too small: expected number to be >=1`,
        `${name}/shop.yaml:3:7 mode: Invalid option: expected one of "enforce"|"shadow"`,
      ]);
      return true;
    });
  });

  it('when a good change is written, then the new policies are swapped in', async () => {
    writeFileSync(path.join(dir, 'shop.yaml'), shop(1));
    const seen = reloads();
    const policies = await open({ onReload: seen.onReload });

    const reloaded = seen.next();
    writeFileSync(path.join(dir, 'shop.yaml'), shop(2));
    const status = await reloaded;

    assert.equal(status.ok, true);
    assert.deepEqual(status.errors, []);
    assert.equal(policies.get('shop')?.version, 2);
  });

  it('when a policy file is added, then its product is served', async () => {
    writeFileSync(path.join(dir, 'shop.yaml'), shop(1));
    const seen = reloads();
    const policies = await open({ onReload: seen.onReload });

    const reloaded = seen.next();
    writeFileSync(path.join(dir, 'kiosk.yaml'), 'product: kiosk\nversion: 1\nextends: shop\n');
    const status = await reloaded;

    assert.deepEqual(status.products, ['kiosk', 'shop']);
    assert.equal(policies.get('kiosk')?.input.length, 1);
  });

  it('when a broken change is written, then the last good set stays and status reports the problems', async () => {
    writeFileSync(path.join(dir, 'shop.yaml'), shop(1));
    const seen = reloads();
    const { lines, logger } = recordingLogger();
    const policies = await open({ onReload: seen.onReload, logger });

    const reloaded = seen.next();
    writeFileSync(path.join(dir, 'shop.yaml'), BROKEN_SHOP);
    await reloaded;

    const expected = [
      `${path.basename(dir)}/shop.yaml:6:16 input[0].threshold: Too big: expected number to be <=1`,
    ];
    assert.equal(policies.get('shop')?.version, 1);
    assert.equal(policies.status().ok, false);
    assert.deepEqual(policies.status().errors, expected);
    assert.deepEqual(
      lines.filter((l) => l.level === 'warn').map((l) => l.meta),
      [{ errors: expected }],
    );
  });

  it('when a broken change is fixed, then the errors clear and the fix is served', async () => {
    writeFileSync(path.join(dir, 'shop.yaml'), shop(1));
    const seen = reloads();
    const policies = await open({ onReload: seen.onReload });
    const broken = seen.next();
    writeFileSync(path.join(dir, 'shop.yaml'), BROKEN_SHOP);
    await broken;

    const fixed = seen.next();
    writeFileSync(path.join(dir, 'shop.yaml'), shop(4));
    const status = await fixed;

    assert.equal(status.ok, true);
    assert.deepEqual(policies.status().errors, []);
    assert.equal(policies.get('shop')?.version, 4);
    assert.ok(status.lastReloadAt !== undefined && status.loadedAt === status.lastReloadAt);
  });

  it('when reload() is called without watching, then it applies the same all-or-nothing rule', async () => {
    writeFileSync(path.join(dir, 'shop.yaml'), shop(1));
    const policies = await open({ watch: false });

    writeFileSync(path.join(dir, 'shop.yaml'), BROKEN_SHOP);
    const broken = await policies.reload();
    writeFileSync(path.join(dir, 'shop.yaml'), shop(2));
    const fixed = await policies.reload();

    assert.equal(broken.ok, false);
    assert.equal(broken.errors.length, 1);
    assert.equal(fixed.ok, true);
    assert.equal(policies.get('shop')?.version, 2);
  });

  it('when only a non-policy file changes or the store is closed, then nothing reloads', async () => {
    writeFileSync(path.join(dir, 'shop.yaml'), shop(1));
    const seen = reloads();
    const policies = await open({ onReload: seen.onReload });

    writeFileSync(path.join(dir, 'notes.txt'), 'draft\n');
    await sleep(250);
    await policies.close();
    writeFileSync(path.join(dir, 'shop.yaml'), shop(2));
    await sleep(250);

    assert.equal(seen.count, 0);
    assert.equal(policies.get('shop')?.version, 1);
  });

  it('when a policy changes but its version does not, then load and reload warn and record the digest', async () => {
    const digestsFile = path.join(dir, 'state', 'policy-digests.json');
    writeFileSync(path.join(dir, 'shop.yaml'), shop(1));
    const { lines, logger } = recordingLogger();
    const policies = await open({ watch: false, logger, digestsFile });
    const first = readDigests(digestsFile);
    assert.deepEqual(
      first.map((d) => [d.product, d.version]),
      [['shop', 1]],
    );

    writeFileSync(path.join(dir, 'shop.yaml'), shop(1).replace('free money', 'free cash'));
    await policies.reload();
    const warned = lines.filter((l) => l.message === 'policy changed without a version bump');
    assert.equal(warned.length, 1);
    assert.deepEqual([warned[0]?.meta.product, warned[0]?.meta.version], ['shop', 1]);
    assert.doesNotMatch(JSON.stringify(warned), /free/, 'no policy content in the log');

    // A bumped version is the normal path: no warning, and the new digest is recorded.
    writeFileSync(path.join(dir, 'shop.yaml'), shop(2));
    await policies.reload();
    assert.equal(lines.filter((l) => l.message.includes('version bump')).length, 1);
    assert.equal(readDigests(digestsFile)[0]?.version, 2);
    assert.notEqual(readDigests(digestsFile)[0]?.sha256, first[0]?.sha256);
  });

  it('when the gateway restarts on an edited file with the same version, then the load warns', async () => {
    const digestsFile = path.join(dir, 'policy-digests.json');
    writeFileSync(path.join(dir, 'shop.yaml'), shop(4));
    await open({ watch: false, digestsFile });
    await store?.close();
    writeFileSync(path.join(dir, 'shop.yaml'), shop(4).replace('free money', 'cheap pills'));
    const { lines, logger } = recordingLogger();
    await open({ watch: false, logger, digestsFile });
    assert.equal(lines.filter((l) => l.message.includes('version bump')).length, 1);
  });
});

describe('findDrift', () => {
  it('when products are new, removed or bumped, then only same-version edits are reported', () => {
    const last = [
      { product: 'a', version: 1, sha256: 'x' },
      { product: 'b', version: 1, sha256: 'x' },
      { product: 'gone', version: 1, sha256: 'x' },
    ];
    const now = [
      { product: 'a', version: 1, sha256: 'y' },
      { product: 'b', version: 2, sha256: 'y' },
      { product: 'new', version: 1, sha256: 'y' },
    ];
    assert.deepEqual(findDrift(last, now), [{ product: 'a', version: 1, before: 'x', after: 'y' }]);
  });
});
