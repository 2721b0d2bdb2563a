/**
 * The embedded audit store: SQLite through better-sqlite3 (DESIGN §7), WAL, synchronous=NORMAL.
 *
 * Group commit (DESIGN §8b: one synchronous insert per request cost ~25 % of proxy throughput):
 * append() only queues; one transaction per event-loop turn writes everything queued, linking the
 * hash chain in order, and settles every promise of the batch after COMMIT. With
 * synchronous=NORMAL a commit survives a process crash; an OS crash or power loss may lose the
 * last commits (WAL frames not yet synced), never corrupt older ones.
 *
 * better-sqlite3 is synchronous: a flush blocks the event loop for its duration, and so does a
 * wait for another connection's lock (busy_timeout) — keep that timeout short.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { ReviewStore } from '../../review-types.js';
import type { ReviewSessionStore, WithSessions } from '../../session-types.js';
import { walkChain } from '../chain-walk.js';
import { checkSampleRate, DEFAULT_REVIEW_SAMPLE } from '../review-queue.js';
import { prepareAppend, readAnchorRow, type PendingEvent } from './sqlite-append.js';
import { SqliteCheckpoints } from './sqlite-checkpoints.js';
import { asStoreError, canTakeWriteLock, openDatabase, storeError } from './sqlite-db.js';
import { prepareSqlitePurge } from './sqlite-retention.js';
import { SqliteReview } from './sqlite-review.js';
import { SqliteSessions } from './sqlite-sessions.js';
import { appendJson, decodeRow, normalizeSince, type EventRow } from './sqlite-rows.js';
import type {
  AuditEvent,
  AuditRetention,
  AuditStore,
  ChainAnchor,
  CheckpointStore,
  PurgeReport,
  StoredAuditEvent,
  VerifyReport,
} from '../../types.js';

/** What the SQLite store offers: the audit trail, the review queue, sessions, retention, checkpoints. */
export type SqliteStore = AuditStore &
  ReviewStore &
  AuditRetention &
  WithSessions & { readonly checkpoints: CheckpointStore };

export interface SqliteAuditStoreOptions {
  /** How long a write waits for another connection's lock; the event loop is blocked meanwhile. */
  readonly busyTimeoutMs?: number;
  /** Upper bound on events per transaction; the rest go in the next turn's transaction. */
  readonly maxBatchSize?: number;
  /** Share of unflagged, unblocked decisions queued for review (PARAPET_REVIEW_SAMPLE). */
  readonly reviewSample?: number;
  /** Called after each group commit attempt, e.g. for a batch-size histogram. */
  readonly onBatch?: (batch: {
    readonly size: number;
    readonly ok: boolean;
    readonly ms: number;
  }) => void;
}

