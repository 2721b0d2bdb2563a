/**
 * The ScanFn both recognizer-based scanners (pii, secrets) share: analyze the text and its views
 * (views.ts), map what the views find back to the original, then findings.
 */
import type { Finding, ScanFn } from '../contract/types.js';
import { candidates, resolveOverlaps, type CompiledRecognizer } from './analyze.js';
import type { Detection } from './types.js';
import { recognizerViews, type RecognizerView } from './views.js';

// Squeezing digit runs joins numbers a person wrote apart; only a checksum-confirmed card is
// worth that (a phone or bank number read across the gap would be a guess).
const SQUEEZED_ENTITIES = new Set(['CREDIT_CARD']);

export function recognizerScan(
  compiled: readonly CompiledRecognizer[],
  minScore: number,
  keep: (text: string, detection: Detection) => boolean,
  // the pii scanner's name tagger takes part here (src/pii/ner/tagged-names.ts)
  resolve: (text: string, candidates: readonly Detection[]) => Detection[] = (_text, c) =>
    resolveOverlaps(c),
): ScanFn {
  // Gazetteer recognizers (names, places) read the original only: they are the costly ones, and
  // invisible characters inside a name are not what this defends against.
  const patterned = compiled.filter((r) => r.scan === undefined);
  const squeezable = patterned.filter((r) => SQUEEZED_ENTITIES.has(r.entity));
  return async ({ text, signal, views }) => {
    signal.throwIfAborted();
    const run = (view: string, recognizers: readonly CompiledRecognizer[]) =>
      candidates(view, recognizers, { minScore, signal, keep: (d) => keep(view, d) });
    // everything is resolved together below: a fragment the original text matched must lose
    // to what a view found exactly as it would to an original-text match, or it could take
    // a neighbour with it ("call 4111\u00a01111\u00a01111\u00a01111 221B Baker Street")
    const detections = run(text, compiled);
    const extra = recognizerViews(views);
    const viewed: Detection[] = [];
    const fromView = (view: RecognizerView | undefined, found: (v: string) => Detection[]) => {
      if (view === undefined) return;
      for (const d of found(view.text)) {
        const at = mapped(d, view);
        // a value the view did not change is one the original text already had its chance at:
        // reporting it now would only be a different reading of its neighbours ("https://t.co…",
        // the ellipsis NFKC-split into dots), not a disguise seen through
        const same = text.slice(at.start, at.end) === view.text.slice(d.start, d.end);
        if (!same || view.payload) viewed.push(at);
      }
    };
    fromView(extra.normalized, (v) => run(v, patterned));
    fromView(extra.squeezed, (v) => run(v, squeezable).filter((d) => confirmed(v, d, squeezable)));
    for (const payload of extra.payloads) fromView(payload, (v) => run(v, patterned));
    const resolved = resolve(
      text,
      viewed.length === 0 ? detections : [...detections, ...covering(viewed, detections)],
    );
    const findings: Finding[] = resolved.map((d) => ({
      kind: d.entity,
      score: d.score,
      span: { start: d.start, end: d.end },
      note: d.note,
    }));
    return { score: findings.reduce((max, f) => Math.max(max, f.score), 0), findings };
  };
}

function mapped(d: Detection, view: RecognizerView): Detection {
  const span = view.toOriginal({ start: d.start, end: d.end });
  return { ...d, start: span.start, end: span.end };
}

function confirmed(text: string, d: Detection, recognizers: readonly CompiledRecognizer[]) {
  const r = recognizers.find((c) => c.entity === d.entity);
  return r?.validate?.(text.slice(d.start, d.end)) === 'valid';
}

/**
 * A view's detection grown over the original's detections of the same entity it overlaps, with
 * the best of their scores: the original text may match a fragment of a disguised value
 * ("oe@example.com" of an address with a zero-width character inside), and redaction must
 * remove the whole value, so the fragment must not win the overlap.
 */
function covering(viewed: readonly Detection[], original: readonly Detection[]): Detection[] {
  return viewed.map((d) => {
    let { start, end, score } = d;
    for (const o of original)
      if (o.entity === d.entity && o.start < end && o.end > start) {
        start = Math.min(start, o.start);
        end = Math.max(end, o.end);
        score = Math.max(score, o.score);
      }
    return { ...d, start, end, score };
  });
}
