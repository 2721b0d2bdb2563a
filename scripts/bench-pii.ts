/**
 * PII detection beside JS peers on the same dev data (../shared/data/dev/pii/*.jsonl): per-type
 * exact-span recall and precision and texts/s for Parapet's `pii` scanner (default params: every
 * entity), @openredaction/openredaction, redact-pii (its offline SyncRedactor only: regexes and
 * its name list; the Google DLP redactor is never constructed) and @redactpii/node (no API key,
 * so it sends nothing). Then the speed target: p50 per 1 KB text for Parapet's full default set.
 *
 *   npm run bench:pii -- [--data DIR] [--seconds 1]
 *
 * The peers that return only redacted text get their spans back by aligning output with input
 * (scripts/bench/align-redacted.ts). Their types are mapped to the datasets' (TYPE_MAPS below);
 * kinds a dataset has no type for are left out of the table, as for Parapet.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OpenRedaction } from '@openredaction/openredaction';
import { Redactor } from '@redactpii/node';
import { SyncRedactor } from 'redact-pii';
import { DEFAULT_TYPE_MAP, mapKind } from '../src/eval/type-map.js';
import { pii } from '../src/scanners/pii.js';
import { alignRedacted } from './bench/align-redacted.js';
import { scanInputFor } from '../src/text/views.js';

const { values } = parseArgs({
  options: {
    data: {
      type: 'string',
      default: new URL('../../shared/data/dev/pii/', import.meta.url).pathname,
    },
    seconds: { type: 'string', default: '1' },
  },
});
const DATA = values.data;
const SECONDS = Number(values.seconds);

interface Span {
  readonly start: number;
  readonly end: number;
  readonly type: string;
}
interface Row {
  readonly text: string;
  readonly spans: readonly Span[];
}
interface Detector {
  /** Spans in dataset types, for scoring. */
  readonly spans: (text: string) => Promise<Span[]> | Span[];
  /** The library's own call alone, for texts/s (no span recovery or type mapping). */
  readonly run: (text: string) => unknown;
  /** Whether the library changes the text at all (any kind, mapped or not). */
  readonly touches: (text: string) => Promise<boolean> | boolean;
}

const REDACT_PII_TYPES: Record<string, string> = {
  CREDIT_CARD_NUMBER: 'CREDIT_CARD',
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  US_SOCIAL_SECURITY_NUMBER: 'SSN',
  IP_ADDRESS: 'IP_ADDRESS',
  STREET_ADDRESS: 'ADDRESS',
  ZIPCODE: 'ZIP_CODE',
  URL: 'DOMAIN_NAME',
  PERSON_NAME: 'PERSON',
  // USERNAME, PASSWORD, CREDENTIALS and DIGITS have no dataset type
};
const REDACTPII_NODE_TYPES: Record<string, string> = {
  CREDIT_CARD_NUMBER: 'CREDIT_CARD',
  EMAIL_ADDRESS: 'EMAIL',
  PHONE_NUMBER: 'PHONE',
  US_SOCIAL_SECURITY_NUMBER: 'SSN',
  PERSON_NAME: 'PERSON',
};
/** openredaction's 500+ pattern names, by family; others (gamer tags, flight numbers…) are left out. */
const OPENREDACTION_FAMILIES: readonly (readonly [RegExp, string])[] = [
  [/^EMAIL/, 'EMAIL'],
  [/^PHONE/, 'PHONE'],
  [/^CREDIT_CARD/, 'CREDIT_CARD'],
  [/^IBAN/, 'IBAN'],
  [/^SSN$|^US_SSN/, 'SSN'],
  [/^IPV?[46]?(_ADDRESS)?$/, 'IP_ADDRESS'],
  [/^NAME$|^PERSON/, 'PERSON'],
  [/^ADDRESS_STREET|^STREET/, 'ADDRESS'],
  [/^ZIP|^POSTCODE/, 'ZIP_CODE'],
  [/^URL$|^DOMAIN/, 'DOMAIN_NAME'],
  [/^DATE_OF_BIRTH|^DOB/, 'DATE_TIME'],
  [/^US_DRIVER|^DRIVERS?_LICEN[CS]E_US/, 'US_DRIVER_LICENSE'],
];

