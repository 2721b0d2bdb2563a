/**
 * `parapet eval`: measures a policy (or one scanner alone) on labeled JSONL datasets before it
 * ships. Exit 0 when measured and every gate passed, 1 when a gate failed (or the policy
 * directory is invalid, as for the other commands), 2 for bad usage or bad input files.
 */
import { writeFileSync } from 'node:fs';
import { Presets, SingleBar } from 'cli-progress';
import { z } from 'zod';
import { sharedClassifiers } from '../classifiers/classifier-cache.js';
import type { Config } from '../config.js';
import { GatewayError, isGatewayError } from '../errors.js';
import { evalInputError, readDataset } from '../eval/dataset.js';
import { evaluate, spanRulesOf, type EvalOptions } from '../eval/evaluate.js';
import { checkGates, describeGate, type Gates } from '../eval/gates.js';
import { compact } from '../eval/numbers.js';
import { renderReport } from '../eval/render.js';
import { parseParams, scannerPolicy } from '../eval/scanner-policy.js';
import { parseTypeMap } from '../eval/type-map.js';
import type { Dataset } from '../eval/types.js';
import type { Stage } from '../contract/types.js';
import type { LoadOptions } from '../policy/load.js';
import { loadPolicySet } from '../policy/store.js';
import { allScanners } from '../scanners/registry.js';

const Fraction = z
  .string()
  .regex(/^(?:0|1|0?\.\d+|1\.0*)$/, 'must be a number from 0 to 1')
  .transform(Number);

const Options = z.object({
  policy: z.string().min(1).optional(),
  scanner: z.string().min(1).optional(),
  params: z.string().optional(),
  data: z.array(z.string().min(1)).min(1),
  stage: z.enum(['input', 'output'], { error: 'must be input or output' }),
  format: z.enum(['table', 'json', 'markdown', 'html'], {
    error: 'must be table, json, markdown or html',
  }),
  out: z.string().min(1).optional(),
  countFlag: z.boolean().optional(),
  sweep: z.boolean().optional(),
  errors: z.boolean().optional(),
  showText: z.boolean().optional(),
  typeMap: z.string().optional(),
  minRecall: Fraction.optional(),
  maxFpr: Fraction.optional(),
  minF1: Fraction.optional(),
  policies: z.string().min(1).optional(),
});
type EvalArgs = z.output<typeof Options>;

const flagName = (key: PropertyKey) =>
  `--${String(key).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function parseOptions(raw: Record<string, unknown>): EvalArgs {
  const parsed = Options.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw evalInputError(
      `${flagName(issue?.path[0] ?? 'options')}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const o = parsed.data;
  if ((o.policy === undefined) === (o.scanner === undefined)) {
    throw evalInputError('give either --policy NAME or --scanner ID');
  }
  if (o.showText === true && o.errors !== true) {
    throw evalInputError('--show-text goes with --errors');
  }
  if (o.params !== undefined && o.scanner === undefined) {
    throw evalInputError('--params goes with --scanner');
  }
  return o;
}

type Subject = Pick<EvalOptions, 'policy' | 'subject' | 'spanRules'>;

function subjectFor(o: EvalArgs, config: Config): Subject {
  const countTokens = () => Promise.reject(new GatewayError('backend_unavailable'));
  const load: LoadOptions = {
    scanners: allScanners,
    deps: { countTokens },
    ...(config.secret === undefined ? {} : { secret: config.secret }),
  };
  const stage: Stage = o.stage;
  if (o.scanner !== undefined) {
    const policy = scannerPolicy(o.scanner, parseParams(o.params), stage, load);
    const rule = (stage === 'input' ? policy.input : policy.output)[0];
    const subject = {
      scanner: o.scanner,
      scanner_version: rule?.scannerVersion ?? '',
      params: rule?.params ?? null,
    };
    return { policy, subject, spanRules: 'localizing' };
  }
  const name = o.policy ?? '';
  const policies = loadPolicySet(o.policies ?? config.policies, load);
  const policy = policies.get(name);
  if (!policy) {
    const known = policies.list().map((p) => p.product);
    throw evalInputError(`--policy: no policy named ${name} (known: ${known.join(', ')})`);
  }
  const subject = {
    policy: policy.product,
    policy_version: policy.version,
    policy_sha256: policy.sha256,
    mode: policy.mode,
  };
  return { policy, subject, spanRules: 'redact' };
}

