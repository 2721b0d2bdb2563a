/**
 * The review queries, written once for both audit stores. SQLite and Postgres share the schema
 * shape (text times in Date#toISOString form, 0/1 integer flags), so only the placeholder style
 * differs. Each query is driven by the table whose index already holds the rows in the wanted
 * order (newest first, keyset on seq), so the first page costs the same at any table size.
 */
import { GatewayError } from '../../errors.js';
import type { Action } from '../../contract/types.js';
import type { DecisionQuery, ProductScope, StatsQuery } from '../review-types.js';

export type Dialect = 'sqlite' | 'postgres';
export type SqlValue = string | number;

export interface SqlQuery {
  readonly text: string;
  readonly values: readonly SqlValue[];
}

/** Collects bound values and hands out the dialect's placeholder for each. */
class Params {
  readonly values: SqlValue[] = [];
  constructor(private readonly dialect: Dialect) {}

  add(value: SqlValue): string {
    this.values.push(value);
    return this.dialect === 'sqlite' ? '?' : `$${this.values.length}`;
  }

  list(values: readonly SqlValue[]): string {
    return values.map((value) => this.add(value)).join(', ');
  }
}

export const MAX_PAGE = 200;
const ACTIONS: ReadonlySet<string> = new Set<Action>(['allow', 'flag', 'redact', 'block']);

export function encodeCursor(seq: number): string {
  return Buffer.from(`s${seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): number {
  const match = /^s(\d{1,15})$/u.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (match?.[1] === undefined) {
    throw new GatewayError('invalid_request', { detail: 'cursor is not valid' });
  }
  return Number(match[1]);
}

/** An empty product list can see nothing; callers return early instead of querying. */
export function emptyScope(scope: ProductScope): boolean {
  return scope !== 'all' && scope.length === 0;
}

function scopeCondition(scope: ProductScope, params: Params): string | undefined {
  return scope === 'all' ? undefined : `e.product IN (${params.list(scope)})`;
}

function timeConditions(query: { from?: string; to?: string }, params: Params): string[] {
  const out: string[] = [];
  if (query.from !== undefined) out.push(`e.time >= ${params.add(isoTime(query.from, 'from'))}`);
  if (query.to !== undefined) out.push(`e.time < ${params.add(isoTime(query.to, 'to'))}`);
  return out;
}

/** Stored times come from Date#toISOString; bounds must have the same form to compare as text. */
function isoTime(value: string, name: string): string {
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) {
    throw new GatewayError('invalid_request', { detail: `${name} is not an ISO date/time` });
  }
  return time.toISOString();
}

export function pageLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new GatewayError('invalid_request', { detail: 'limit must be a positive integer' });
  }
  return Math.min(limit, MAX_PAGE);
}

function whereClause(conditions: readonly string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

/** The queue's columns; `event` gives the triage fields (rule, score, snippet, mode). */
const SUMMARY_COLUMNS =
  'e.seq, e.id, e.time, e.product, e.route, e.action, e.flagged, e.fired, e.event';

/**
 * One page of the queue plus one row, which tells whether a next page exists. The driving table:
 * labeled decisions come from review_state, a scanner filter from audit_event_scanners, the rest
 * from the queued rows of audit_events; each has a (…, seq) index for the order. CROSS JOIN
 * (with the join condition in WHERE) makes SQLite keep that table outermost whatever its
 * statistics say; to Postgres it is an ordinary inner join.
 */
export function listDecisionsSql(dialect: Dialect, query: DecisionQuery): SqlQuery {
  const params = new Params(dialect);
  const where: string[] = [];
  let from: string;
  let order: string;
  if (query.state === 'labeled') {
    from = 'review_state r CROSS JOIN audit_events e';
    order = 'r.seq';
    where.push('e.seq = r.seq');
    if (query.scanner !== undefined) {
      where.push(
        `EXISTS (SELECT 1 FROM audit_event_scanners s WHERE s.seq = e.seq AND s.scanner = ${params.add(query.scanner)})`,
      );
    }
  } else if (query.scanner !== undefined) {
    from =
      'audit_event_scanners s CROSS JOIN audit_events e LEFT JOIN review_state r ON r.seq = e.seq';
    order = 's.seq';
    where.push('e.seq = s.seq', `s.scanner = ${params.add(query.scanner)}`, 's.queued = 1');
  } else {
    from = 'audit_events e LEFT JOIN review_state r ON r.seq = e.seq';
    order = 'e.seq';
    where.push('e.queued = 1');
  }
  if (query.state === 'pending') where.push('r.seq IS NULL');
  const scope = scopeCondition(query.scope, params);
  // Several products: SQLite would fetch every queued row of them and sort; the unary + makes it
  // walk the queue index newest first and filter instead, which stops after one page.
  if (scope !== undefined)
    where.push(dialect === 'sqlite' && query.scope.length > 1 ? `+${scope}` : scope);
  if (query.product !== undefined) where.push(`e.product = ${params.add(query.product)}`);
  if (query.action !== undefined) {
    if (!ACTIONS.has(query.action)) {
      throw new GatewayError('invalid_request', { detail: 'action is not valid' });
    }
    where.push(`e.action = ${params.add(query.action)}`);
  }
  where.push(...timeConditions(query, params));
  if (query.cursor !== undefined)
    where.push(`${order} < ${params.add(decodeCursor(query.cursor))}`);
  const limit = params.add(pageLimit(query.limit) + 1);
  return {
    text: `SELECT ${SUMMARY_COLUMNS}, r.verdict FROM ${from} ${whereClause(where)}
      ORDER BY ${order} DESC LIMIT ${limit}`,
    values: params.values,
  };
}

/**
 * Stats are read at hour granularity: `from` rounds down and `to` up to a whole hour, so the
 * counters (audit_stats) and the label counts cover the same events.
 */
function hourBounds(query: StatsQuery): { from?: string; to?: string } {
  const out: { from?: string; to?: string } = {};
  if (query.from !== undefined) out.from = isoTime(query.from, 'from').slice(0, 13);
  if (query.to !== undefined) {
    const to = isoTime(query.to, 'to');
    const hour = to.slice(0, 13);
    // An exclusive bound on the hour excludes that hour; anything later includes it.
    out.to = to.endsWith(':00:00.000Z') ? hour : `${hour}~`;
  }
  return out;
}

function hourConditions(column: string, query: StatsQuery, params: Params): string[] {
  const bounds = hourBounds(query);
  const out: string[] = [];
  if (bounds.from !== undefined) out.push(`${column} >= ${params.add(bounds.from)}`);
  if (bounds.to !== undefined) out.push(`${column} < ${params.add(bounds.to)}`);
  return out;
}

/**
 * Decisions, flagged and blocked per bucket, product and scanner (`*` = all decisions of the
 * product), from the hourly counters the append transaction keeps: milliseconds at any size.
 * A scanner row counts the decisions that scanner fired on; rates are relative to the `*` row.
 */
export function statsCountsSql(dialect: Dialect, query: StatsQuery): SqlQuery {
  const width = query.bucket === 'hour' ? 13 : 10;
  const params = new Params(dialect);
  const where = hourConditions('hour', query, params);
  if (query.scope !== 'all') where.push(`product IN (${params.list(query.scope)})`);
  return {
    text: `SELECT substr(hour, 1, ${width}) AS bucket, product, scanner, sum(decisions) AS decisions,
        sum(flagged) AS flagged, sum(blocked) AS blocked, sum(adapter_changes) AS adapter_changes
      FROM audit_stats ${whereClause(where)} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
    values: params.values,
  };
}

