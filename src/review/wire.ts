/**
 * The review API's JSON: snake_case like the rest of the HTTP surface (`next_cursor`,
 * `request_id`). Audit events are converted key by key; threshold maps are kept as they are,
 * because their keys are category names, not field names.
 */
import type { StoredAuditEvent } from '../audit/types.js';
import type { DecisionSummary, Label, StatsRow } from '../audit/review-types.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

const CAMEL = /^[a-z]+(?:[A-Z][a-z0-9]*)+$/;
const KEEP_KEYS_OF = new Set(['threshold']);

export function snakeKey(key: string): string {
  return CAMEL.test(key) ? key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) : key;
}

export function toSnake(value: unknown): Json {
  if (Array.isArray(value)) return value.map(toSnake);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [key, v] of Object.entries(value)) {
      if (v === undefined) continue;
      out[snakeKey(key)] = KEEP_KEYS_OF.has(key) ? (v as Json) : toSnake(v);
    }
    return out;
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    return value;
  }
  return null;
}

export const summaryJson = (s: DecisionSummary): Json => toSnake(s);
export const labelJson = (l: Label): Json => toSnake(l);
export const eventJson = (e: StoredAuditEvent): Json => toSnake(e);
export const statsRowJson = (r: StatsRow): Json => toSnake(r);