/** Says, before the run, when a result would be trivially empty and why. */
function warnings(options: EvalOptions, datasets: readonly Dataset[]): string[] {
  const out: string[] = [];
  if (options.stage === 'input' && !options.policy.scanRoles.includes('user')) {
    out.push('the policy does not scan user messages (scan_roles): nothing will be flagged');
  }
  if (datasets.some((d) => d.kind === 'spans') && spanRulesOf(options).length === 0) {
    if (options.spanRules === 'localizing') {
      throw evalInputError('--scanner: this scanner does not localize, so it cannot predict spans');
    }
    out.push(`no ${options.stage} rule has action redact: span files will show no predictions`);
  }
  return out;
}

function progressBar(total: number): { tick: () => void; stop: () => void } {
  // A bar only where someone watches: a terminal, and a run long enough to wait for.
  if (!process.stderr.isTTY || total < 200) return { tick: () => undefined, stop: () => undefined };
  const bar = new SingleBar(
    {
      stream: process.stderr,
      format: 'eval {bar} {percentage}% | {value}/{total} rows | {eta_formatted} left',
      hideCursor: true,
    },
    Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    tick: () => {
      bar.increment();
    },
    stop: () => {
      bar.stop();
    },
  };
}

function write(text: string, out: string | undefined): void {
  if (out === undefined) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(out, text);
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : 'unknown error';
    throw evalInputError(`--out ${out}: cannot write the file (${code})`);
  }
  process.stderr.write(`wrote ${out}\n`);
}

async function evalCommand(raw: Record<string, unknown>, config: Config): Promise<void> {
  const o = parseOptions(raw);
  const typeMap = parseTypeMap(o.typeMap);
  // Every file is read and checked before anything runs: a typo in the last file fails fast.
  const datasets = o.data.map((file) => readDataset(file));
  const options: EvalOptions = {
    ...subjectFor(o, config),
    stage: o.stage,
    countFlag: o.countFlag === true,
    // The html charts are drawn from the sweep, so it is always computed for them.
    sweep: o.sweep === true || o.format === 'html',
    errors: o.errors === true,
    showText: o.showText === true,
    typeMap,
  };
  for (const w of warnings(options, datasets)) process.stderr.write(`warning: ${w}\n`);
  // As `check`: the first rows must not race the models' cold start against the rules' timeout
  // (they would be measured as errors, failed closed, not as what the policy decides).
  await sharedClassifiers.settled();
  const bar = progressBar(datasets.reduce((n, d) => n + d.rows.length, 0));
  const report = await evaluate(datasets, { ...options, onRow: bar.tick }).finally(bar.stop);
  const gates = compact<Gates>({ minRecall: o.minRecall, maxFpr: o.maxFpr, minF1: o.minF1 });
  const results = checkGates(report.files, gates);
  const hasGates = Object.keys(gates).length > 0;
  write(renderReport(hasGates ? { ...report, gates: results } : report, o.format), o.out);
  const failed = results.filter((r) => !r.passed);
  for (const f of failed) process.stderr.write(`gate failed: ${describeGate(f)}\n`);
  if (failed.length > 0) process.exitCode = 1;
}

export async function runEval(raw: Record<string, unknown>, config: Config): Promise<void> {
  try {
    await evalCommand(raw, config);
  } catch (err) {
    // Usage and input problems: the detail names the flag or file:line, never a row's text.
    if (isGatewayError(err) && err.code === 'usage_invalid') {
      process.stderr.write(`parapet eval: ${err.detail ?? err.message}\n`);
      process.exitCode = 2;
      return;
    }
    throw err;
  }
}
