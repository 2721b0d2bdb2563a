/**
 * The review side of the Postgres audit store (src/audit/review-types.ts). The queue and stats
 * SQL is shared with SQLite (review-sql.ts); a label is one statement, so concurrent reviewers
 * on several replicas cannot leave a label without its state row.
 */
import type { Pool } from 'pg';
import type {
  DecisionPage,
  DecisionQuery,
  Label,
  ProductScope,
  ReviewStore,
  StatsQuery,
  StatsRow,
} from '../../review-types.js';
import { asPgError } from './postgres-db.js';
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
} from '../review-sql.js';
import { decodeRow, type EventRow } from '../sqlite/sqlite-rows.js';
import type { StoredAuditEvent } from '../../types.js';

const EXPORT_PAGE = 500;

// The newest label decides the state, whichever of two concurrent inserts commits last.
const ADD_LABEL = (scoped: boolean) => `WITH target AS (
    SELECT seq, product FROM audit_events WHERE id = $1
  ), label AS (
    INSERT INTO review_labels (id, seq, decision_id, verdict, note, reviewer, time)
    SELECT $2, seq, $1, $3, $4, $5, $6 FROM target ${scoped ? 'WHERE product = ANY($7::text[])' : ''}
    RETURNING n, seq, verdict
  )
  INSERT INTO review_state AS s (seq, verdict, label_n, labels)
  SELECT seq, verdict, n, 1 FROM label
  ON CONFLICT (seq) DO UPDATE SET
    verdict = CASE WHEN excluded.label_n > s.label_n THEN excluded.verdict ELSE s.verdict END,
    label_n = GREATEST(s.label_n, excluded.label_n),
    labels = s.labels + 1
  RETURNING seq`;

export class PostgresReview implements ReviewStore {
  constructor(
    private readonly pool: Pool,
    private readonly assertOpen: () => void,
  ) {}

  async listDecisions(query: DecisionQuery): Promise<DecisionPage> {
    if (emptyScope(query.scope)) return { items: [], nextCursor: null };
    const sql = listDecisionsSql('postgres', query);
    return toPage(await this.all<SummaryRow>(sql), query.limit);
  }

  async getDecision(
    id: string,
    scope: ProductScope,
  ): Promise<{ event: StoredAuditEvent; labels: Label[] } | undefined> {
    const [row] = await this.all<EventRow>({
      text: 'SELECT * FROM audit_events WHERE id = $1',
      values: [id],
    });
    if (row === undefined || !inScope(scope, row.product)) return undefined;
    const labels = await this.all<LabelRow>({
      text: `SELECT id, decision_id, verdict, note, reviewer, time FROM review_labels
        WHERE seq = $1 ORDER BY n`,
      values: [row.seq],
    });
    return { event: decodeRow(row), labels: labels.map(toLabel) };
  }

  async addLabel(label: Omit<Label, 'id' | 'time'>, scope: ProductScope): Promise<Label> {
    const complete = newLabel(label);
    if (emptyScope(scope)) throw decisionNotFound();
    const values: (string | null | readonly string[])[] = [
      complete.decisionId,
      complete.id,
      complete.verdict,
      complete.note,
      complete.reviewer,
      complete.time,
    ];
    if (scope !== 'all') values.push(scope);
    this.assertOpen();
    let stored: number;
    try {
      stored = (await this.pool.query(ADD_LABEL(scope !== 'all'), values)).rowCount ?? 0;
    } catch (error) {
      throw asPgError('review query failed', error);
    }
    if (stored === 0) throw decisionNotFound();
    return complete;
  }

  async stats(query: StatsQuery): Promise<StatsRow[]> {
    if (emptyScope(query.scope)) return [];
    const [counts, labels] = await Promise.all([
      this.all<StatsCountRow>(statsCountsSql('postgres', query)),
      this.all<StatsLabelRow>(statsLabelsSql('postgres', query)),
    ]);
    return mergeStats(counts, labels, query.bucket);
  }

  async *labeled(scope: ProductScope): AsyncGenerator<{ event: StoredAuditEvent; label: Label }> {
    if (emptyScope(scope)) return;
    let after = 0;
    for (;;) {
      const rows = await this.all<LabeledRow>(
        labeledPageSql('postgres', scope, after, EXPORT_PAGE),
      );
      for (const row of rows) yield toLabeled(row);
      const last = rows.at(-1);
      if (last === undefined || rows.length < EXPORT_PAGE) return;
      after = last.seq;
    }
  }

  private async all<T>(query: SqlQuery): Promise<T[]> {
    this.assertOpen();
    try {
      const result = await this.pool.query(query.text, [...query.values]);
      return result.rows as T[];
    } catch (error) {
      throw asPgError('review query failed', error);
    }
  }
}
