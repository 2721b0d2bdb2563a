/**
 * The real pull cannot run here (no internet, and tests never download), so loopback servers
 * stand in for tfhub and GCS: an unreachable one and a silent one must end the pull quickly with
 * an error saying what to do instead; one serving the model (synthesized encoder shards, see
 * scripts/tfjs-toxicity-fixture.ts) must produce a folder the loader accepts.
 */
import assert from 'node:assert/strict';
import { createReadStream, existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildSyntheticToxicityModel, PARTIAL_DIR } from '../../scripts/tfjs-toxicity-fixture.js';
import { OFFICIAL_FILES } from '../classifiers/tfjs-toxicity-files.js';
import { loadTfjsToxicity } from '../classifiers/tfjs-toxicity.js';
import type { PullProgress } from './model-pull.js';
import { pullToxicityModel, TFJS_TOXICITY_DIRNAME } from './model-pull-toxicity.js';

let root: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'parapet-pull-toxicity-'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

async function serve(handler: RequestListener): Promise<{ server: Server; base: string }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
}

function sourcesAt(base: string): { model: string; vocab: string } {
  return { model: `${base}/toxicity/`, vocab: `${base}/use/` };
}

function assertHelpful(err: unknown, why: RegExp): boolean {
  assert.ok(err instanceof Error);
  assert.match(err.message, /Downloading the official TF\.js toxicity model from .* failed/);
  assert.match(err.message, why);
  assert.match(err.message, /model: parapet/);
  return true;
}

describe('model pull toxicity', () => {
  it('when offline, then the pull fails within seconds and says how to do without', async () => {
    const { server, base } = await serve(() => undefined);
    await stop(server); // a closed port: nothing answers
    const directory = join(root, 'offline');
    const started = performance.now();
    await assert.rejects(
      pullToxicityModel({ directory, sources: sourcesAt(base), progressBar: false }),
      (err: unknown) => assertHelpful(err, /ECONNREFUSED/),
    );
    assert.ok(performance.now() - started < 5_000);
    assert.equal(existsSync(join(directory, TFJS_TOXICITY_DIRNAME, 'toxicity')), false);
  });

  it('when the server never answers, then the pull gives up after the stall timeout', async () => {
    const { server, base } = await serve(() => undefined); // accepts, then stays silent
    try {
      const started = performance.now();
      await assert.rejects(
        pullToxicityModel({
          directory: join(root, 'silent'),
          sources: sourcesAt(base),
          progressBar: false,
          stallTimeoutMs: 300,
        }),
        (err: unknown) => assertHelpful(err, /no data arrived for 0\.3 s/),
      );
      assert.ok(performance.now() - started < 5_000);
    } finally {
      await stop(server);
    }
  });

  it('when a file comes short, then it is not kept as if complete', async () => {
    const { server, base } = await serve((_req, res) => res.end('{"modelTopology": {}}'));
    const directory = join(root, 'short');
    try {
      await assert.rejects(
        pullToxicityModel({ directory, sources: sourcesAt(base), progressBar: false }),
        (err: unknown) =>
          assertHelpful(err, /model\.json has 21 bytes, the official file has 173234/),
      );
      assert.deepEqual(await readdir(join(directory, TFJS_TOXICITY_DIRNAME, 'toxicity')), []);
    } finally {
      await stop(server);
    }
  });

  it(
    'when the sources serve the model, then the folder loads and classifies offline',
    { skip: existsSync(PARTIAL_DIR) ? false : `${PARTIAL_DIR} is absent` },
    async () => {
      const published = join(root, 'published');
      await buildSyntheticToxicityModel(published);
      const { server, base } = await serve((req, res) => {
        const path = new URL(req.url ?? '/', 'http://x').pathname;
        const folder = path.startsWith('/use/') ? 'universal_sentence_encoder' : 'toxicity';
        createReadStream(join(published, folder, basename(path)))
          .on('error', () => res.writeHead(404).end())
          .pipe(res);
      });
      const directory = join(root, 'pulled');
      const seen: PullProgress[] = [];
      let dir: string;
      try {
        const options = { directory, sources: sourcesAt(base), progressBar: false };
        dir = await pullToxicityModel({ ...options, onProgress: (p) => seen.push(p) });
      } finally {
        await stop(server);
      }
      assert.equal(dir, join(directory, TFJS_TOXICITY_DIRNAME));
      const total = OFFICIAL_FILES.reduce((sum, f) => sum + f.bytes, 0);
      assert.deepEqual(seen.at(-1), { downloadedBytes: total, totalBytes: total });
      // The server is gone: a second pull finds the complete folder without the network.
      assert.equal(await pullToxicityModel({ directory, progressBar: false }), dir);
      const classifier = await loadTfjsToxicity(dir);
      try {
        const [scores] = await classifier.classify(['hello there']);
        assert.equal(Object.keys(scores ?? {}).length, 7);
      } finally {
        await classifier.close();
      }
    },
  );
});
