/**
 * The injection rules' cost per ~1 KB support message (the scan worker's heaviest rule cost),
 * before and after literal gates, lazy `requires` and the exec loop (src/classifiers/
 * heuristics.ts, heuristic-gates.ts). "before" is the old runner kept here: matchAll, the
 * requirement tested first, no gate. The two alternate in one process, round by round, so
 * machine load hits both alike; the median round is reported.
 *
 *   node --import tsx scripts/bench-injection-rules.ts [--rounds 41] [--texts 50] [--size 1kb|short]
 */
import { parseArgs } from 'node:util';
import type { DecodedView } from '../src/contract/text-views.js';
import { compileHeuristics, runHeuristics } from '../src/classifiers/heuristics.js';
import { INJECTION_HEURISTICS } from '../src/classifiers/injection-heuristics.js';
import { decodedViews } from '../src/text/decoded-views.js';
import { messageOf, type Size } from './bench/support-messages.js';
import { ungatedView } from '../tests/helpers/ungated-heuristics.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '41' },
    texts: { type: 'string', default: '50' },
    size: { type: 'string', default: '1kb' },
  },
});

const rules = compileHeuristics(INJECTION_HEURISTICS);
// Views are built once per text in the gateway too (src/text/views.ts): not timed here.
const texts = Array.from({ length: Number(values.texts) }, (_, i) =>
  decodedViews(messageOf(values.size as Size, 100000 + i)),
);
const runs = {
  before: (views: readonly DecodedView[]) =>
    rules.flatMap((rule) => views.flatMap((view) => ungatedView(rule, view))).length,
  after: (views: readonly DecodedView[]) => runHeuristics(rules, views).length,
};
const times: Record<keyof typeof runs, number[]> = { before: [], after: [] };
for (let round = 0; round < Number(values.rounds) + 1; round++) {
  for (const name of ['before', 'after'] as const) {
    // CPU time, not wall time: on a loaded machine the wall clock also counts time descheduled.
    const start = process.cpuUsage();
    for (const views of texts) runs[name](views);
    const { user, system } = process.cpuUsage(start);
    const us = (user + system) / texts.length;
    if (round > 0) times[name].push(us); // round 0 warms the JIT
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const before = median(times.before);
const after = median(times.after);
console.log(
  `injection rules per ${values.size} text, median of ${values.rounds} alternated rounds: ` +
    `before ${before.toFixed(0)} us, after ${after.toFixed(0)} us CPU (${(before / after).toFixed(1)}x)`,
);
