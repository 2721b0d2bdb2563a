/**
 * CPU time per request by scanning stage (issue 14 item 4): the shipped `customer-support` policy's
 * input and output stages run in this process on ~1 KB support messages (all different, as in
 * `npm run bench:load`), and `process.cpuUsage()` (user + system, every thread of the process)
 * is read around each step. CPU time rather than requests/s because the machine is shared: other
 * engineers' jobs slow the wall clock but not the CPU a step costs.
 *
 *   npm run bench:scan-cpu -- [--messages 400] [--size 1kb|short] [--policy customer-support]
 *                             [--turns 8] [--pool]
 *
 * Rows: the text views (each computed on a fresh text), every rule's scan with the views already
 * there, in policy order (a rule reuses what an earlier one memoized in the views, e.g. the
 * output toxicity rule the input one's features; classifiers in process, or on the worker pool
 * with --pool, which then also ranks the language gate's guesses), each whole stage with a cold
 * scan cache (what one request costs), and a chat turn that resends --turns earlier user messages,
 * with the scan cache that scanned them before (as the gateway keeps one) and without.
 */
import { parseArgs } from 'node:util';
import { sharedClassifiers } from '../src/classifiers/classifier-cache.js';
import { ScanPool } from '../src/classifiers/scan-pool.js';
import { SCANNER_HOST_URL } from '../src/pipeline/scanner-host.js';
import type { Stage } from '../src/contract/types.js';
import { guardInput, guardOutput } from '../src/pipeline/chat-stages.js';
import { ScanCache } from '../src/pipeline/scan-cache.js';
import { loadPolicySet } from '../src/policy/store.js';
import type { Policy } from '../src/policy/types.js';
import { Vault } from '../src/redaction/vault.js';
import { allScanners } from '../src/scanners/registry.js';
import { createTextViews } from '../src/text/views.js';
import { messageOf, type Size } from './bench/support-messages.js';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '400' },
    size: { type: 'string', default: '1kb' },
    policy: { type: 'string', default: 'customer-support' },
    turns: { type: 'string', default: '8' },
    pool: { type: 'boolean', default: false },
  },
});
const count = Number(values.messages);
const turns = Number(values.turns);
// As the gateway: with a pool, offloadable rules (rule matching, PII, secrets) run on it whole.
const pool = values.pool
  ? new ScanPool({ size: 1, deadlineMs: 10_000, scannerHost: SCANNER_HOST_URL })
  : undefined;
const policies = loadPolicySet('policies', {
  scanners: allScanners,
  deps: {
    countTokens: () => Promise.reject(new Error('no model')),
    ...(pool ? { scoring: pool, offload: pool } : {}),
  },
});
const found = policies.get(values.policy);
if (!found) throw new Error(`no policy ${values.policy}`);
const policy: Policy = found;
await Promise.all([sharedClassifiers.settled(), pool?.ready()]);

let serial = 200_000;
const fresh = () => messageOf(values.size as Size, serial++);
const signal = new AbortController().signal;
// One cache for the cold-cache rows, as the gateway keeps one: every text is new, so each misses
// (a cache per request would measure building a 10,000-entry LRU instead of scanning).
const shared = new ScanCache(undefined, pool);
const context = (cache = shared) => ({ vault: new Vault(), cache, signal });

/** Microseconds of process CPU (user + system) spent in `step`. */
async function cpu(step: () => unknown): Promise<number> {
  const before = process.cpuUsage();
  await step();
  const used = process.cpuUsage(before);
  return used.user + used.system;
}

const rows = new Map<string, number>();
const add = (row: string, us: number) => rows.set(row, (rows.get(row) ?? 0) + us);

async function measureOnce(): Promise<void> {
  const views = createTextViews(fresh());
  add('views: normalized', await cpu(() => views.normalized()));
  add('views: decoded (leet, payloads, undisguised)', await cpu(() => views.decoded()));
  add('views: language guess', await cpu(() => views.language(0)));
  for (const stage of ['input', 'output'] as Stage[])
    for (const rule of stage === 'input' ? policy.input : policy.output) {
      const scan = () => rule.scan({ text: views.text, stage, signal, views });
      add(`${stage} rule ${rule.id} (${rule.scanner})`, await cpu(scan));
    }
  const input = await cpu(() => guardInput(policy, [user()], context()));
  const output = await cpu(() => guardOutput(policy, fresh(), context()));
  add('input stage, whole (cold cache)', input);
  add('output stage, whole (cold cache)', output);
  add('request: input + output stages', input + output);
}

const user = (content = fresh()) => ({ role: 'user' as const, content });

/**
 * One turn resending `turns` earlier user messages (with the assistant's replies between):
 * `warm`, they were all scanned on earlier turns and the cache holds them, as in the gateway.
 * A warm turn costs well under a millisecond, so it is timed over WARM_REPEATS sends of it (the
 * mean): timed once, the garbage the cold turn before it left swung it 595-1,041 µs between runs.
 */
const WARM_REPEATS = 20;
async function resentTurn(warm: boolean): Promise<number> {
  const assistant = { role: 'assistant' as const, content: 'Let me check that for you.' };
  const chat = Array.from({ length: turns }, () => [user(), assistant]).flat();
  const cache = new ScanCache(undefined, pool);
  if (!warm) return cpu(() => guardInput(policy, chat, context(cache)));
  await guardInput(policy, chat, context(cache));
  const us = await cpu(async () => {
    for (let i = 0; i < WARM_REPEATS; i++) await guardInput(policy, chat, context(cache));
  });
  return us / WARM_REPEATS;
}

// Warm-up: JIT, lazily built tables (trigram index, gazetteers), the pool's first batches.
for (let i = 0; i < Math.min(100, count); i++) await measureOnce();
rows.clear();
for (let i = 0; i < count; i++) await measureOnce();
const historyRuns = Math.max(1, Math.round(count / 4));
for (let i = 0; i < historyRuns; i++) {
  add(`${turns} resent messages, all in the scan cache`, await resentTurn(true));
  add(`${turns} resent messages, no cache`, await resentTurn(false));
}

console.log(
  `policy ${policy.product}, ${values.size} messages, ${count} measured (history rows: ${historyRuns}), ` +
    `classifiers ${pool ? 'on a 1-thread scan pool' : 'in process'}\n`,
);
console.log('| step | CPU µs per text or request |\n| --- | ---: |');
for (const [row, us] of rows) {
  const per = row.includes('resent') ? historyRuns : count;
  console.log(`| ${row} | ${(us / per).toFixed(0)} |`);
}
await pool?.close();
await sharedClassifiers.closeAll();
