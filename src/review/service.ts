/** What the review API and pages both do: find the next item, label, export. */
import { z } from 'zod';
import type { StoredAuditEvent } from '../audit/types.js';
import { GatewayError } from '../errors.js';
import type { Stage } from '../contract/types.js';
import { exportRow } from './export.js';
import { decisionQuery, type Filters } from './query.js';
import type { Reviewer } from './reviewers.js';
import {
  VERDICTS,
  type Label,
  type ReviewStore,
  type StatsQuery,
  type StatsRow,
  type Verdict,
} from '../audit/review-types.js';

const LabelBody = z.object({
  verdict: z.enum(VERDICTS as [Verdict, ...Verdict[]], {
    error: 'must be correct, false_positive or missed',
  }),
  note: z
    .string()
    .max(2000, 'must be at most 2000 characters')
    .nullish()
    .transform((n) => (n === undefined || n === null || n.trim() === '' ? null : n.trim())),
});

export type LabelInput = z.output<typeof LabelBody>;

/** Validates a label body (JSON or form); the message names the field, never its value. */
export function parseLabel(body: unknown): LabelInput {
  const parsed = LabelBody.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new GatewayError('invalid_request', {
    detail: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
  });
}

/** Labels a decision the reviewer may see; 404 otherwise, so other products' ids do not leak. */
export async function labelDecision(
  store: ReviewStore,
  reviewer: Reviewer,
  id: string,
  input: LabelInput,
): Promise<Label> {
  const found = await store.getDecision(id, reviewer.scope);
  if (!found) throw new GatewayError('decision_not_found');
  return store.addLabel(
    { decisionId: id, verdict: input.verdict, note: input.note, reviewer: reviewer.id },
    reviewer.scope,
  );
}

/**
 * The next older decision of the queue under the same filters. The store's `to` bound (exclusive)
 * is set 1 ms past this decision, and rows at the same millisecond are told apart by seq.
 */
export async function nextDecision(
  store: ReviewStore,
  reviewer: Reviewer,
  filters: Filters,
  event: StoredAuditEvent,
): Promise<string | undefined> {
  const after = new Date(Date.parse(event.time) + 1).toISOString();
  const to = filters.to !== undefined && filters.to < after ? filters.to : after;
  // The page the reviewer came from does not matter: the search starts at this decision.
  let query = decisionQuery({ ...filters, cursor: undefined, to, limit: 20 }, reviewer.scope);
  for (let pages = 0; pages < 5; pages++) {
    const page = await store.listDecisions(query);
    const next = page.items.find((item) => item.seq < event.seq);
    if (next) return next.id;
    if (!page.nextCursor) return undefined;
    query = { ...query, cursor: page.nextCursor };
  }
  return undefined;
}

export function parseStage(value: unknown): Stage {
  if (value === undefined || value === 'input') return 'input';
  if (value === 'output') return 'output';
  throw new GatewayError('invalid_request', { detail: 'stage: must be input or output' });
}

/** JSONL lines of labeled decisions in the `parapet eval` schema (export.ts has the mapping). */
export async function* exportLines(
  store: ReviewStore,
  reviewer: Reviewer,
  stage: Stage,
): AsyncGenerator<string> {
  for await (const { event, label } of store.labeled(reviewer.scope)) {
    const row = exportRow(event, label, stage);
    if (row) yield JSON.stringify(row) + '\n';
  }
}

const HOUR = 3_600_000;
const TWO_DAYS = 48 * HOUR;
const MIN_HOURS = 12;

/**
 * Stats for the pages. A range over two days is read per day, unless its data covers less than
 * two days (a new product, day one): then per hour from the first hour with data, so the charts
 * draw lines instead of one dot on empty axes. The returned query's `from` starts the x axis:
 * the first hour with data, or twelve hours before the end when that is later.
 */
export async function statsForPage(
  review: ReviewStore,
  query: StatsQuery,
  now = Date.now(),
): Promise<{ readonly query: StatsQuery; readonly rows: readonly StatsRow[] }> {
  const rows = await review.stats(query);
  if (query.bucket === 'hour' || rows.length === 0) return { query, rows };
  const end = query.to === undefined ? now : Date.parse(query.to);
  const firstDay = rows.map((r) => r.bucket).sort()[0] ?? '';
  // Data that starts three or more days before the end covers two days whatever its hours.
  if (end - Date.parse(firstDay) >= TWO_DAYS + 86_400_000) return { query, rows };
  const from = query.from !== undefined && query.from > firstDay ? query.from : firstDay;
  const hourly = await review.stats({ ...query, bucket: 'hour', from });
  const firstHour = hourly.map((r) => r.bucket).sort()[0];
  if (firstHour === undefined || end - Date.parse(firstHour) >= TWO_DAYS) return { query, rows };
  // At least MIN_HOURS on the axis, so a first hour of data is drawn against the quiet ones.
  const early = new Date(Math.floor(end / HOUR) * HOUR - (MIN_HOURS - 1) * HOUR).toISOString();
  const start = early < firstHour ? early : firstHour;
  const axis = query.from !== undefined && query.from > start ? query.from : start;
  return { query: { ...query, bucket: 'hour', from: axis }, rows: hourly };
}
