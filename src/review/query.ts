/**
 * Query-string filters of the queue and the stats, parsed once for the API and the pages. A bad
 * value is a 400 naming the parameter, never echoing it.
 */
import { z } from 'zod';
import { GatewayError } from '../errors.js';
import type { Action } from '../contract/types.js';
import type { DecisionQuery, ProductScope, StatsQuery } from '../audit/review-types.js';

const NAME = /^[a-z0-9][a-z0-9-]{0,99}$/;
const ACTIONS = ['allow', 'flag', 'redact', 'block'] as const satisfies readonly Action[];
export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** `since` shortcuts the pages offer; the API takes `from`/`to` too. */
export const SINCE = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};
export type Since = keyof typeof SINCE;

/** A time without a zone, as `<input type="datetime-local">` sends it: the pages show UTC. */
const NO_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

const isoTime = z
  .string()
  .transform((v) => (NO_ZONE.test(v) ? `${v}Z` : v))
  .refine((v) => !Number.isNaN(Date.parse(v)), 'must be an ISO date/time')
  .transform((v) => new Date(v).toISOString());

const Filters = z.object({
  state: z.enum(['pending', 'labeled', 'all']).optional(),
  product: z.string().regex(NAME, 'must be a product name').optional(),
  scanner: z.string().regex(NAME, 'must be a scanner id').optional(),
  action: z.enum(ACTIONS).optional(),
  since: z.enum(Object.keys(SINCE) as [Since, ...Since[]]).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional(),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,200}$/, 'is not valid')
    .optional(),
});

export type Filters = z.infer<typeof Filters>;

/** Parses known parameters; empty values (blank form fields) count as absent. */
export function parseFilters(query: Record<string, unknown>): Filters {
  const present: Record<string, unknown> = {};
  for (const key of Object.keys(Filters.shape)) {
    const value = query[key];
    if (typeof value === 'string' && value !== '') present[key] = value;
    else if (value !== undefined && typeof value !== 'string') {
      throw new GatewayError('invalid_request', {
        detail: `query parameter ${key}: give it once`,
        param: key,
      });
    }
  }
  const parsed = Filters.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const param = issue?.path.join('.') ?? 'query';
    const detail = `query parameter ${param}: ${issue?.message ?? 'invalid'}`;
    throw new GatewayError('invalid_request', { detail, param });
  }
  const { from, to } = parsed.data;
  if (from !== undefined && to !== undefined && to <= from) {
    throw new GatewayError('invalid_request', {
      detail: 'query parameter to: must be later than from',
      param: 'to',
    });
  }
  return parsed.data;
}

/** The lower time bound: `from`, or `since` before now. */
function fromOf(filters: Filters, now: number): string | undefined {
  if (filters.from !== undefined) return filters.from;
  return filters.since ? new Date(now - SINCE[filters.since]).toISOString() : undefined;
}

export function decisionQuery(
  filters: Filters,
  scope: ProductScope,
  now = Date.now(),
): DecisionQuery {
  const from = fromOf(filters, now);
  return {
    scope,
    limit: filters.limit ?? DEFAULT_LIMIT,
    ...(filters.state && filters.state !== 'all' ? { state: filters.state } : {}),
    ...(filters.product ? { product: filters.product } : {}),
    ...(filters.scanner ? { scanner: filters.scanner } : {}),
    ...(filters.action ? { action: filters.action } : {}),
    ...(from ? { from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    ...(filters.cursor ? { cursor: filters.cursor } : {}),
  };
}

/** Hourly buckets up to two days, daily beyond (and when the range is open). */
export function statsQuery(filters: Filters, scope: ProductScope, now = Date.now()): StatsQuery {
  const from = fromOf(filters, now);
  const to = filters.to ?? new Date(now).toISOString();
  const span = from === undefined ? Infinity : Date.parse(to) - Date.parse(from);
  return {
    scope,
    bucket: span <= 2 * 86_400_000 ? 'hour' : 'day',
    ...(from ? { from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
  };
}

/** The filters as a query string (for links that keep them), without the cursor. */
export function filterString(filters: Filters): string {
  const params = new URLSearchParams();
  for (const key of ['state', 'product', 'scanner', 'action', 'since', 'from', 'to'] as const) {
    const value = filters[key];
    if (value !== undefined) params.set(key, value);
  }
  return params.toString();
}