function parapet(params: Record<string, unknown> = {}): Detector {
  const scan = pii.create(pii.params.parse(params), { countTokens: () => Promise.resolve(0) });
  const signal = new AbortController().signal;
  return {
    run: (text) => scan(scanInputFor(text, 'input', signal)),
    touches: async (text) => (await scan(scanInputFor(text, 'input', signal))).findings.length > 0,
    spans: async (text) => {
      const { findings } = await scan(scanInputFor(text, 'input', signal));
      return findings.flatMap((f) => {
        const type = mapKind(DEFAULT_TYPE_MAP, f.kind);
        return f.span && type ? [{ ...f.span, type }] : [];
      });
    },
  };
}

function openRedaction(): Detector {
  const lib = new OpenRedaction();
  return {
    run: (text) => lib.detect(text),
    touches: (text) => lib.detect(text).detections.length > 0,
    spans: (text) => {
      const result = lib.detect(text);
      return result.detections.flatMap((d) => {
        const type = OPENREDACTION_FAMILIES.find(([re]) => re.test(d.type))?.[1];
        return type ? [{ start: d.position[0], end: d.position[1], type }] : [];
      });
    },
  };
}

function fromRedactedText(redact: (t: string) => string, types: Record<string, string>): Detector {
  const tokens = [...Object.keys(types), 'USERNAME', 'PASSWORD', 'CREDENTIALS', 'DIGITS'];
  return {
    run: redact,
    touches: (text) => redact(text) !== text,
    spans: (text) =>
      alignRedacted(text, redact(text), tokens).flatMap((s) => {
        const type = types[s.token];
        return type ? [{ start: s.start, end: s.end, type }] : [];
      }),
  };
}

function readRows(file: string): Row[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Row);
}

interface Counts {
  gold: number;
  pred: number;
  hit: number;
}

async function score(rows: readonly Row[], detect: Detector): Promise<Map<string, Counts>> {
  const byType = new Map<string, Counts>();
  const of = (type: string) => {
    const c = byType.get(type) ?? { gold: 0, pred: 0, hit: 0 };
    byType.set(type, c);
    return c;
  };
  for (const row of rows) {
    const predicted = await detect.spans(row.text);
    const gold = new Set(row.spans.map((s) => `${s.type}:${s.start}:${s.end}`));
    for (const s of row.spans) of(s.type).gold++;
    for (const p of predicted) {
      const c = of(p.type);
      c.pred++;
      if (gold.has(`${p.type}:${p.start}:${p.end}`)) c.hit++;
    }
  }
  return byType;
}

async function textsPerSecond(rows: readonly Row[], detect: Detector): Promise<number> {
  const started = performance.now();
  let done = 0;
  while (performance.now() - started < SECONDS * 1000) {
    for (const row of rows) await detect.run(row.text);
    done += rows.length;
  }
  return done / ((performance.now() - started) / 1000);
}

const fmt = (x: number | undefined) => (x === undefined ? '–' : x.toFixed(2));

