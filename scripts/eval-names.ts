/**
 * `npm run eval:names`: the `pii` scanner with its rules alone and with the name tagger
 * (`name_tagger: true`) on ../shared/data/dev/pii, side by side: exact-span P / R / F1 / F2 of
 * PERSON, LOCATION, ORGANIZATION and ADDRESS per file, the gold spans no finding touches (left
 * in the text whole, whatever the exact-match figures say), the share of PII-free rows (no gold span) that
 * get anything redacted (with every entity, and without URL, which the shipped policies leave
 * alone), the rows whose redaction is not idempotent (redacting the redacted text changes it),
 * and the scan's CPU time per row. The per-type figures are `parapet eval`'s (exact match):
 *
 *   parapet eval --scanner pii --params '{"name_tagger":true}' --data ../shared/data/dev/pii/*.jsonl
 *
 * With `--address-parts`, two more runs: rules + tagger with every address reported as its
 * parts (scripts/eval-address-parts.ts), and the same with the building number split off too.
 *
 * Skips (exit 0) where ../shared/data/dev/pii does not exist.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fBeta } from '../src/eval/numbers.js';
import { DEFAULT_TYPE_MAP, mapKind } from '../src/eval/type-map.js';
import { redact } from '../src/redaction/redact.js';
import { Vault } from '../src/redaction/vault.js';
import { pii } from '../src/scanners/pii.js';
import { scanInputFor } from '../src/text/views.js';
import { addressParts } from './eval-address-parts.js';

const DATA = new URL('../../shared/data/dev/pii/', import.meta.url).pathname;
const TYPES = ['PERSON', 'LOCATION', 'ORGANIZATION', 'ADDRESS'];

interface Row {
  readonly text: string;
  readonly spans: readonly { start: number; end: number; type: string }[];
}

const signal = new AbortController().signal;
const deps = { countTokens: () => Promise.resolve(0) };

const { values: options } = parseArgs({
  options: { 'address-parts': { type: 'boolean', default: false } },
});

type Parts = 'whole' | 'parts' | 'fragments';

async function measure(rows: readonly Row[], params: Record<string, unknown>, parts: Parts) {
  const scan = pii.create(pii.params.parse(params), deps);
  const findings = async (text: string) => {
    const found = (await scan(scanInputFor(text, 'input', signal))).findings;
    return parts === 'whole' ? found : addressParts(text, found, parts === 'fragments');
  };
  // untouched: gold spans no finding of any kind overlaps, so they stay in the text whole
  const counts = new Map(TYPES.map((t) => [t, { gold: 0, pred: 0, hit: 0, untouched: 0 }]));
  let clean = 0;
  let changed = 0;
  let changedNoUrl = 0;
  let unstable = 0;
  let cpu = 0;
  for (const row of rows) {
    const before = process.cpuUsage();
    const found = await findings(row.text);
    const used = process.cpuUsage(before);
    cpu += used.user + used.system;
    const gold = new Set(row.spans.map((s) => `${s.type}:${s.start}:${s.end}`));
    for (const s of row.spans) {
      const c = counts.get(s.type);
      if (!c) continue;
      c.gold++;
      if (!found.some((f) => f.span && f.span.start < s.end && s.start < f.span.end)) c.untouched++;
    }
    for (const f of found) {
      const type = mapKind(DEFAULT_TYPE_MAP, f.kind);
      const c = type === undefined ? undefined : counts.get(type);
      if (!c || !f.span) continue;
      c.pred++;
      if (gold.has(`${type}:${f.span.start}:${f.span.end}`)) c.hit++;
    }
    if (row.spans.length === 0) {
      clean++;
      if (found.length > 0) changed++;
      if (found.some((f) => f.kind !== 'URL')) changedNoUrl++;
    }
    const vault = new Vault();
    const once = await redactAll(row.text, found, vault);
    if ((await redactAll(once, await findings(once), vault)) !== once) unstable++;
  }
  return { counts, clean, changed, changedNoUrl, unstable, cpuUs: cpu / rows.length };
}

async function redactAll(
  text: string,
  found: readonly { kind: string; score: number; span?: { start: number; end: number } }[],
  vault: Vault,
): Promise<string> {
  const spans = found.flatMap((f) =>
    f.span ? [{ kind: f.kind, score: f.score, span: f.span }] : [],
  );
  return redact(text, spans, vault, { restorable: true }).text;
}

const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)} %`;
const f3 = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(3));

if (!existsSync(DATA)) {
  console.log(`eval:names: skipped, no dev data at ${DATA}`);
  process.exit(0);
}
for (const file of readdirSync(DATA)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()) {
  const rows = readFileSync(join(DATA, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Row);
  console.log(`\n${file} (${rows.length} rows)`);
  console.log(
    '| pii scanner | type | P | R | F1 | F2 | gold left untouched |\n|---|---|---:|---:|---:|---:|---:|',
  );
  const runs: [string, Record<string, unknown>, Parts][] = [
    ['rules', { name_tagger: false }, 'whole'],
    ['rules + tagger', { name_tagger: true }, 'whole'],
    ...(options['address-parts']
      ? ([
          ['rules + tagger, address parts', { name_tagger: true }, 'parts'],
          ['rules + tagger, address fragments', { name_tagger: true }, 'fragments'],
        ] as [string, Record<string, unknown>, Parts][])
      : []),
  ];
  const summary: string[] = [];
  for (const [name, params, parts] of runs) {
    const m = await measure(rows, params, parts);
    for (const [type, c] of m.counts) {
      const p = c.pred > 0 ? c.hit / c.pred : undefined;
      const r = c.gold > 0 ? c.hit / c.gold : undefined;
      const f = (beta: number) => fBeta(p, r, beta);
      console.log(
        `| ${name} | ${type} | ${f3(p)} | ${f3(r)} | ${f3(f(1))} | ${f3(f(2))} | ${c.untouched} of ${c.gold} |`,
      );
    }
    summary.push(
      `${name}: PII-free rows with anything redacted ${pct(m.changed, m.clean)} (without URL ${pct(m.changedNoUrl, m.clean)}) of ${m.clean}; ` +
        `not idempotent ${m.unstable} of ${rows.length}; CPU ${m.cpuUs.toFixed(0)} µs per row`,
    );
  }
  console.log(`\n${summary.join('\n')}`);
}
