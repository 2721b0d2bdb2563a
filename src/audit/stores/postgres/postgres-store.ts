/**
 * The audit store for several gateway replicas: PostgreSQL through `pg` (DESIGN §7). Same
 * contract, chain format and review queries as the SQLite store. Appends are group-committed
 * (postgres-append.ts): a commit costs an fsync on the server, shared by every event of a batch.
 */
import type { Pool } from 'pg';
import type { ReviewStore } from '../../review-types.js';
import type { ReviewSessionStore, WithSessions } from '../../session-types.js';
import { walkChain } from '../chain-walk.js';
import { writeBatch, type PgPending } from './postgres-append.js';
import { PostgresCheckpoints } from './postgres-checkpoints.js';
import {
  asPgError,
  openPool,
  pgError,
  readSnapshot,
  type PostgresPoolOptions,
} from './postgres-db.js';
import { purgePostgres, readAnchor } from './postgres-retention.js';
import { PostgresReview } from './postgres-review.js';
import { PostgresSessions } from './postgres-sessions.js';
import { checkSampleRate, DEFAULT_REVIEW_SAMPLE } from '../review-queue.js';
import { appendJson, decodeRow, normalizeSince, type EventRow } from '../sqlite/sqlite-rows.js';
import type {
  AuditEvent,
  AuditRetention,
  AuditStore,
  CheckpointStore,
  PurgeReport,
  StoredAuditEvent,
  VerifyReport,
} from '../../types.js';

export interface PostgresAuditStoreOptions extends PostgresPoolOptions {
  readonly reviewSample?: number;
  readonly maxBatchSize?: number;
  readonly onBatch?: (batch: {
    readonly size: number;
    readonly ok: boolean;
    readonly ms: number;
  }) => void;
}

const PAGE_SIZE = 1000;

class PostgresAuditStore implements AuditStore, ReviewStore, AuditRetention, WithSessions {
  private queue: PgPending[] = [];
  private flushing: Promise<void> | undefined;
  private closed = false;
  private readonly sampleRate: number;
  private readonly maxBatchSize: number;
  private readonly review: PostgresReview;
  readonly sessions: ReviewSessionStore;
  readonly checkpoints: CheckpointStore;

  constructor(
    private readonly pool: Pool,
    private readonly options: PostgresAuditStoreOptions,
  ) {
    this.sampleRate = checkSampleRate(options.reviewSample ?? DEFAULT_REVIEW_SAMPLE);
    this.maxBatchSize = options.maxBatchSize ?? 1000;
    const assertOpen = this.assertOpen.bind(this);
    this.review = new PostgresReview(pool, assertOpen);
    this.sessions = new PostgresSessions(pool, assertOpen);
    this.checkpoints = new PostgresCheckpoints(pool, assertOpen);
  }

  listDecisions: ReviewStore['listDecisions'] = (query) => this.review.listDecisions(query);
  getDecision: ReviewStore['getDecision'] = (id, scope) => this.review.getDecision(id, scope);
  addLabel: ReviewStore['addLabel'] = (label, scope) => this.review.addLabel(label, scope);
  stats: ReviewStore['stats'] = (query) => this.review.stats(query);
  labeled: ReviewStore['labeled'] = (scope) => this.review.labeled(scope);

  append(event: AuditEvent): Promise<void> {
    if (this.closed) return Promise.reject(new Error('audit store is closed'));
    const json = appendJson(event);
    if (json instanceof Error) return Promise.reject(json);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ event, json, resolve, reject });
      this.flushing ??= this.drain();
    });
  }

  async *export(options: { since?: string } = {}): AsyncGenerator<StoredAuditEvent> {
    const since = options.since === undefined ? undefined : normalizeSince(options.since);
    let after = 0;
    for (;;) {
      const rows = await this.rows(
        since === undefined
          ? 'SELECT * FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2'
          : 'SELECT * FROM audit_events WHERE seq > $1 AND time >= $3 ORDER BY seq LIMIT $2',
        since === undefined ? [after, PAGE_SIZE] : [after, PAGE_SIZE, since],
      );
      for (const row of rows) yield decodeRow(row);
      const last = rows.at(-1);
      if (last === undefined || rows.length < PAGE_SIZE) return;
      after = last.seq;
    }
  }

  async get(id: string): Promise<StoredAuditEvent | undefined> {
    const [row] = await this.rows('SELECT * FROM audit_events WHERE id = $1', [id]);
    return row === undefined ? undefined : decodeRow(row);
  }

  /**
   * One REPEATABLE READ snapshot for the whole walk, so a purge or appends by other replicas
   * meanwhile cannot look like a gap.
   */
  async verify(): Promise<VerifyReport> {
    this.assertOpen();
    return readSnapshot(this.pool, async (client) =>
      walkChain(await readAnchor(client), async (after) => {
        const { rows } = await client.query<EventRow>(
          'SELECT * FROM audit_events WHERE seq > $1 ORDER BY seq LIMIT $2',
          [after, PAGE_SIZE],
        );
        return rows;
      }),
    );
  }

  async healthy(): Promise<boolean> {
    if (this.closed) return false;
    try {
      await this.pool.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }

  async purge(before: string): Promise<PurgeReport> {
    try {
      return await purgePostgres(this.pool, before, () => {
        this.assertOpen();
      });
    } catch (error) {
      throw asPgError('audit purge failed', error);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Everything append() accepted is written (or rejected) before the pool goes away.
    await this.flushing;
    await this.pool.end();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('audit store is closed');
  }

  private async rows(text: string, values: readonly (string | number)[]): Promise<EventRow[]> {
    this.assertOpen();
    try {
      return (await this.pool.query<EventRow>(text, [...values])).rows;
    } catch (error) {
      throw asPgError('audit read failed', error);
    }
  }

  /** Writes batches until the queue is empty; one batch in flight at a time. */
  private async drain(): Promise<void> {
    // Let the current turn's appends join the first batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatchSize);
      await this.flushBatch(batch);
    }
    this.flushing = undefined;
  }

  private async flushBatch(batch: PgPending[]): Promise<void> {
    const started = performance.now();
    let pending = batch;
    try {
      // A batch with already-stored ids is rolled back; retry it without them (rare: a retry).
      for (;;) {
        const duplicates = await writeBatch(this.pool, pending, this.sampleRate);
        if (duplicates.size === 0) break;
        const failure = new Error('audit event id already exists');
        for (const index of duplicates) pending[index]?.reject(failure);
        pending = pending.filter((_, index) => !duplicates.has(index));
        if (pending.length === 0) break;
      }
    } catch (error) {
      this.report(batch.length, false, started);
      for (const item of pending)
        item.reject(error instanceof Error ? error : pgError('audit store write failed', error));
      return;
    }
    this.report(batch.length, true, started);
    for (const item of pending) item.resolve();
  }

  private report(size: number, ok: boolean, started: number): void {
    try {
      this.options.onBatch?.({ size, ok, ms: performance.now() - started });
    } catch {
      // A metrics callback must not leave the batch's promises unsettled.
    }
  }
}

export type PostgresStore = AuditStore &
  ReviewStore &
  AuditRetention &
  WithSessions & { readonly checkpoints: CheckpointStore };

/** Connects, migrates and returns the store; errors never contain the URL. */
export async function openPostgresAuditStore(
  url: string,
  options: PostgresAuditStoreOptions = {},
): Promise<PostgresStore> {
  checkSampleRate(options.reviewSample ?? DEFAULT_REVIEW_SAMPLE);
  const pool = await openPool(url, options);
  return new PostgresAuditStore(pool, options);
}
