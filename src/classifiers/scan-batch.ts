/**
 * How the scan pool (scan-pool.ts) groups queued jobs into one message for a worker, and hands
 * each job its part of the answer.
 */
import type { TextScores } from '../contract/types.js';
import type { Batch } from './scan-thread.js';
import { LANGUAGE_JOB, unpackRanking, unpackScores, type Ranked } from './scan-messages.js';

export interface Job {
  readonly request: Request;
  readonly index: number;
  /** A model folder, or undefined for a language ranking. */
  readonly dir: string | undefined;
  readonly text: string;
  readonly group: object | undefined;
}

export interface Request {
  /** Per text, its scores (a score request) or its ranking (a language request). */
  readonly results: (TextScores | Ranked)[];
  remaining: number;
  done: boolean;
  readonly finish: (error?: Error) => void;
}

/** One message for `jobs`: each distinct folder and text once. */
export function batchOf(jobs: readonly Job[], id: number): Batch {
  const dirs = new Map<string | undefined, number>();
  const texts = new Map<string, number>();
  const groups = new Map<object | undefined, number>();
  const indexOf = <K>(m: Map<K, number>, key: K) => {
    let at = m.get(key);
    if (at === undefined) m.set(key, (at = m.size));
    return at;
  };
  const pairs = jobs.map(
    (j) =>
      [
        j.dir === undefined ? LANGUAGE_JOB : indexOf(dirs, j.dir),
        indexOf(texts, j.text),
        indexOf(groups, j.group),
      ] as const,
  );
  return {
    message: {
      type: 'score',
      id,
      dirs: [...dirs.keys()] as string[],
      texts: [...texts.keys()],
      jobs: pairs,
    },
    settle: (results) => {
      jobs.forEach((job, i) => {
        const r = results[i];
        if (!r?.ok) {
          job.request.finish(new Error(r?.error ?? 'scan worker returned no result'));
          return;
        }
        // A ranking answers a language job only, scores a model's job only.
        if ('ranked' in r !== (job.dir === undefined)) {
          job.request.finish(new Error('scan worker answered another job'));
          return;
        }
        job.request.results[job.index] =
          'ranked' in r ? unpackRanking(r.ranked) : unpackScores(r.model, r.scores);
        if (--job.request.remaining === 0) job.request.finish();
      });
    },
    fail: (error) => {
      for (const job of jobs) job.request.finish(error);
    },
  };
}
