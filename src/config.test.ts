import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultScanWorkers } from './classifiers/scan-pool-size.js';
import { loadConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'parapet-config-'));
const missing = join(dir, 'none.yaml');

describe('config', () => {
  it('when nothing is set, then the documented defaults apply', () => {
    const c = loadConfig({}, {}, undefined);
    assert.equal(c.port, 8080);
    assert.equal(c.backend, 'llama');
    assert.equal(c.policies, './policies');
    assert.equal(c.audit, 'sqlite:./.parapet/audit.sqlite');
  });

  it('when PARAPET_SCAN_WORKERS is unset, 0 or negative, then the pool is sized, off, or refused', () => {
    assert.equal(loadConfig({}, {}, undefined).scan_workers, undefined);
    assert.equal(defaultScanWorkers(2), 1);
    assert.equal(defaultScanWorkers(1), 1);
    assert.equal(defaultScanWorkers(64), 4);
    assert.equal(loadConfig({ PARAPET_SCAN_WORKERS: '0' }, {}, undefined).scan_workers, 0);
    assert.throws(
      () => loadConfig({ PARAPET_SCAN_WORKERS: '-1' }, {}, undefined),
      /scan_workers \(env PARAPET_SCAN_WORKERS\)/,
    );
  });

  it('when the file and the environment both set a key, then the environment wins', () => {
    const file = join(dir, 'a.yaml');
    writeFileSync(file, 'port: 9000\nlog_level: debug\n');
    const c = loadConfig({ PARAPET_CONFIG: file, PARAPET_PORT: '9100' });
    assert.equal(c.port, 9100);
    assert.equal(c.log_level, 'debug');
  });

  it('when a value is wrong, then the error names the key and its source', () => {
    assert.throws(() => loadConfig({ PARAPET_PORT: 'eighty' }), /port \(env PARAPET_PORT\)/);
  });

  it('when the file has an unknown key, then it is refused by name', () => {
    const file = join(dir, 'b.yaml');
    writeFileSync(file, 'prot: 80\n');
    assert.throws(() => loadConfig({}, {}, file), /unknown setting\(s\) prot/);
  });

  it('when the openai backend has no upstream URL, then start is refused', () => {
    assert.throws(() => loadConfig({ PARAPET_BACKEND: 'openai' }), /upstream_url/);
  });

  it('when PARAPET_METRICS_TOKEN is set, then it is read; unset leaves /metrics open; a weak one is refused without echoing it', () => {
    assert.equal(loadConfig({}, {}, undefined).metrics_token, undefined);
    const token = 'mt_4f9c2a7e1b8d6053aa17';
    assert.equal(loadConfig({ PARAPET_METRICS_TOKEN: token }, {}, undefined).metrics_token, token);
    for (const weak of ['short-secret', 'has spaces in the token']) {
      assert.throws(
        () => loadConfig({ PARAPET_METRICS_TOKEN: weak }, {}, undefined),
        (error: Error) =>
          error.message.includes('metrics_token (env PARAPET_METRICS_TOKEN)') &&
          !error.message.includes(weak),
      );
    }
  });

  it('when an explicit config file is missing, then start is refused', () => {
    assert.throws(() => loadConfig({ PARAPET_CONFIG: missing }), /file not found/);
  });
});
