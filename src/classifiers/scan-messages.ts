/**
 * What the request thread and a scan worker post each other (scan-pool.ts, scan-worker.ts):
 * the batches, and each batch's results packed into a few values (batch-results.ts).
 */
import type { Stage } from '../contract/types.js';
import type { PackedResults } from './batch-results.js';

export type ToScanWorker =
  | { readonly type: 'load'; readonly dir: string }
  /** Create an offloaded rule's scanner (ScanOffload) under `key` and warm it up. */
  | {
      readonly type: 'prepare';
      readonly key: string;
      readonly scanner: string;
      readonly params: unknown;
    }
  /** Drop an offloaded rule's scanner no loaded policy uses any more. */
  | { readonly type: 'forget'; readonly key: string }
  | {
      readonly type: 'score';
      readonly id: number;
      readonly dirs: readonly string[];
      readonly texts: readonly string[];
      /**
       * [index into dirs, index into texts, group id] per job; jobs of one group were read from
       * one text's views and may share featurized sentences (ModelScoring.score). The index
       * LANGUAGE_JOB instead of a folder asks for the text's language ranking; scanJob(i)
       * runs the prepared scanner scans[i] on the text (views shared within the group).
       */
      readonly jobs: readonly (readonly [number, number, number])[];
      /** Prepared scanners' keys, each with the stage it scans for. */
      readonly scans: readonly (readonly [string, Stage])[];
    }
  | { readonly type: 'test-hook'; readonly hook: 'exit' | 'hang' };

/** In a job's folder slot: rank the text's languages instead of scoring it. */
export const LANGUAGE_JOB = -1;

/** In a job's folder slot: run prepared scanner `scans[i]` (slots -2, -3, ...). */
export const scanJob = (i: number): number => -2 - i;
export const scanIndexOf = (slot: number): number => -2 - slot;

/** franc's ranking, best first (text/trigram-language.ts). */
export type Ranked = readonly (readonly [string, number])[];

export type FromScanWorker = { readonly heapUsed?: number } & (
  | { readonly type: 'ready' }
  // `dir`: the folder loaded, or the key of a prepared scanner
  | { readonly type: 'loaded'; readonly dir: string }
  | { readonly type: 'load-failed'; readonly dir: string; readonly error: string }
  /** Every job's answer in one packed value, in job order (batch-results.ts). */
  | { readonly type: 'scores'; readonly id: number; readonly results: PackedResults }
);
