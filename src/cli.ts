/**
 * The `parapet` command (DESIGN §9). Each subcommand is a thin shell over the library: exit
 * status 0 on success, 1 when the work found a problem (invalid policy, broken chain), 2 on
 * usage or configuration errors.
 */
import { Command, CommanderError } from 'commander';
import type { Config } from './config.js';
import { isGatewayError } from './errors.js';
import type { TuneOptions } from './cli/tune.js';

// Every command's code is imported when that command runs, not at start: the classifiers, the
// audit stores and the gateway cost seconds to load, and `parapet --help` or `keys list` need
// none of them.

async function configFrom(options: {
  config?: string;
  port?: string;
  host?: string;
}): Promise<Config> {
  const { loadConfig } = await import('./config.js');
  const overrides: Record<string, unknown> = {};
  if (options.port !== undefined) overrides.port = options.port;
  if (options.host !== undefined) overrides.host = options.host;
  return loadConfig(process.env, overrides, options.config);
}

async function serve(options: { config?: string; port?: string; host?: string }): Promise<void> {
  const config = await configFrom(options);
  const [{ createLogger }, { startGateway }] = await Promise.all([
    import('./log.js'),
    import('./serve.js'),
  ]);
  const logger = createLogger(config.log_level);
  const gateway = await startGateway(config, logger);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    // In-flight requests get a deadline to finish; then the process goes regardless.
    const deadline = setTimeout(() => {
      logger.warn('shutdown deadline passed; closing open connections');
      gateway.server.closeAllConnections();
    }, config.shutdown_timeout_ms);
    gateway.close().then(
      () => {
        clearTimeout(deadline);
        process.exit(0);
      },
      (error: unknown) => {
        logger.error('shutdown failed', { cause: error instanceof Error ? error.name : 'unknown' });
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
}

export function buildProgram(): Command {
  const program = new Command('parapet')
    .description('Responsible-AI safety gateway in front of Gemma.')
    .exitOverride();
  program
    .command('serve')
    .description('start the gateway')
    .option('--config <file>', 'configuration file (default parapet.config.yaml)')
    .option('--port <n>', 'port to listen on')
    .option('--host <h>', 'interface to listen on')
    .action(serve);
  const keys = program.command('keys').description('product keys');
  keys
    .command('create')
    .requiredOption('--product <name>', 'product the key belongs to')
    .option('--keys <file>', 'keys file (default PARAPET_KEYS or ./.parapet/keys.json)')
    .action(async (o: { product: string; keys?: string }) => {
      const { runKeysCreate } = await import('./cli/keys.js');
      runKeysCreate(o, await configFrom({}));
    });
  keys
    .command('revoke')
    .description('revoke a key by id (rotate: create a new key, move clients, revoke the old one)')
    .requiredOption('--id <keyId>', 'key id, as printed by create or list')
    .option('--keys <file>', 'keys file')
    .action(async (o: { id: string; keys?: string }) => {
      const { runKeysRevoke } = await import('./cli/keys.js');
      runKeysRevoke(o, await configFrom({}));
    });
  keys
    .command('list')
    .description('key ids, products and dates (never the keys)')
    .option('--keys <file>', 'keys file')
    .action(async (o: { keys?: string }) => {
      const { runKeysList } = await import('./cli/keys.js');
      runKeysList(o, await configFrom({}));
    });
  const reviewers = program.command('reviewers').description('reviewer tokens for /review');
  reviewers
    .command('create')
    .requiredOption('--name <name>', 'who the token is for (shown in the UI and on labels)')
    .option('--products <a,b>', 'products the reviewer may see (default all)')
    .option('--reviewers <file>', 'reviewers file (default PARAPET_REVIEWERS)')
    .action(async (o: { name: string; products?: string; reviewers?: string }) => {
      const { runReviewersCreate } = await import('./cli/reviewers.js');
      runReviewersCreate(o, await configFrom({}));
    });
  reviewers
    .command('revoke')
    .requiredOption('--id <reviewerId>', 'reviewer id, as printed by create or list')
    .option('--reviewers <file>', 'reviewers file')
    .action(async (o: { id: string; reviewers?: string }) => {
      const { runReviewersRevoke } = await import('./cli/reviewers.js');
      runReviewersRevoke(o, await configFrom({}));
    });
  reviewers
    .command('list')
    .description('reviewer ids, names, products and dates (never the tokens)')
    .option('--reviewers <file>', 'reviewers file')
    .action(async (o: { reviewers?: string }) => {
      const { runReviewersList } = await import('./cli/reviewers.js');
      runReviewersList(o, await configFrom({}));
    });
  program
    .command('check')
    .description('scan one text against a policy and print the JSON decision')
    .requiredOption('--policy <name>', 'product whose policy to apply')
    .option('--stage <stage>', 'input or output', 'input')
    .option('--policies <dir>', 'policy directory')
    .argument('<text>', 'text to scan, or - to read standard input')
    .action(async (text: string, o: { policy: string; stage: string; policies?: string }) => {
      const { runCheck } = await import('./cli/check.js');
      await runCheck(text, o, await configFrom({}));
    });
  program
    .command('policy')
    .description('policy tools')
    .command('lint')
    .argument('[dir]', 'policy directory')
    .action(async (dir: string | undefined) => {
      const { runPolicyLint } = await import('./cli/policy.js');
      runPolicyLint(dir, await configFrom({}));
    });
  program
    .command('model')
    .description('model files')
    .command('pull')
    .argument('[which]', 'gemma or toxicity (the official TF.js toxicity model)', 'gemma')
    .action(async (which: string) => {
      const { runModelPull } = await import('./cli/model.js');
      await runModelPull(which, await configFrom({}));
    });
  program
    .command('eval')
    .description('measure a policy, or one scanner alone, on labeled JSONL datasets')
    .option('--policy <name>', 'product whose policy to measure')
    .option('--scanner <id>', 'measure one scanner alone (one rule: block at threshold 0.5)')
    .option('--params <json>', 'params of --scanner, as JSON')
    .requiredOption('--data <files...>', 'JSONL datasets (classification or spans)')
    .option('--stage <stage>', 'input or output', 'input')
    .option('--format <format>', 'table, json, markdown or html (charts per rule)', 'table')
    .option('--out <file>', 'write the report to this file instead of stdout')
    .option('--count-flag', 'count action flag as flagged, besides block')
    .option('--sweep', 'per rule, precision/recall/FPR at each distinct score')
    .option('--errors', 'list false positives and negatives per file: line, id, the rule')
    .option('--show-text', "with --errors, also print each row's text (off: reports get shared)")
    .option(
      '--type-map <json|file>',
      'predicted kind -> dataset entity type, e.g. {"EMAIL_ADDRESS":"EMAIL"}',
    )
    .option('--min-recall <x>', "exit 1 when a file's recall is below x")
    .option('--max-fpr <x>', "exit 1 when a file's false-positive rate is above x")
    .option('--min-f1 <x>', "exit 1 when a file's F1 is below x")
    .option('--policies <dir>', 'policy directory')
    .action(async (o: Record<string, unknown>) => {
      const { runEval } = await import('./cli/eval.js');
      await runEval(o, await configFrom({}));
    });
  program
    .command('tune')
    .description("fit a product's adapter from its review labels (docs/review.md#the-loop)")
    .requiredOption('--product <name>', 'product whose labels and policy to use')
    .option('--since <time>', 'only decisions from this ISO time on')
    .option('--out <file>', 'adapter file (default <policies>/<product>.adapter.json)')
    .option('--mode <mode>', "the adapter's mode: shadow (record only) or enforce", 'shadow')
    .option('--policies <dir>', 'policy directory')
    .action(async (o: TuneOptions) => {
      const { runTune } = await import('./cli/tune.js');
      await runTune(o, await configFrom({}));
    });
  const audit = program.command('audit').description('the audit trail');
  audit
    .command('verify')
    .description('check the hash chain and that it still reaches every recorded checkpoint')
    .option('--checkpoint-file <file>', 'default PARAPET_AUDIT_CHECKPOINT_FILE')
    .action(async (o: { checkpointFile?: string }) => {
      const { runAuditVerify } = await import('./cli/audit.js');
      await runAuditVerify(o, await configFrom({}));
    });
  audit
    .command('checkpoint')
    .description('record the chain head now (store and PARAPET_AUDIT_CHECKPOINT_FILE)')
    .action(async () => {
      const { runAuditCheckpoint } = await import('./cli/audit.js');
      await runAuditCheckpoint(await configFrom({}));
    });
  audit
    .command('export')
    .option('--since <time>', 'ISO time to start from')
    .option('--format <format>', 'jsonl', 'jsonl')
    .action(async (o: { since?: string; format: string }) => {
      const { runAuditExport } = await import('./cli/audit.js');
      await runAuditExport(o, await configFrom({}));
    });
  audit
    .command('purge')
    .description('delete events past retention; verify then starts at the recorded anchor')
    .option('--older-than-days <n>', 'default PARAPET_AUDIT_RETENTION_DAYS')
    .action(async (o: { olderThanDays?: string }) => {
      const { runAuditPurge } = await import('./cli/audit.js');
      await runAuditPurge(o, await configFrom({}));
    });
  return program;
}

async function main(): Promise<void> {
  try {
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) process.exit(error.exitCode === 0 ? 0 : 2);
    if (isGatewayError(error)) {
      process.stderr.write(`parapet: ${error.code}: ${error.message}\n`);
      process.exit(error.code === 'policy_invalid' || error.code === 'tune_refused' ? 1 : 2);
    }
    process.stderr.write(`parapet: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

process.on('unhandledRejection', (reason) => {
  process.stderr.write(
    `parapet: unhandled rejection (${reason instanceof Error ? reason.name : typeof reason}); exiting\n`,
  );
  process.exit(70);
});

// `parapet audit export | head`: the reader left, which is how a pipe ends, not a failure.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  process.stderr.write(`parapet: cannot write to standard output (${err.code ?? err.name})\n`);
  process.exit(1);
});

await main();
