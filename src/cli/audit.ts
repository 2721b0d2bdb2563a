import { openAuditStore } from '../audit/stores/open-store.js';
import { writeCheckpoint } from '../audit/checkpoint-timer.js';
import { verifyCheckpoints } from '../audit/checkpoint-verify.js';
import { cutoffFor } from '../audit/retention.js';
import type { Config } from '../config.js';
import { GatewayError } from '../errors.js';
import { eventJson } from '../review/wire.js';

/**
 * Walks the chain, then checks it still reaches every recorded checkpoint (store and
 * PARAPET_AUDIT_CHECKPOINT_FILE): the chain walk cannot see deleted newest events on its own.
 * Exit 1 when either finds a problem.
 */
export async function runAuditVerify(
  options: { checkpointFile?: string },
  config: Config,
): Promise<void> {
  const store = await openAuditStore(config.audit);
  try {
    const report = await store.verify();
    const checkpoints = await verifyCheckpoints(store.checkpoints, {
      secret: config.secret,
      file: options.checkpointFile ?? config.audit_checkpoint_file,
    });
    const ok = report.ok && checkpoints.ok;
    process.stdout.write(JSON.stringify({ ...report, ok, checkpoints }) + '\n');
    if (!ok) process.exitCode = 1;
  } finally {
    await store.close();
  }
}

/** Records the head now (store and file) and prints it, e.g. from cron for another system. */
export async function runAuditCheckpoint(config: Config): Promise<void> {
  const store = await openAuditStore(config.audit);
  try {
    const checkpoint = await writeCheckpoint(store.checkpoints, {
      secret: config.secret,
      file: config.audit_checkpoint_file,
    });
    process.stdout.write(JSON.stringify(checkpoint ?? null) + '\n');
  } finally {
    await store.close();
  }
}

export async function runAuditExport(
  options: { since?: string; format: string },
  config: Config,
): Promise<void> {
  if (options.format !== 'jsonl')
    throw new GatewayError('usage_invalid', { detail: '--format must be jsonl' });
  if (options.since !== undefined && Number.isNaN(Date.parse(options.since))) {
    throw new GatewayError('usage_invalid', { detail: '--since must be an ISO date or time' });
  }
  const store = await openAuditStore(config.audit);
  try {
    const since = options.since === undefined ? undefined : new Date(options.since).toISOString();
    for await (const event of store.export(since === undefined ? {} : { since })) {
      // snake_case, like the HTTP API (the review API's eventJson).
      if (!process.stdout.write(JSON.stringify(eventJson(event)) + '\n')) {
        await new Promise((resolve) => process.stdout.once('drain', resolve));
      }
    }
  } finally {
    await store.close();
  }
}

/**
 * Deletes events older than the retention (flag, else audit_retention_days) and prints the
 * report, whose anchor is where `audit verify` starts from now.
 */
export async function runAuditPurge(
  options: { olderThanDays?: string },
  config: Config,
): Promise<void> {
  const days =
    options.olderThanDays === undefined
      ? config.audit_retention_days
      : Number(options.olderThanDays);
  if (!Number.isInteger(days) || days < 1) {
    throw new GatewayError('usage_invalid', {
      detail: 'give --older-than-days N (N >= 1) or set PARAPET_AUDIT_RETENTION_DAYS',
    });
  }
  const store = await openAuditStore(config.audit);
  try {
    const report = await store.purge(cutoffFor(days));
    process.stdout.write(JSON.stringify(report) + '\n');
  } finally {
    await store.close();
  }
}
