/**
 * A batch's results as a scan worker posts them back (scan-worker.ts → scan-batch.ts): every
 * job's answer written into one Int32Array, one Float64Array and one string, in job order. A
 * structured clone then copies three values per batch; with two or three typed arrays per job,
 * postMessage cost the worker ~240 µs per ~1 KB request (`npm run bench:profile`).
 * Every value and its order are kept: doubles as doubles, labels and findings in their order.
 *
 * Strings are concatenated, each one's length written in the ints where it is read (no
 * separator, so no character a note or kind might hold can shift the jobs after it).
 * Per job, the ints hold a tag, then (s: a string's length):
 * - error:    s (the fixed message)
 * - scan:     findings n, per finding [has note, span start, span end (-1: no span), s kind],
 *             then per finding [s note]; floats: score, then each finding's score
 * - scores:   labels n, windows, s model, then per label [window start, window end (-1: none),
 *             s label]; floats: each label's score
 * - ranking:  languages n, per language [s code]; floats: each score
 */
import type { Finding, ScanResult, Span, TextScores } from '../contract/types.js';
import type { Ranked } from './scan-messages.js';

export interface PackedResults {
  readonly ints: Int32Array;
  readonly floats: Float64Array;
  readonly strings: string;
}

const ERROR = 0;
const SCAN = 1;
const SCORES = 2;
const RANKING = 3;

/** Collects one batch's answers on the worker, in job order. */
export class ResultsWriter {
  readonly #ints: number[] = [];
  readonly #floats: number[] = [];
  readonly #strings: string[] = [];

  error(message: string): void {
    this.#ints.push(ERROR);
    this.#string(message);
  }

  scan(r: ScanResult): void {
    this.#ints.push(SCAN, r.findings.length);
    this.#floats.push(r.score);
    for (const f of r.findings) {
      this.#ints.push(f.note === undefined ? 0 : 1, f.span?.start ?? -1, f.span?.end ?? -1);
      this.#string(f.kind);
      this.#floats.push(f.score);
    }
    for (const f of r.findings) this.#string(f.note ?? '');
  }

  scores(model: string, r: Omit<TextScores, 'model'>): void {
    const labels = Object.keys(r.scores);
    this.#ints.push(SCORES, labels.length, r.windows);
    this.#string(model);
    for (const label of labels) {
      const window = r.windowOf[label];
      this.#ints.push(window?.start ?? -1, window?.end ?? -1);
      this.#string(label);
      this.#floats.push(r.scores[label] ?? 0);
    }
  }

  ranking(ranked: Ranked): void {
    this.#ints.push(RANKING, ranked.length);
    for (const [language, score] of ranked) {
      this.#string(language);
      this.#floats.push(score);
    }
  }

  #string(s: string): void {
    this.#ints.push(s.length);
    this.#strings.push(s);
  }

  pack(): PackedResults {
    return {
      ints: Int32Array.from(this.#ints),
      floats: Float64Array.from(this.#floats),
      strings: this.#strings.join(''),
    };
  }
}

/** One job's answer as read back on the request thread. */
export type ReadResult =
  | { readonly ok: false; readonly error: string }
  | { readonly ok: true; readonly kind: 'scan'; readonly answer: ScanResult }
  | { readonly ok: true; readonly kind: 'model'; readonly answer: TextScores }
  | { readonly ok: true; readonly kind: 'language'; readonly answer: Ranked };

/** Reads a batch's answers back, one job at a time in job order. */
export class ResultsReader {
  readonly #ints: Int32Array;
  readonly #floats: Float64Array;
  readonly #strings: string;
  #i = 0;
  #f = 0;
  #s = 0;

  constructor(packed: PackedResults) {
    this.#ints = packed.ints;
    this.#floats = packed.floats;
    this.#strings = packed.strings;
  }

  /**
   * The next job's answer; an error once the batch has no more. An answer cut short fails closed
   * too: the readers' fallbacks (a score of 0 among them) must never reach a rule as a result.
   */
  next(): ReadResult {
    if (this.#i >= this.#ints.length) return { ok: false, error: 'scan worker returned no result' };
    const result = this.#read();
    const short =
      this.#i > this.#ints.length ||
      this.#f > this.#floats.length ||
      this.#s > this.#strings.length;
    return short ? { ok: false, error: 'scan worker returned a short result' } : result;
  }

  #read(): ReadResult {
    const tag = this.#ints[this.#i++];
    if (tag === SCAN) return { ok: true, kind: 'scan', answer: this.#scan() };
    if (tag === SCORES) return { ok: true, kind: 'model', answer: this.#scores() };
    if (tag === RANKING) return { ok: true, kind: 'language', answer: this.#ranking() };
    if (tag === ERROR) return { ok: false, error: this.#string() };
    return { ok: false, error: 'scan worker returned no result' };
  }

  #int(): number {
    return this.#ints[this.#i++] ?? -1;
  }

  #float(fallback: number): number {
    return this.#floats[this.#f++] ?? fallback;
  }

  #string(): string {
    const from = this.#s;
    this.#s += Math.max(0, this.#int());
    return this.#strings.slice(from, this.#s);
  }

  #scan(): ScanResult {
    const n = this.#int();
    const score = this.#float(0);
    if (n <= 0) return { score, findings: [] };
    const raw: RawFinding[] = [];
    for (let k = 0; k < n; k++) {
      const hasNote = this.#int() === 1;
      const start = this.#int();
      const end = this.#int();
      raw.push({ kind: this.#string(), score: this.#float(1), hasNote, start, end });
    }
    // The notes follow the kinds; fields in the order a scanner's findings have them.
    const findings = raw.map(({ kind, score: s, hasNote, start, end }): Finding => {
      const note = this.#string();
      return {
        kind,
        score: s,
        ...(start >= 0 ? { span: { start, end } } : {}),
        ...(hasNote ? { note } : {}),
      };
    });
    return { score, findings };
  }

  #scores(): TextScores {
    const n = this.#int();
    const windows = this.#int();
    const model = this.#string();
    const scores: Record<string, number> = {};
    const windowOf: Record<string, Span> = {};
    for (let k = 0; k < n; k++) {
      const start = this.#int();
      const end = this.#int();
      const label = this.#string();
      scores[label] = this.#float(0);
      if (start >= 0) windowOf[label] = { start, end };
    }
    return { model, scores, windowOf, windows };
  }

  #ranking(): Ranked {
    const n = this.#int();
    const ranked: (readonly [string, number])[] = [];
    for (let k = 0; k < n; k++) ranked.push([this.#string(), this.#float(0)]);
    return ranked;
  }
}

interface RawFinding {
  kind: string;
  score: number;
  hasNote: boolean;
  start: number;
  end: number;
}
