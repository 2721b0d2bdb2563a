/**
 * Reviewer sessions for the review pages, kept server-side in the audit store (beside the labels
 * reviewers write), so a restart keeps reviewers signed in and, with Postgres, any replica serves
 * any reviewer.
 *
 * Why not a cookie signed with PARAPET_SECRET: logout and token revocation must end a session at
 * once. A signed cookie stays valid until it expires unless the server keeps a deny-list, which
 * is server state again, and it needs a secret to be configured and rotated. Sessions expire
 * after 30 idle minutes and 12 hours at most.
 *
 * The cookie holds a random 256-bit id; the store is keyed by its sha256, so the table holds
 * nothing that would authenticate. The CSRF synchronizer token is derived from the id the same
 * way under another prefix: nothing more to store, and the stored hash does not reveal it.
 *
 * Fail closed: every method rejects when the store does, and callers refuse the request.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ReviewSessionStore } from '../audit/session-types.js';

export const IDLE_MS = 30 * 60_000;
export const MAX_AGE_MS = 12 * 60 * 60_000;
/**
 * A page view records activity only when the last record is older than this: a write per view
 * would make every click a store write (a network round trip on Postgres) for no gain, at the
 * cost of an idle timeout up to this much early.
 */
export const TOUCH_MS = 60_000;

export interface Session {
  readonly reviewerId: string;
  readonly csrf: string;
  readonly createdAt: number;
  readonly lastSeen: number;
}

const digest = (value: string) => createHash('sha256').update(value).digest('base64url');
/** The key the store knows a session by. */
export const sessionHash = (id: string) => digest(`session\n${id}`);
const csrfOf = (id: string) => digest(`csrf\n${id}`);

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison of two tokens (length is not secret: all ours are 43 characters). */
export function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

export class SessionStore {
  constructor(
    private readonly store: ReviewSessionStore,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts a session and returns the id to put in the cookie; expired sessions go first. */
  async create(reviewerId: string): Promise<{ id: string; session: Session }> {
    const at = this.now();
    await this.store.purgeSessions(at - IDLE_MS, at - MAX_AGE_MS);
    const id = randomToken();
    await this.store.putSession({
      hash: sessionHash(id),
      reviewer: reviewerId,
      createdAt: at,
      lastSeen: at,
    });
    return { id, session: { reviewerId, csrf: csrfOf(id), createdAt: at, lastSeen: at } };
  }

  /** The live session for a cookie value, refreshing its idle timer; undefined when expired. */
  async get(id: string): Promise<Session | undefined> {
    const hash = sessionHash(id);
    const stored = await this.store.getSession(hash);
    if (!stored) return undefined;
    const at = this.now();
    if (at - stored.lastSeen > IDLE_MS || at - stored.createdAt > MAX_AGE_MS) {
      await this.store.deleteSession(hash);
      return undefined;
    }
    let lastSeen = stored.lastSeen;
    if (at - lastSeen >= TOUCH_MS) {
      await this.store.touchSession(hash, at);
      lastSeen = at;
    }
    return { reviewerId: stored.reviewer, csrf: csrfOf(id), createdAt: stored.createdAt, lastSeen };
  }

  async delete(id: string): Promise<void> {
    await this.store.deleteSession(sessionHash(id));
  }
}