async function compare(file: string, detectors: Record<string, Detector>): Promise<string> {
  const rows = readRows(file);
  const names = Object.keys(detectors);
  const scores = new Map<string, Map<string, Counts>>();
  const speeds = new Map<string, number>();
  const touched = new Map<string, number>();
  const clean = rows.filter((r) => r.spans.length === 0);
  for (const name of names) {
    const detect = detectors[name] as Detector;
    scores.set(name, await score(rows, detect));
    speeds.set(name, await textsPerSecond(rows, detect));
    let n = 0;
    for (const row of clean) if (await detect.touches(row.text)) n++;
    touched.set(name, clean.length > 0 ? n / clean.length : 0);
  }
  const goldTypes = new Map<string, number>();
  for (const row of rows)
    for (const s of row.spans) goldTypes.set(s.type, (goldTypes.get(s.type) ?? 0) + 1);
  const types = [
    ...new Set([...goldTypes.keys(), ...[...scores.values()].flatMap((m) => [...m.keys()])]),
  ].sort();
  const header = `| type (gold) | ${names.map((n) => `${n} R / P`).join(' | ')} |`;
  const lines = [header, `|---|${names.map(() => '---').join('|')}|`];
  for (const type of types) {
    const cells = names.map((n) => {
      const c = scores.get(n)?.get(type);
      const recall = c && c.gold > 0 ? c.hit / c.gold : undefined;
      const precision = c && c.pred > 0 ? c.hit / c.pred : undefined;
      return `${fmt(recall)} / ${fmt(precision)}${c?.pred ? ` (${c.pred})` : ''}`;
    });
    lines.push(`| ${type} (${goldTypes.get(type) ?? 0}) | ${cells.join(' | ')} |`);
  }
  lines.push(
    `| texts/s | ${names.map((n) => Math.round(speeds.get(n) ?? 0).toLocaleString('en')).join(' | ')} |`,
  );
  lines.push(
    `| PII-free rows changed (of ${clean.length}) | ${names.map((n) => `${((touched.get(n) ?? 0) * 100).toFixed(1)} %`).join(' | ')} |`,
  );
  return `${file.split('/').pop() ?? file} (${rows.length} rows; R / P (predicted spans), exact match)\n\n${lines.join('\n')}`;
}

/** 1 KB texts made of consecutive dev rows, cut at a space. */
function kilobyteTexts(rows: readonly Row[]): string[] {
  const texts: string[] = [];
  let current = '';
  for (const row of rows) {
    current += `${row.text}\n`;
    if (current.length >= 1024) {
      const cut = current.lastIndexOf(' ', 1024);
      texts.push(current.slice(0, cut > 900 ? cut : 1024).padEnd(1024, ' '));
      current = '';
    }
  }
  return texts;
}

async function speedTarget(rows: readonly Row[], params: Record<string, unknown>): Promise<string> {
  const detect = parapet(params).run;
  const texts = kilobyteTexts(rows);
  for (const t of texts) await detect(t); // warm-up: JIT, gazetteer load
  const times: number[] = [];
  // CPU time too: on a shared machine wall-clock percentiles mostly measure the neighbours
  const cpuBefore = process.cpuUsage();
  for (let round = 0; round < 5; round++) {
    for (const t of texts) {
      const started = performance.now();
      await detect(t);
      times.push(performance.now() - started);
    }
  }
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = (cpu.user + cpu.system) / 1000 / times.length;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
  return `Parapet pii ${JSON.stringify(params)}, full default entity set, ${texts.length} texts of 1 KB x 5 rounds: p50 ${at(0.5).toFixed(3)} ms, p95 ${at(0.95).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms per 1 KB (target p50 <= 2 ms); mean CPU ${cpuMs.toFixed(3)} ms per 1 KB`;
}

if (!existsSync(DATA)) {
  console.log(`bench:pii: skipped, no dev data at ${DATA}`);
  process.exit(0);
}
const files = readdirSync(DATA)
  .filter((f) => f.endsWith('.jsonl'))
  .sort()
  .map((f) => join(DATA, f));
const redactPii = new SyncRedactor();
const redactpiiNode = new Redactor();
const detectors: Record<string, Detector> = {
  parapet: parapet(),
  'parapet, name_tagger false': parapet({ name_tagger: false }),
  openredaction: openRedaction(),
  'redact-pii': fromRedactedText(redactPii.redact.bind(redactPii), REDACT_PII_TYPES),
  '@redactpii/node': fromRedactedText(
    redactpiiNode.redact.bind(redactpiiNode),
    REDACTPII_NODE_TYPES,
  ),
};
for (const file of files) console.log(`${await compare(file, detectors)}\n`);
// the name tagger's share (on by default): the same texts with the rules alone
for (const params of [{}, { name_tagger: false }])
  console.log(await speedTarget(files.flatMap(readRows), params));