interface Pending extends PendingEvent {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

interface Head {
  readonly seq: number;
  readonly hash: string;
}

const PAGE_SIZE = 500;
const DEFAULT_BUSY_TIMEOUT_MS = 2000;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

class SqliteAuditStore implements SqliteStore {
  private queue: Pending[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly maxBatchSize: number;
  private readonly onBatch: SqliteAuditStoreOptions['onBatch'];
  private readonly selectHead: Statement<[], Head>;
  private readonly selectById: Statement<[string], EventRow>;
  private readonly selectPage: Statement<[number, number, number], EventRow>;
  private readonly selectPageSince: Statement<[number, string, number], EventRow>;
  private readonly writeBatch: (batch: readonly Pending[]) => (Error | undefined)[];
  private readonly review: SqliteReview;
  readonly sessions: ReviewSessionStore;
  readonly checkpoints: CheckpointStore;
  private readonly purgeOld: ReturnType<typeof prepareSqlitePurge>;

  constructor(
    private readonly db: Database,
    options: SqliteAuditStoreOptions,
  ) {
    this.maxBatchSize = options.maxBatchSize ?? 1000;
    this.onBatch = options.onBatch;
    this.selectHead = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
    this.selectById = db.prepare('SELECT * FROM audit_events WHERE id = ?');
    this.selectPage = db.prepare(
      'SELECT * FROM audit_events WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?',
    );
    this.selectPageSince = db.prepare(
      'SELECT * FROM audit_events WHERE seq > ? AND time >= ? ORDER BY seq LIMIT ?',
    );
    const write = db.transaction(
      prepareAppend(db, checkSampleRate(options.reviewSample ?? DEFAULT_REVIEW_SAMPLE)),
    );
    // IMMEDIATE: the head read and the inserts happen under the write lock, so a second process
    // writing the same file extends the chain instead of forking it.
    this.writeBatch = (batch) => write.immediate(batch);
    const assertOpen = this.assertOpen.bind(this);
    this.review = new SqliteReview(db, assertOpen);
    this.sessions = new SqliteSessions(db, assertOpen);
    this.checkpoints = new SqliteCheckpoints(db, assertOpen);
    this.purgeOld = prepareSqlitePurge(db);
  }

  listDecisions: ReviewStore['listDecisions'] = (query) => this.review.listDecisions(query);
  getDecision: ReviewStore['getDecision'] = (id, scope) => this.review.getDecision(id, scope);
  addLabel: ReviewStore['addLabel'] = (label, scope) => this.review.addLabel(label, scope);
  stats: ReviewStore['stats'] = (query) => this.review.stats(query);
  labeled: ReviewStore['labeled'] = (scope) => this.review.labeled(scope);

  async purge(before: string): Promise<PurgeReport> {
    try {
      return await this.purgeOld(before, this.assertOpen.bind(this));
    } catch (error) {
      throw asStoreError('audit purge failed', error);
    }
  }

  append(event: AuditEvent): Promise<void> {
    if (this.closed) return Promise.reject(new Error('audit store is closed'));
    const json = appendJson(event);
    if (json instanceof Error) return Promise.reject(json);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ event, json, resolve, reject });
      this.scheduleFlush();
    });
  }

  async *export(options: { since?: string } = {}): AsyncGenerator<StoredAuditEvent> {
    const since = options.since === undefined ? undefined : normalizeSince(options.since);
    // Keyset pages instead of one open cursor: better-sqlite3 refuses other statements on a
    // connection while an iterator is open, and appends must keep flushing during a long export.
    let after = 0;
    for (;;) {
      const rows = this.readPage(after, since);
      for (const row of rows) yield decodeRow(row);
      const last = rows.at(-1);
      if (last === undefined || rows.length < PAGE_SIZE) return;
      after = last.seq;
      // A fast consumer would otherwise run page after page on microtasks and starve the loop.
      await nextTurn();
    }
  }

  get(id: string): Promise<StoredAuditEvent | undefined> {
    try {
      this.assertOpen();
      const row = this.selectById.get(id);
      return Promise.resolve(row === undefined ? undefined : decodeRow(row));
    } catch (error) {
      return Promise.reject(asStoreError('audit read failed', error));
    }
  }

  async verify(): Promise<VerifyReport> {
    const anchor = this.readAnchor();
    const report = await this.verifyFrom(anchor);
    // A purge by another process between reading the anchor and the first page looks like a
    // deleted event; if the anchor moved meanwhile, walk again from the new one.
    const now = this.readAnchor();
    return report.ok || now?.seq === anchor?.seq ? report : this.verifyFrom(now);
  }

  private verifyFrom(anchor: ChainAnchor | undefined): Promise<VerifyReport> {
    // Bounded by the head at the start, so a busy gateway cannot keep verify running forever.
    const end = this.readHead()?.seq ?? 0;
    let first = true;
    return walkChain(anchor, async (after) => {
      // Requests (and their audit appends) keep flowing during a long walk.
      if (!first) await nextTurn();
      first = false;
      return after < end ? this.readPage(after, undefined, end) : [];
    });
  }

  private readAnchor(): ChainAnchor | undefined {
    this.assertOpen();
    try {
      return readAnchorRow(this.db);
    } catch (error) {
      throw storeError('audit read failed', error);
    }
  }

  healthy(): Promise<boolean> {
    return Promise.resolve(!this.closed && canTakeWriteLock(this.db));
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    try {
      // Everything append() accepted is written (or rejected) before the handle goes away.
      while (this.queue.length > 0) this.flushOne();
      this.db.close();
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(storeError('audit store close failed', error));
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('audit store is closed');
  }

  private readHead(): Head | undefined {
    this.assertOpen();
    try {
      return this.selectHead.get();
    } catch (error) {
      throw storeError('audit read failed', error);
    }
  }

  private readPage(after: number, since: string | undefined, end?: number): EventRow[] {
    this.assertOpen();
    try {
      return since === undefined
        ? this.selectPage.all(after, end ?? Number.MAX_SAFE_INTEGER, PAGE_SIZE)
        : this.selectPageSince.all(after, since, PAGE_SIZE);
    } catch (error) {
      throw storeError('audit read failed', error);
    }
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.queue.length === 0 || !this.db.open) return;
      this.flushOne();
      // One transaction per turn keeps each event-loop stall short under a burst.
      if (this.queue.length > 0) this.scheduleFlush();
    });
  }

  private flushOne(): void {
    const batch = this.queue.splice(0, this.maxBatchSize);
    const started = performance.now();
    let results: (Error | undefined)[];
    try {
      results = this.writeBatch(batch);
    } catch (error) {
      // Rolled back as a whole: no event of the batch is stored and the chain head (read from
      // the database inside the transaction) has not moved.
      this.reportBatch(batch.length, false, started);
      const failure = storeError('audit store write failed', error);
      for (const pending of batch) pending.reject(failure);
      return;
    }
    this.reportBatch(batch.length, true, started);
    batch.forEach((pending, index) => {
      const error = results[index];
      if (error === undefined) pending.resolve();
      else pending.reject(error);
    });
  }

  private reportBatch(size: number, ok: boolean, started: number): void {
    try {
      this.onBatch?.({ size, ok, ms: performance.now() - started });
    } catch {
      // A metrics callback must not leave the batch's promises unsettled.
    }
  }
}

/**
 * Opens (creating if needed) the audit database at `path`, or `:memory:`. Throws a plain Error
 * when the file cannot be opened or migrated; the caller maps it to `audit_unavailable`.
 */
export function openSqliteAuditStore(
  path: string,
  options: SqliteAuditStoreOptions = {},
): SqliteStore {
  const db = openDatabase(path, options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
  return new SqliteAuditStore(db, options);
}
