/**
 * What the request thread and a scan worker post each other (scan-pool.ts, scan-worker.ts):
 * the batches, and the results packed into strings and typed arrays, which a structured clone
 * copies in one piece, where per-label objects and per-language pairs had to be rebuilt one by
 * one on the request thread. Packing keeps every value and its order.
 */
import type { Span, TextScores } from '../contract/types.js';

export type ToScanWorker =
  | { readonly type: 'load'; readonly dir: string }
  | {
      readonly type: 'score';
      readonly id: number;
      readonly dirs: readonly string[];
      readonly texts: readonly string[];
      /**
       * [index into dirs, index into texts, group] per job; jobs of one group were read from
       * one text's views and may share featurized sentences (ModelScoring.score). The index
       * LANGUAGE_JOB instead of a folder asks for the text's language ranking.
       */
      readonly jobs: readonly (readonly [number, number, number])[];
    }
  | { readonly type: 'test-hook'; readonly hook: 'exit' | 'hang' };

/** In a job's folder slot: rank the text's languages instead of scoring it. */
export const LANGUAGE_JOB = -1;

/** franc's ranking, best first (text/trigram-language.ts). */
export type Ranked = readonly (readonly [string, number])[];

/**
 * A ranking as posted back: the codes space-separated and the scores in a typed array, two
 * values to copy instead of ~60 small arrays to clone and rebuild on the request thread.
 */
export interface PackedRanking {
  readonly languages: string;
  readonly scores: Float64Array;
}

export function packRanking(ranked: Ranked): PackedRanking {
  return {
    languages: ranked.map(([language]) => language).join(' '),
    scores: Float64Array.from(ranked, ([, score]) => score),
  };
}

export function unpackRanking({ languages, scores }: PackedRanking): Ranked {
  return languages.split(' ').map((language, i) => [language, scores[i] ?? 0] as const);
}

/**
 * A model's scores as posted back: the labels space-separated, the scores and each label's
 * window (start, end) in typed arrays, so the request thread copies three values instead of
 * rebuilding two objects of per-label entries for every job. Same values, same label order.
 */
export interface PackedScores {
  readonly labels: string;
  readonly scores: Float64Array;
  readonly windowOf: Int32Array;
  readonly windows: number;
}

export function packScores(r: Omit<TextScores, 'model'>): PackedScores {
  const labels = Object.keys(r.scores);
  const windowOf = new Int32Array(2 * labels.length);
  labels.forEach((label, i) => {
    const window = r.windowOf[label];
    windowOf[2 * i] = window?.start ?? -1;
    windowOf[2 * i + 1] = window?.end ?? -1;
  });
  return {
    labels: labels.join(' '),
    scores: Float64Array.from(labels, (label) => r.scores[label] ?? 0),
    windowOf,
    windows: r.windows,
  };
}

export function unpackScores(model: string, packed: PackedScores): TextScores {
  const scores: Record<string, number> = {};
  const windowOf: Record<string, Span> = {};
  packed.labels.split(' ').forEach((label, i) => {
    scores[label] = packed.scores[i] ?? 0;
    const start = packed.windowOf[2 * i] ?? -1;
    if (start >= 0) windowOf[label] = { start, end: packed.windowOf[2 * i + 1] ?? start };
  });
  return { model, scores, windowOf, windows: packed.windows };
}

export type JobResult =
  | { readonly ok: true; readonly model: string; readonly scores: PackedScores }
  | { readonly ok: true; readonly ranked: PackedRanking }
  | { readonly ok: false; readonly error: string };

export type FromScanWorker = { readonly heapUsed?: number } & (
  | { readonly type: 'ready' }
  | { readonly type: 'loaded'; readonly dir: string }
  | { readonly type: 'load-failed'; readonly dir: string; readonly error: string }
  | { readonly type: 'scores'; readonly id: number; readonly results: readonly JobResult[] }
);
