/**
 * The review side of the SQLite audit store (src/audit/review-types.ts): the queue, labels,
 * stats and the labeled export, on the same connection as the events. The SQL is shared with
 * Postgres (review-sql.ts); this file only runs it.
 */
import type { Database, Statement } from 'better-sqlite3';
import type {
  DecisionPage,
  DecisionQuery,
  Label,
  ProductScope,
  ReviewStore,
  StatsQuery,
  StatsRow,
} from '../../review-types.js';
import {
  decisionNotFound,
  inScope,
  newLabel,
  toLabel,
  toLabeled,
  toPage,
  mergeStats,
  type LabeledRow,
  type LabelRow,
  type StatsCountRow,
  type StatsLabelRow,
  type SummaryRow,
} from '../review-rows.js';
import {
  emptyScope,
  labeledPageSql,
  listDecisionsSql,
  statsCountsSql,
  statsLabelsSql,
  type SqlQuery,
  type SqlValue,
} from '../review-sql.js';
import { asStoreError } from './sqlite-db.js';
import { decodeRow, type EventRow } from './sqlite-rows.js';
import type { StoredAuditEvent } from '../../types.js';

const EXPORT_PAGE = 200;
/** Distinct query texts kept prepared; filters and scope sizes make a bounded variety. */
const STATEMENT_CACHE = 64;

export class SqliteReview implements ReviewStore {
  private readonly statements = new Map<string, Statement<SqlValue[]>>();
  private readonly addLabelTx: (label: Label, scope: ProductScope) => void;

  constructor(
    private readonly db: Database,
    private readonly assertOpen: () => void,
  ) {
    const findEvent = db.prepare<[string], { seq: number; product: string }>(
      'SELECT seq, product FROM audit_events WHERE id = ?',
    );
    const insertLabel = db.prepare(
      `INSERT INTO review_labels (id, seq, decision_id, verdict, note, reviewer, time)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    const upsertState = db.prepare(
      `INSERT INTO review_state (seq, verdict, label_n, labels) VALUES (?, ?, ?, 1)
       ON CONFLICT (seq) DO UPDATE SET verdict = excluded.verdict, label_n = excluded.label_n,
         labels = labels + 1`,
    );
    const tx = db.transaction((label: Label, scope: ProductScope) => {
      const event = findEvent.get(label.decisionId);
      if (event === undefined || !inScope(scope, event.product)) throw decisionNotFound();
      const { lastInsertRowid } = insertLabel.run(
        label.id,
        event.seq,
        label.decisionId,
        label.verdict,
        label.note,
        label.reviewer,
        label.time,
      );
      upsertState.run(event.seq, label.verdict, lastInsertRowid);
    });
    this.addLabelTx = (label, scope) => {
      tx.immediate(label, scope);
    };
  }

  listDecisions(query: DecisionQuery): Promise<DecisionPage> {
    return this.guard(() => {
      if (emptyScope(query.scope)) return { items: [], nextCursor: null };
      return toPage(this.all<SummaryRow>(listDecisionsSql('sqlite', query)), query.limit);
    });
  }

  getDecision(
    id: string,
    scope: ProductScope,
  ): Promise<{ event: StoredAuditEvent; labels: Label[] } | undefined> {
    return this.guard(() => {
      const row = this.all<EventRow>({
        text: 'SELECT * FROM audit_events WHERE id = ?',
        values: [id],
      })[0];
      if (row === undefined || !inScope(scope, row.product)) return undefined;
      const labels = this.all<LabelRow>({
        text: `SELECT id, decision_id, verdict, note, reviewer, time FROM review_labels
          WHERE seq = ? ORDER BY n`,
        values: [row.seq],
      });
      return { event: decodeRow(row), labels: labels.map(toLabel) };
    });
  }

  addLabel(label: Omit<Label, 'id' | 'time'>, scope: ProductScope): Promise<Label> {
    return this.guard(() => {
      const complete = newLabel(label);
      this.addLabelTx(complete, scope);
      return complete;
    });
  }

  stats(query: StatsQuery): Promise<StatsRow[]> {
    return this.guard(() => {
      if (emptyScope(query.scope)) return [];
      const counts = this.all<StatsCountRow>(statsCountsSql('sqlite', query));
      const labels = this.all<StatsLabelRow>(statsLabelsSql('sqlite', query));
      return mergeStats(counts, labels, query.bucket);
    });
  }

  async *labeled(scope: ProductScope): AsyncGenerator<{ event: StoredAuditEvent; label: Label }> {
    if (emptyScope(scope)) return;
    let after = 0;
    for (;;) {
      const rows = await this.guard(() =>
        this.all<LabeledRow>(labeledPageSql('sqlite', scope, after, EXPORT_PAGE)),
      );
      for (const row of rows) yield toLabeled(row);
      const last = rows.at(-1);
      if (last === undefined || rows.length < EXPORT_PAGE) return;
      after = last.seq;
      // Appends keep flushing between pages (better-sqlite3 blocks the loop while a query runs).
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Runs synchronously, turning a throw into a rejection with a log-safe message. */
  private guard<T>(read: () => T): Promise<T> {
    try {
      this.assertOpen();
      return Promise.resolve(read());
    } catch (error) {
      return Promise.reject(asStoreError('review query failed', error));
    }
  }

  private all<T>(query: SqlQuery): T[] {
    let statement = this.statements.get(query.text);
    if (statement === undefined) {
      if (this.statements.size >= STATEMENT_CACHE) this.statements.clear();
      statement = this.db.prepare<SqlValue[]>(query.text);
      this.statements.set(query.text, statement);
    }
    return statement.all(...query.values) as T[];
  }
}
