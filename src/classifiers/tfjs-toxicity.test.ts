/**
 * Structural test of the official TF.js toxicity model path: the real graph, head, encoder tail
 * and vocabulary from ../shared/models/tfjs-toxicity-partial, with encoder shards 1–6 synthesized
 * from the weights manifest (scripts/tfjs-toxicity-fixture.ts). Scores are meaningless, so
 * only shapes, labels, ranges and the code paths are asserted. Offline: fetch is made to fail
 * while the model loads.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  buildSyntheticToxicityModel,
  manifestBytes,
  PARTIAL_DIR,
} from '../../scripts/tfjs-toxicity-fixture.js';
import { toxicity } from '../scanners/toxicity.js';
import { ClassifierCache } from './classifier-cache.js';
import { OFFICIAL_FILES, ToxicityModelFilesError } from './tfjs-toxicity-files.js';
import { LABEL_MAP, loadTfjsToxicityInThread } from './tfjs-toxicity-model.js';
import { loadTfjsToxicity, type TfjsToxicityThread } from './tfjs-toxicity.js';
import { scanInputFor } from '../text/views.js';

const SKIP = existsSync(PARTIAL_DIR)
  ? false
  : `../shared/models/tfjs-toxicity-partial is absent (${PARTIAL_DIR})`;
const LABELS = Object.values(LABEL_MAP);
const run = promisify(execFile);

let root: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'parapet-tfjs-toxicity-'));
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

function assertScores(scores: Readonly<Record<string, number>>): void {
  assert.deepEqual(Object.keys(scores), LABELS);
  for (const p of Object.values(scores)) assert.ok(p >= 0 && p <= 1, `${p} outside [0, 1]`);
}

describe('official TF.js toxicity model (synthetic encoder shards)', { skip: SKIP }, () => {
  let dir: string;
  let classifier: TfjsToxicityThread;

  before(async () => {
    dir = join(root, 'complete');
    await buildSyntheticToxicityModel(dir);
    classifier = await loadTfjsToxicity(dir);
  });

  after(async () => {
    await classifier.close();
  });

  it('when synthesized, then every file has the size of the official one (sizes.json)', async () => {
    const sizes = JSON.parse(await readFile(join(PARTIAL_DIR, 'sizes.json'), 'utf8')) as Record<
      string,
      number
    >;
    for (const { path, bytes } of OFFICIAL_FILES) {
      assert.equal(sizes[path], bytes, path);
      assert.equal((await stat(join(dir, path))).size, bytes, path);
    }
    const model = JSON.parse(await readFile(join(dir, 'toxicity/model.json'), 'utf8')) as {
      weightsManifest: [{ weights: [] }];
    };
    const shards = OFFICIAL_FILES.filter((f) => f.path.includes('shard'));
    assert.equal(
      manifestBytes(model.weightsManifest[0].weights),
      shards.reduce((sum, f) => sum + f.bytes, 0),
    );
  });

  it('when texts are classified, then each gets the seven labels as probabilities', async () => {
    const texts = ['Thank you, that was helpful.', 'I will find you and hurt you.', '', '😀 مرحبا'];
    const scores = await classifier.classify(texts);
    assert.equal(scores.length, texts.length);
    for (const s of scores) assertScores(s);
    assert.deepEqual(classifier.labels, LABELS);
  });

  it('when a text is longer than the graph reads (128 pieces), then its tail is scored too', async () => {
    // The package alone scores only the first 128 word pieces: these two would tie.
    const head = Array.from({ length: 200 }, (_, i) => `word${i % 7}`).join(' ');
    const [a, b] = await classifier.classify([
      `${head} kind gentle`,
      `${head} ${'idiot '.repeat(40)}`,
    ]);
    assert.ok(a && b);
    assertScores(a);
    assert.notDeepEqual(a, b);
  });

  it('when the same texts are scored alone or together, then the scores agree', async () => {
    const texts = ['You are great.', 'Shut up, you fool.'];
    const together = await classifier.classify(texts);
    const alone = [
      ...(await classifier.classify([texts[0]!])),
      ...(await classifier.classify([texts[1]!])),
    ];
    together.forEach((s, i) => {
      for (const label of LABELS)
        assert.ok(Math.abs((s[label] ?? -1) - (alone[i]?.[label] ?? 2)) < 1e-4);
    });
  });

  it('when the toxicity scanner names model tfjs-toxicity, then it scores with this model', async () => {
    const params = toxicity.params.parse({ model: 'tfjs-toxicity', model_dir: dir });
    const scan = toxicity.create(params, {
      countTokens: () => Promise.reject(new Error('unused')),
    });
    const long = 'Please read my whole complaint. '.repeat(60); // ~1.9k chars: several windows
    const result = await scan(scanInputFor(long, 'input', new AbortController().signal));
    assert.deepEqual(
      result.findings.map((f) => f.kind),
      LABELS,
    );
    assert.match(result.findings[0]?.note ?? '', /^tfjs-toxicity-1, window \d+\/\d+ at \d+-\d+$/);
  });

  it('when loaded on the calling thread, then no fetch happens and it scores alike', async () => {
    const realFetch = globalThis.fetch;
    globalThis.fetch = () => Promise.reject(new Error('the model must load without the network'));
    let inThread;
    try {
      inThread = await loadTfjsToxicityInThread(dir);
    } finally {
      globalThis.fetch = realFetch;
    }
    try {
      const text = 'See you tomorrow at the station.';
      const [here] = await inThread.classify([text]);
      const [there] = await classifier.classify([text]);
      for (const label of LABELS)
        assert.ok(Math.abs((here?.[label] ?? -1) - (there?.[label] ?? 2)) < 1e-4);
    } finally {
      await inThread.close();
    }
  });

  it('when a call is aborted while the worker runs it, then it rejects at once and the next call works', async () => {
    const controller = new AbortController();
    const reason = new Error('client left');
    const busy = classifier.classify(
      Array(20).fill('Tell me more about it. '.repeat(20)),
      controller.signal,
    );
    setTimeout(() => {
      controller.abort(reason);
    }, 20);
    await assert.rejects(busy, (e) => e === reason);
    const [scores] = await classifier.classify(['Still there?']);
    assert.ok(scores);
    assertScores(scores);
  });

  it('when the signal is already aborted, then classify rejects with its reason', async () => {
    const reason = new Error('client left');
    await assert.rejects(
      classifier.classify(['hello'], AbortSignal.abort(reason)),
      (e) => e === reason,
    );
  });

  it('when a one-shot process is done with the model, then it exits without close()', async () => {
    // The idle worker must not hold the process open (a CLI run such as `parapet check`), also
    // after a call that was refused before reaching the worker (listeners re-ref its port).
    const module = new URL('./tfjs-toxicity.js', import.meta.url).href;
    const script =
      `const { loadTfjsToxicity } = await import(${JSON.stringify(module)});` +
      `const c = await loadTfjsToxicity(${JSON.stringify(dir)});` +
      `await c.classify(['hi'], AbortSignal.abort()).catch(() => undefined);` +
      `console.log(c.labels.length);`;
    const { stdout } = await run(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      { timeout: 60_000 },
    );
    assert.equal(stdout.trim(), '7');
  });

  it('when loaded from the compiled dist/ (how the CLI runs), then its worker starts without tsx', async (t) => {
    const compiled = new URL('../../dist/classifiers/tfjs-toxicity.js', import.meta.url);
    if (!existsSync(compiled)) {
      t.skip('dist/ is not built (npm test builds it first: npm run build)');
      return;
    }
    const script = join(root, 'compiled.mjs');
    await writeFile(
      script,
      `const { loadTfjsToxicity } = await import(${JSON.stringify(compiled.href)});\n` +
        `const c = await loadTfjsToxicity(${JSON.stringify(dir)});\n` +
        `const [scores] = await c.classify(['hi']);\n` +
        `console.log(Object.keys(scores).length);\n`,
    );
    const { stdout } = await run(process.execPath, [script], { timeout: 60_000 });
    assert.equal(stdout.trim(), '7');
  });

  it('when its worker dies, then the held call fails and the classifier cache loads a new worker that scores', async () => {
    const cache = new ClassifierCache();
    const first = await loadTfjsToxicity(dir);
    assert.equal(await cache.get('tfjs', () => Promise.resolve(first)), first);
    const held = first.classify(['hello there']);
    await first.kill();
    await assert.rejects(held, /exited/);
    assert.equal(first.failed, true);
    const second = await cache.get('tfjs', () => loadTfjsToxicity(dir));
    assert.notEqual(second, first);
    const [scores] = await second.classify(['hello there']);
    assertScores(scores ?? {});
    assert.equal(second.failed, false);
    await cache.closeAll();
  });

  it('when closed, then later calls reject', async () => {
    const other = await loadTfjsToxicity(dir);
    await other.close();
    await assert.rejects(other.classify(['hello']), /classifier closed/);
  });
});

describe('official TF.js toxicity model: unusable folders', () => {
  const rejectsWith = (dir: string, pattern: RegExp): Promise<void> =>
    assert.rejects(loadTfjsToxicity(dir), (err: unknown) => {
      assert.ok(err instanceof ToxicityModelFilesError, String(err));
      assert.match(err.message, pattern);
      return true;
    });

  it('when the folder does not exist, then loading says what is missing and how to pull it', async () => {
    await rejectsWith(
      join(root, 'nowhere'),
      /(model|vocab)\.json is missing.*parapet model pull toxicity/,
    );
  });

  it('when model.json is not JSON, then loading says so', async () => {
    const dir = join(root, 'garbled');
    await mkdir(join(dir, 'toxicity'), { recursive: true });
    await mkdir(join(dir, 'universal_sentence_encoder'), { recursive: true });
    await writeFile(join(dir, 'toxicity/model.json'), '{"modelTopology": {');
    await writeFile(join(dir, 'universal_sentence_encoder/vocab.json'), '[["a", 0]]');
    await rejectsWith(dir, /model\.json is not valid JSON/);
  });

  it(
    'when a shard is truncated, then loading names the byte shortfall',
    { skip: SKIP },
    async () => {
      const dir = join(root, 'truncated');
      await buildSyntheticToxicityModel(dir);
      await truncate(join(dir, 'toxicity/group1-shard3of7'), 1000);
      await rejectsWith(dir, /weight files hold \d+ bytes, model\.json needs 29251828/);
    },
  );

  it('when the vocabulary is missing, then loading names it', { skip: SKIP }, async () => {
    const dir = join(root, 'no-vocab');
    await buildSyntheticToxicityModel(dir);
    await rm(join(dir, 'universal_sentence_encoder/vocab.json'));
    await rejectsWith(dir, /universal_sentence_encoder\/vocab\.json is missing/);
  });
});
