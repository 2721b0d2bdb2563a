/**
 * Starts a worker-thread entry that sits next to this module: the compiled `dist/` JavaScript as
 * is, the TypeScript sources (tests, scripts, a checkout without a fresh build) through tsx's
 * `register()`, because worker threads do not inherit the parent's module loader.
 */
import { Worker } from 'node:worker_threads';

/** `name`: the entry's file name without extension, e.g. `scan-worker`. */
export function startWorker(name: string, workerData: unknown): Worker {
  const compiled = import.meta.url.endsWith('.js');
  const entry = new URL(`./${name}.${compiled ? 'js' : 'ts'}`, import.meta.url);
  if (compiled) return new Worker(entry, { workerData });
  const register = import.meta.resolve('tsx/esm/api');
  const boot =
    `import(${JSON.stringify(register)}).then(({ register }) => {` +
    ` register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { eval: true, workerData });
}
