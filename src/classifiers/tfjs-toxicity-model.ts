/**
 * The official TF.js toxicity model (Google; `@tensorflow-models/toxicity` 1.2.2, Apache-2.0) as
 * a `TextClassifier` on the current thread (the gateway runs it on a worker: tfjs-toxicity.ts),
 * loaded from a local folder (layout in tfjs-toxicity-files.ts). The package only loads from
 * tfhub and GCS, so `LocalToxicityModel` overrides its two loaders; everything else (tokenizing,
 * feeding the graph, reading the heads) is the package's own code.
 *
 * Its graph reads at most 128 word pieces (later ones are silently dropped by the graph's
 * ClipToMaxLength), so a text longer than that is split here and each label keeps the maximum
 * over the pieces: nothing is left unscored. One text costs tens of milliseconds (Universal
 * Sentence Encoder), so calls run one after another and yield to the event loop between graph
 * runs; the queue is bounded so a burst is refused rather than held in memory.
 */
import { ToxicityClassifier } from '@tensorflow-models/toxicity';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { loadGraphModel, type GraphModel } from '@tensorflow/tfjs-converter';
import { ensureWasmBackend } from './tf-backend.js';
import {
  readVocabulary,
  toxicityModelHandler,
  ToxicityModelFilesError,
} from './tfjs-toxicity-files.js';
import type { LabelScores, TextClassifier } from './types.js';

/** The model's heads, in its output order, and the label each one reports as here. */
export const LABEL_MAP = {
  identity_attack: 'identity_attack',
  insult: 'insult',
  obscene: 'obscene',
  severe_toxicity: 'severe_toxicity',
  sexual_explicit: 'sexual_explicit',
  threat: 'threat',
  toxicity: 'toxicity',
} as const;
type Head = keyof typeof LABEL_MAP;

/** Word pieces the graph reads (its ClipToMaxLength constant). */
export const MAX_TOKENS = 128;
/** Windows of this many characters are ≤ 128 pieces for most English text; denser text is split again. */
export const MAX_CHARS = 512;
/** Word pieces per graph run: short texts share a run, a full window goes nearly alone. */
const TOKENS_PER_RUN = 2 * MAX_TOKENS;
export const MAX_QUEUED_TEXTS = 1_000;
export const VERSION = 'tfjs-toxicity-1';

class LocalToxicityModel extends ToxicityClassifier {
  graph: GraphModel | undefined;
  pieces: Tokenizer | undefined;
  readonly #dir: string;

  constructor(dir: string) {
    super(); // the package's threshold only sets its `match` flag, which is not used here
    this.#dir = dir;
  }

