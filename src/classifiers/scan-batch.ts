/**
 * How the scan pool (scan-pool.ts) groups queued jobs into one message for a worker, and hands
 * each job its part of the answer.
 */
import type { ScanResult, Stage, TextScores } from '../contract/types.js';
import type { Batch } from './scan-thread.js';
import { LANGUAGE_JOB, scanJob, type Ranked } from './scan-messages.js';
import { ResultsReader } from './batch-results.js';

/** What a job asks: a model folder's scores, the language ranking, or a prepared scanner. */
export type JobKind =
  | { readonly kind: 'model'; readonly dir: string }
  | { readonly kind: 'language' }
  /** `holder`: the ScanFn that asked, kept reachable while the job is queued or held. */
  | { readonly kind: 'scan'; readonly key: string; readonly stage: Stage; readonly holder: object };

export type JobAnswer = TextScores | Ranked | ScanResult;

export interface Job {
  readonly request: Request;
  readonly index: number;
  readonly ask: JobKind;
  readonly text: string;
  readonly group: object | undefined;
}

export interface Request {
  /** Per text, its scores, its ranking or its scan result, as the request asked. */
  readonly results: JobAnswer[];
  remaining: number;
  done: boolean;
  readonly finish: (error?: Error) => void;
}

export function abortError(reason: unknown): Error {
  return reason instanceof Error ? reason : new Error('aborted');
}

/** A request for `count` answers, settled when all are in, one fails, or `signal` aborts. */
export function openRequest(
  count: number,
  signal: AbortSignal,
): { request: Request; answers: Promise<JobAnswer[]> } {
  let request: Request | undefined;
  const answers = new Promise<JobAnswer[]>((resolvePromise, reject) => {
    const onAbort = () => {
      request?.finish(abortError(signal.reason));
    };
    const opened: Request = {
      results: [],
      remaining: count,
      done: false,
      finish: (error) => {
        if (opened.done) return;
        opened.done = true;
        signal.removeEventListener('abort', onAbort);
        if (error) reject(error);
        else resolvePromise(opened.results);
      },
    };
    request = opened;
    signal.addEventListener('abort', onAbort, { once: true });
  });
  if (!request) throw new Error('unreachable: the executor runs at once');
  return { request, answers };
}

/**
 * A group's id, the same in every batch: the rules of one text reach the pool at different times
 * (a rule gated on the language guess waits for the ranking, a later one for its own turn), so
 * a worker keeps a recent group's featurization for the batches that follow (scan-worker.ts).
 * With groups numbered per batch, the worker featurized ~3,300 characters per ~1 KB request
 * (`npm run bench:profile`, 400 requests). 0: no group, shared within one batch only.
 */
const groupIds = new WeakMap<object, number>();
let nextGroupId = 1;

function groupIdOf(group: object | undefined): number {
  if (group === undefined) return 0;
  let id = groupIds.get(group);
  if (id === undefined) groupIds.set(group, (id = nextGroupId++));
  return id;
}

/** One message for `jobs`: each distinct folder, scanner and text once. */
export function batchOf(jobs: readonly Job[], id: number): Batch {
  const dirs = new Map<string, number>();
  const scans = new Map<string, number>();
  const texts = new Map<string, number>();
  const indexOf = <K>(m: Map<K, number>, key: K) => {
    let at = m.get(key);
    if (at === undefined) m.set(key, (at = m.size));
    return at;
  };
  const slotOf = (ask: JobKind) => {
    if (ask.kind === 'language') return LANGUAGE_JOB;
    if (ask.kind === 'model') return indexOf(dirs, ask.dir);
    return scanJob(indexOf(scans, `${ask.stage}\0${ask.key}`));
  };
  const pairs = jobs.map(
    (j) => [slotOf(j.ask), indexOf(texts, j.text), groupIdOf(j.group)] as const,
  );
  return {
    message: {
      type: 'score',
      id,
      dirs: [...dirs.keys()],
      texts: [...texts.keys()],
      jobs: pairs,
      scans: [...scans.keys()].map((k) => {
        const [stage, key] = k.split('\0') as [Stage, string];
        return [key, stage] as const;
      }),
    },
    settle: (results) => {
      // Read in job order whether or not a job's request is still open: answers are positional.
      const reader = new ResultsReader(results);
      for (const job of jobs) {
        const r = reader.next();
        if (!r.ok) job.request.finish(new Error(r.error));
        else if (r.kind !== job.ask.kind)
          job.request.finish(new Error('scan worker answered another job'));
        else {
          job.request.results[job.index] = r.answer;
          if (--job.request.remaining === 0) job.request.finish();
        }
      }
    },
    fail: (error) => {
      for (const job of jobs) job.request.finish(error);
    },
  };
}
