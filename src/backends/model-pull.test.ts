/**
 * The real download cannot run here (no internet), so these tests pin down what matters offline:
 * an existing file is used without the network, and a failed or stalled download ends quickly with
 * an error that says what to configure instead. Servers are on loopback only.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  DEFAULT_GEMMA_FILE,
  DEFAULT_GEMMA_URI,
  defaultModelPath,
  pullModel,
} from './model-pull.js';

let dir: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'parapet-pull-'));
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/gemma.gguf`;
}

function assertHelpful(err: unknown): boolean {
  assert.ok(err instanceof Error);
  assert.match(err.message, /Downloading the Gemma model from .* failed/);
  assert.match(err.message, /PARAPET_MODEL/);
  return true;
}

describe('model pull', () => {
  it('when asked for the default path, then it is the default file inside the directory', () => {
    assert.equal(defaultModelPath('/models'), join('/models', DEFAULT_GEMMA_FILE));
    assert.match(DEFAULT_GEMMA_URI, /^hf:.+gemma.+:Q4_K_M$/i);
  });

  it('when the file is already there, then it is returned without any network', async () => {
    const existing = defaultModelPath(dir);
    await writeFile(existing, 'GGUF');
    try {
      assert.equal(await pullModel('gemma', { directory: dir, progressBar: false }), existing);
    } finally {
      await rm(existing);
    }
  });

  it('when offline, then pulling the default Gemma fails within seconds saying how to set PARAPET_MODEL', async () => {
    // A closed loopback port stands in for an unreachable Hugging Face, so this never downloads
    // even on a machine that has internet.
    const server = createServer();
    const endpoint = (await listen(server)).replace(/gemma\.gguf$/, '');
    await new Promise((resolve) => server.close(resolve));
    const saved = process.env['HF_ENDPOINT'];
    process.env['HF_ENDPOINT'] = endpoint;
    try {
      const started = performance.now();
      await assert.rejects(
        pullModel('gemma', { directory: dir, progressBar: false }),
        (err: unknown) => {
          assertHelpful(err);
          assert.match((err as Error).message, /ECONNREFUSED/);
          return true;
        },
      );
      assert.ok(performance.now() - started < 5_000);
    } finally {
      if (saved === undefined) delete process.env['HF_ENDPOINT'];
      else process.env['HF_ENDPOINT'] = saved;
    }
  });

  it('when the server never answers, then the pull gives up after the stall timeout', async () => {
    const server = createServer(() => undefined); // accepts, then stays silent
    const uri = await listen(server);
    try {
      const started = performance.now();
      await assert.rejects(
        pullModel('gemma', { directory: dir, uri, progressBar: false, stallTimeoutMs: 300 }),
        (err: unknown) =>
          assertHelpful(err) && /no answer within 0\.3 s/.test((err as Error).message),
      );
      assert.ok(performance.now() - started < 5_000);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('when the caller aborts, then it rejects with the abort reason', async () => {
    const server = createServer(() => undefined);
    const uri = await listen(server);
    try {
      const reason = new Error('operator pressed ctrl-c');
      const pull = pullModel('gemma', {
        directory: dir,
        uri,
        progressBar: false,
        signal: AbortSignal.abort(reason),
      });
      await assert.rejects(pull, (err: unknown) => err === reason);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
