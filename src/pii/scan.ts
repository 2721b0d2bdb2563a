/** The ScanFn both recognizer-based scanners (pii, secrets) share: analyze, then findings. */
import type { Finding, ScanFn } from '../contract/types.js';
import { analyze, type CompiledRecognizer } from './analyze.js';
import type { Detection } from './types.js';

export function recognizerScan(
  compiled: readonly CompiledRecognizer[],
  minScore: number,
  keep: (text: string, detection: Detection) => boolean,
): ScanFn {
  return async ({ text, signal }) => {
    signal.throwIfAborted();
    const detections = analyze(text, compiled, { minScore, signal, keep: (d) => keep(text, d) });
    const findings: Finding[] = detections.map((d) => ({
      kind: d.entity,
      score: d.score,
      span: { start: d.start, end: d.end },
      note: d.note,
    }));
    return { score: findings.reduce((max, f) => Math.max(max, f.score), 0), findings };
  };
}