/** Labeled decisions per bucket, product and scanner, driven by the (small) label state table. */
export function statsLabelsSql(dialect: Dialect, query: StatsQuery): SqlQuery {
  const width = query.bucket === 'hour' ? 13 : 10;
  const params = new Params(dialect);
  const part = (scannerColumn: string, join: string, joinCondition: string): string => {
    const where = ['e.seq = r.seq', ...hourConditions('substr(e.time, 1, 13)', query, params)];
    if (joinCondition !== '') where.push(joinCondition);
    const scope = scopeCondition(query.scope, params);
    if (scope !== undefined) where.push(scope);
    return `SELECT substr(e.time, 1, ${width}) AS bucket, e.product AS product,
        ${scannerColumn} AS scanner, count(*) AS labeled,
        sum(CASE WHEN r.verdict = 'false_positive' THEN 1 ELSE 0 END) AS false_positives,
        sum(CASE WHEN r.verdict = 'missed' THEN 1 ELSE 0 END) AS missed
      FROM review_state r CROSS JOIN audit_events e ${join} ${whereClause(where)}
      GROUP BY 1, 2, 3`;
  };
  return {
    text: `${part("'*'", '', '')} UNION ALL ${part('s.scanner', 'CROSS JOIN audit_event_scanners s', 's.seq = e.seq')}`,
    values: params.values,
  };
}

/** Bucket key (a prefix of an ISO time) → the bucket's start as a full ISO time. */
export function bucketStart(prefix: string, bucket: StatsQuery['bucket']): string {
  return bucket === 'hour' ? `${prefix}:00:00.000Z` : `${prefix}T00:00:00.000Z`;
}

/** Labeled decisions oldest first, a keyset page at a time, with the latest label of each. */
export function labeledPageSql(
  dialect: Dialect,
  scope: ProductScope,
  after: number,
  limit: number,
): SqlQuery {
  const params = new Params(dialect);
  const where = [`r.seq > ${params.add(after)}`];
  const scoped = scopeCondition(scope, params);
  if (scoped !== undefined) where.push(scoped);
  return {
    text: `SELECT e.*, l.id AS label_id, l.verdict AS label_verdict, l.note AS label_note,
        l.reviewer AS label_reviewer, l.time AS label_time
      FROM review_state r CROSS JOIN audit_events e CROSS JOIN review_labels l
      WHERE e.seq = r.seq AND l.n = r.label_n AND ${where.join(' AND ')}
      ORDER BY r.seq LIMIT ${params.add(limit)}`,
    values: params.values,
  };
}
