/**
 * TF.js on the WASM backend, set up once per process: the .wasm binaries are read from the
 * installed `@tensorflow/tfjs-backend-wasm` package (a file path, never a URL), so nothing is
 * fetched. The WASM backend is 3–25× faster than the pure-JS CPU backend on these machines
 * (DESIGN §8b) and `tfjs-node` cannot install offline.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

export { tf };

let ready: Promise<void> | undefined;

/** Resolves when TF.js runs on WASM; every classifier awaits this before touching a tensor. */
export function ensureWasmBackend(): Promise<void> {
  ready ??= initWasm().catch((error: unknown) => {
    ready = undefined; // let a later call retry instead of caching the failure forever
    throw error;
  });
  return ready;
}

async function initWasm(): Promise<void> {
  if (tf.getBackend() === 'wasm') return;
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  setWasmPaths(`${dist}/`);
  const before = listenerSnapshot();
  const ok = await tf.setBackend('wasm');
  await tf.ready();
  // The emscripten glue installs process-wide handlers that rethrow every uncaught exception
  // and unhandled rejection after printing its whole minified source; the gateway has its own
  // handling, so take them out again.
  removeNewListeners(before);
  if (!ok || tf.getBackend() !== 'wasm') throw new Error('the TF.js WASM backend did not start');
}

type Listener = (...args: unknown[]) => void;
const EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

function listeners(event: (typeof EVENTS)[number]): Listener[] {
  return process.listeners(event as 'uncaughtException') as unknown as Listener[];
}

function listenerSnapshot(): Map<string, Set<Listener>> {
  return new Map(EVENTS.map((e) => [e, new Set(listeners(e))]));
}

function removeNewListeners(before: Map<string, Set<Listener>>): void {
  for (const event of EVENTS)
    for (const listener of listeners(event))
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
}
