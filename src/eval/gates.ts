/**
 * Release gates: limits a policy must meet on every file before it ships. A gate applies to a
 * file only where its figure means something (no recall gate on a file of negatives only); span
 * files are gated on their micro-averaged exact-match recall and F1.
 */
import type { FileReport, GateResult } from './types.js';

export interface Gates {
  readonly minRecall?: number;
  readonly maxFpr?: number;
  readonly minF1?: number;
}

function figure(file: FileReport, gate: GateResult['gate']): number | undefined {
  const source = file.task === 'spans' ? file.micro : file;
  switch (gate) {
    case 'min_recall':
      return source.recall;
    case 'min_f1':
      return source.f1;
    case 'max_fpr':
      return file.task === 'classify' ? file.fpr : undefined;
  }
}

export function checkGates(files: readonly FileReport[], gates: Gates): GateResult[] {
  const limits: [GateResult['gate'], number | undefined][] = [
    ['min_recall', gates.minRecall],
    ['max_fpr', gates.maxFpr],
    ['min_f1', gates.minF1],
  ];
  const results: GateResult[] = [];
  for (const file of files) {
    for (const [gate, limit] of limits) {
      const value = figure(file, gate);
      if (limit === undefined || value === undefined) continue;
      const passed = gate === 'max_fpr' ? value <= limit : value >= limit;
      results.push({ file: file.file, gate, limit, value, passed });
    }
  }
  return results;
}

export function describeGate(result: GateResult): string {
  const flag = `--${result.gate.replace('_', '-')}`;
  const name = result.gate.slice(4);
  const op = result.gate === 'max_fpr' ? '>' : '<';
  return `${result.file}: ${name} ${result.value.toFixed(3)} ${op} ${flag} ${result.limit}`;
}
