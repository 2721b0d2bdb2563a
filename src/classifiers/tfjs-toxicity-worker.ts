/**
 * Worker-thread entry for the official TF.js toxicity model (started by tfjs-toxicity.ts):
 * loads the model from `workerData.dir` on this thread's own WASM backend and answers one
 * `classify` request at a time. Texts never leave this protocol: errors are posted by name and
 * fixed message only.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadTfjsToxicityInThread } from './tfjs-toxicity-model.js';
import type { FromWorker, ToWorker } from './tfjs-toxicity.js';

const port = parentPort;
if (!port) throw new Error('tfjs-toxicity-worker must run in a worker thread');
const { dir } = workerData as { dir: string };

function post(message: FromWorker): void {
  port?.postMessage(message);
}

function failure(error: unknown): { name: string; message: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}

try {
  const classifier = await loadTfjsToxicityInThread(dir);
  port.on('message', (request: ToWorker) => {
    classifier.classify(request.texts).then(
      (scores) => {
        post({ type: 'scores', id: request.id, scores });
      },
      (error: unknown) => {
        post({ type: 'error', id: request.id, error: failure(error) });
      },
    );
  });
  post({ type: 'ready' });
} catch (error) {
  post({ type: 'failed', error: failure(error) });
}
