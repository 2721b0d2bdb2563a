/**
 * `PARAPET_AUDIT` → a store (DESIGN §9: `sqlite:<path>` | `postgres://…`). Error messages never
 * echo the spec: a Postgres URL carries a password.
 */
import type { ReviewStore } from '../review-types.js';
import type { WithSessions } from '../session-types.js';
import { openPostgresAuditStore } from './postgres/postgres-store.js';
import { openSqliteAuditStore } from './sqlite/sqlite-store.js';
import type { AuditRetention, AuditStore, CheckpointStore } from '../types.js';

/**
 * Every store offers the audit trail, the review queue (labels, stats), sessions, retention and
 * checkpoints.
 */
export type OpenedAuditStore = AuditStore &
  ReviewStore &
  AuditRetention &
  WithSessions & { readonly checkpoints: CheckpointStore };

export interface OpenStoreOptions {
  /** Share of unflagged, unblocked decisions queued for review (config `review_sample`). */
  readonly reviewSample?: number;
}

/** `sqlite:<path>`, where `sqlite:///abs/path` and `sqlite://rel/path` are accepted too. */
function sqlitePath(spec: string): string {
  const rest = spec.slice('sqlite:'.length);
  const path = rest.startsWith('//') ? rest.slice(2) : rest;
  if (path === '') {
    throw new Error('audit store "sqlite:" needs a path, e.g. sqlite:./data/audit.db');
  }
  return path;
}

export function openAuditStore(
  spec: string,
  options: OpenStoreOptions = {},
): Promise<OpenedAuditStore> {
  try {
    const trimmed = spec.trim();
    if (trimmed.startsWith('sqlite:')) {
      return Promise.resolve(openSqliteAuditStore(sqlitePath(trimmed), options));
    }
    if (/^postgres(?:ql)?:\/\//iu.test(trimmed)) {
      // openPostgresAuditStore's errors carry only a driver code, never the URL.
      return openPostgresAuditStore(trimmed, options);
    }
    throw new Error('unknown audit store; expected sqlite:<path> or postgres://…');
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error('cannot open audit store'));
  }
}
