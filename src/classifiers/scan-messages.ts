/**
 * What the request thread and a scan worker post each other (scan-pool.ts, scan-worker.ts):
 * the batches, and the results packed into strings and typed arrays, which a structured clone
 * copies in one piece, where per-label objects and per-language pairs had to be rebuilt one by
 * one on the request thread. Packing keeps every value and its order.
 */
import type { Finding, ScanResult, Span, Stage, TextScores } from '../contract/types.js';

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

/**
 * A scanner's result as posted back: the kinds and notes joined by NUL (neither holds one),
 * each finding's score and span (start, end; -1 for none) in typed arrays.
 */
export interface PackedScan {
  readonly score: number;
  readonly kinds: string;
  readonly notes: string;
  readonly hasNote: Uint8Array;
  readonly scores: Float64Array;
  readonly spans: Int32Array;
}

export function packScan(r: ScanResult): PackedScan {
  const spans = new Int32Array(2 * r.findings.length).fill(-1);
  r.findings.forEach((f, i) => {
    if (f.span) spans.set([f.span.start, f.span.end], 2 * i);
  });
  return {
    score: r.score,
    kinds: r.findings.map((f) => f.kind).join('\0'),
    notes: r.findings.map((f) => f.note ?? '').join('\0'),
    hasNote: Uint8Array.from(r.findings, (f) => (f.note === undefined ? 0 : 1)),
    scores: Float64Array.from(r.findings, (f) => f.score),
    spans,
  };
}

export function unpackScan(packed: PackedScan): ScanResult {
  if (packed.scores.length === 0) return { score: packed.score, findings: [] };
  const notes = packed.notes.split('\0');
  const findings = packed.kinds.split('\0').map((kind, i): Finding => {
    const start = packed.spans[2 * i] ?? -1;
    const note = packed.hasNote[i] === 1 ? notes[i] : undefined;
    return {
      kind,
      score: packed.scores[i] ?? 1,
      ...(start >= 0 ? { span: { start, end: packed.spans[2 * i + 1] ?? start } } : {}),
      ...(note === undefined ? {} : { note }),
    };
  });
  return { score: packed.score, findings };
}

export type JobResult =
  | { readonly ok: true; readonly scan: PackedScan }
  | { readonly ok: true; readonly model: string; readonly scores: PackedScores }
  | { readonly ok: true; readonly ranked: PackedRanking }
  | { readonly ok: false; readonly error: string };

export type FromScanWorker = { readonly heapUsed?: number } & (
  | { readonly type: 'ready' }
  // `dir`: the folder loaded, or the key of a prepared scanner
  | { readonly type: 'loaded'; readonly dir: string }
  | { readonly type: 'load-failed'; readonly dir: string; readonly error: string }
  | { readonly type: 'scores'; readonly id: number; readonly results: readonly JobResult[] }
);
