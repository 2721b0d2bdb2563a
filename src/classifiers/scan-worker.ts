/**
 * Worker-thread entry of the scanning pool (started by scan-pool.ts): loads each linear model
 * folder it is asked for once, and scores batches of (model, text) jobs. A batch featurizes each
 * distinct text once per featurizer config, so the prompt-injection and harmful-request models
 * share it as they do on the request thread; a language job ranks its text's languages. Texts
 * never leave this protocol: errors are posted as fixed messages only. Before it says it is
 * ready, and before it says a model is loaded, the thread has ranked and scored a warm-up text
 * (warm-up.ts): the pool sends real scans only to a thread past its cold first calls.
 */
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import { loadLinearModel, scoreText, type LinearModel } from './linear/linear-model.js';
import {
  LANGUAGE_JOB,
  scanIndexOf,
  type FromScanWorker,
  type ToScanWorker,
} from './scan-messages.js';
import { ResultsWriter, type PackedResults } from './batch-results.js';
import { rankLanguages } from '../text/trigram-language.js';
import { WARM_UP_TEXT } from './warm-up.js';
import { createTextViews } from '../text/views.js';
import { WorkerGroups } from './worker-groups.js';
import { WorkerScanners } from './worker-scanners.js';

const port = parentPort;
if (!port) throw new Error('scan-worker must run in a worker thread');
const { testHooks, scannerHost } = workerData as { testHooks: boolean; scannerHost?: string };
const scanners = new WorkerScanners(scannerHost);
const models = new Map<string, Promise<LinearModel>>();
let armed: 'exit' | 'hang' | undefined;

function post(message: FromScanWorker): void {
  port?.postMessage(message);
}

const heapUsed = () => getHeapStatistics().used_heap_size;

function load(dir: string): Promise<LinearModel> {
  let model = models.get(dir);
  if (!model) {
    model = loadLinearModel(dir).then((loaded) => {
      scoreText(loaded, WARM_UP_TEXT, createTextViews(WARM_UP_TEXT));
      return loaded;
    });
    models.set(dir, model);
    model.catch(() => models.delete(dir)); // retried by the next batch that needs it
  }
  return model;
}

/**
 * Views and memos per group (the texts read from one text's views on the request thread), kept
 * for the groups seen last (worker-groups.ts). Groups never share, so one request's sentences
 * are never served from another's; group 0 (none) lives for one batch, in the batch's own map.
 */
const recentGroups = new WorkerGroups();

async function score(message: Extract<ToScanWorker, { type: 'score' }>): Promise<PackedResults> {
  // Taken before the first await: batches may interleave while models load or scanners run.
  const groups = recentGroups.batch();
  const loaded = await Promise.allSettled(message.dirs.map(load));
  const scanJobs = message.jobs.filter(([d]) => d < LANGUAGE_JOB);
  const scanned = await scanners.run(
    scanJobs.map(([d, t, g]) => [scanIndexOf(d), t, g] as const),
    message.scans,
    message.texts,
    groups,
  );
  const out = new ResultsWriter();
  let nextScan = 0;
  for (const [d, t, g] of message.jobs) {
    if (d < LANGUAGE_JOB) {
      const r = scanned.get(nextScan++);
      if (r) out.scan(r);
      else out.error('scanner failed');
    } else if (d === LANGUAGE_JOB) {
      let ranked;
      try {
        // At minimum length 0, as views.language ranks: the caller applies its own minimum.
        ranked = rankLanguages(message.texts[t] ?? '', 0);
      } catch {
        out.error('ranking failed');
        continue;
      }
      out.ranking(ranked);
    } else {
      const model = loaded[d];
      if (model?.status !== 'fulfilled') {
        out.error('model failed to load');
        continue;
      }
      let r;
      try {
        const text = message.texts[t] ?? '';
        r = scoreText(model.value, text, groups.memo(g, text));
      } catch {
        out.error('scoring failed');
        continue;
      }
      out.scores(model.value.file.name, r);
    }
  }
  return out.pack();
}

port.on('message', (message: ToScanWorker) => {
  if (message.type === 'load') {
    load(message.dir).then(
      () => {
        post({ type: 'loaded', dir: message.dir, heapUsed: heapUsed() });
      },
      (error: unknown) => {
        const reason = error instanceof Error ? error.message : 'load failed';
        post({ type: 'load-failed', dir: message.dir, error: reason });
      },
    );
  } else if (message.type === 'forget') {
    scanners.forget(message.key);
  } else if (message.type === 'prepare') {
    scanners.prepare(message.key, message.scanner, message.params).then(
      () => {
        post({ type: 'loaded', dir: message.key, heapUsed: heapUsed() });
      },
      () => {
        post({ type: 'load-failed', dir: message.key, error: 'scanner failed to start' });
      },
    );
  } else if (message.type === 'score') {
    if (armed === 'exit') process.exit(1);
    if (armed === 'hang') for (;;); // spins until the pool's deadline terminates this thread
    void score(message).then((results) => {
      post({ type: 'scores', id: message.id, results, heapUsed: heapUsed() });
    });
  } else if (testHooks) {
    armed = message.hook; // the next batch finds this thread crashing or hanging
  }
});
rankLanguages(WARM_UP_TEXT, 0);
post({ type: 'ready', heapUsed: heapUsed() });