  override async loadModel(): Promise<GraphModel> {
    this.graph = await loadGraphModel(toxicityModelHandler(this.#dir));
    return this.graph;
  }

  override async loadTokenizer(): Promise<Tokenizer> {
    this.pieces = new Tokenizer(await readVocabulary(this.#dir));
    return this.pieces;
  }
}

export class TfjsToxicityClassifier implements TextClassifier {
  readonly labels: readonly string[] = Object.values(LABEL_MAP);
  readonly version = VERSION;
  readonly maxChars = MAX_CHARS;
  readonly #model: LocalToxicityModel;
  readonly #graph: GraphModel;
  readonly #tokenizer: Tokenizer;
  #tail: Promise<unknown> = Promise.resolve();
  #queued = 0;
  #closed = false;

  constructor(model: LocalToxicityModel, graph: GraphModel, tokenizer: Tokenizer) {
    this.#model = model;
    this.#graph = graph;
    this.#tokenizer = tokenizer;
  }

  async classify(texts: readonly string[], signal?: AbortSignal): Promise<LabelScores[]> {
    if (this.#closed) throw new Error('classifier closed');
    signal?.throwIfAborted();
    if (this.#queued + texts.length > MAX_QUEUED_TEXTS) throw new Error('classifier queue full');
    this.#queued += texts.length;
    const run = this.#tail.then(() => this.#score(texts, signal));
    this.#tail = run.catch(() => undefined);
    try {
      return await run;
    } finally {
      this.#queued -= texts.length;
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#tail;
    this.#graph.dispose();
  }

  async #score(texts: readonly string[], signal: AbortSignal | undefined): Promise<LabelScores[]> {
    const pieces = texts.flatMap((text, owner) =>
      this.#fit(text).map((piece) => ({ owner, piece, tokens: this.#count(piece) })),
    );
    const best = texts.map(() => new Map<string, number>());
    for (const group of runs(pieces)) {
      if (this.#closed) throw new Error('classifier closed');
      signal?.throwIfAborted();
      const scores = await this.#run(group.map((p) => p.piece));
      group.forEach(({ owner }, i) => {
        const into = best[owner];
        for (const [label, score] of Object.entries(scores[i] ?? {}))
          into?.set(label, Math.max(into.get(label) ?? 0, score));
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
    return best.map((scores) =>
      Object.fromEntries(this.labels.map((l) => [l, scores.get(l) ?? 1])),
    );
  }

  /** One graph run through the package's own classify; P(true) per head, checked. */
  async #run(pieces: readonly string[]): Promise<LabelScores[]> {
    const heads = await this.#model.classify([...pieces]);
    const out = pieces.map((): Record<string, number> => ({}));
    for (const { label, results } of heads) {
      const ours = Object.hasOwn(LABEL_MAP, label) ? LABEL_MAP[label as Head] : undefined;
      if (ours === undefined || results.length !== pieces.length)
        throw new Error('the toxicity model returned an unexpected output');
      results.forEach(({ probabilities }, i) => {
        const p = probabilities[1];
        if (p === undefined || !(p >= 0 && p <= 1))
          throw new Error('the toxicity model returned no probability');
        (out[i] as Record<string, number>)[ours] = p;
      });
    }
    return out;
  }

  #count(text: string): number {
    return this.#tokenizer.encode(text).length;
  }

  /** Splits a text until every piece fits the graph's 128 word pieces (halves overlap by 1/8). */
  #fit(text: string): string[] {
    if (text.length < 2 || this.#count(text) <= MAX_TOKENS) return [text];
    const half = Math.ceil(text.length / 2);
    const overlap = Math.floor(text.length / 8);
    return [...this.#fit(text.slice(0, half + overlap)), ...this.#fit(text.slice(half - overlap))];
  }
}

/** Groups pieces into graph runs of at most TOKENS_PER_RUN word pieces (at least one piece each). */
function runs<T extends { tokens: number }>(pieces: readonly T[]): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let tokens = 0;
  for (const piece of pieces) {
    if (current.length > 0 && tokens + piece.tokens > TOKENS_PER_RUN) {
      groups.push(current);
      current = [];
      tokens = 0;
    }
    current.push(piece);
    tokens += piece.tokens;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Loads the official model from `dir` (see tfjs-toxicity-files.ts for the layout) on this
 * thread's WASM backend, with no network (the gateway uses it on a worker: tfjs-toxicity.ts). Rejects with a `ToxicityModelFilesError` naming the problem when the
 * folder is missing, incomplete or holds another model.
 */
export async function loadTfjsToxicityInThread(dir: string): Promise<TfjsToxicityClassifier> {
  await ensureWasmBackend();
  const model = new LocalToxicityModel(dir);
  try {
    await model.load();
  } catch (cause) {
    if (cause instanceof ToxicityModelFilesError) throw cause;
    const why = cause instanceof Error ? cause.message : String(cause);
    throw new ToxicityModelFilesError(`${dir}: TF.js could not load the toxicity model (${why})`, {
      cause,
    });
  }
  const { graph, pieces } = model;
  const heads = graph?.outputs.map((o) => o.name.split('/')[0]);
  if (!graph || !pieces || heads?.join() !== Object.keys(LABEL_MAP).join()) {
    graph?.dispose();
    throw new ToxicityModelFilesError(
      `${dir}: the model's heads (${heads?.join(', ') ?? 'none'}) are not the toxicity model's`,
    );
  }
  return new TfjsToxicityClassifier(model, graph, pieces);
}
