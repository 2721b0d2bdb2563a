/**
 * Reviewer sessions for the review pages, kept server-side in memory (per gateway instance).
 *
 * Why not a cookie signed with PARAPET_SECRET: logout and token revocation must end a session at
 * once. A signed cookie stays valid until it expires unless the server keeps a deny-list, which
 * is server state again, and it needs a secret to be configured and rotated. The cost of memory:
 * a restart logs reviewers out, and several replicas need sticky sessions for the UI (the bearer
 * API works on any replica). Sessions expire after 30 idle minutes and 12 hours at most.
 *
 * The cookie holds a random 256-bit id; the map is keyed by its sha256, so the map itself holds
 * nothing that would authenticate. Each session carries its CSRF synchronizer token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const IDLE_MS = 30 * 60_000;
export const MAX_AGE_MS = 12 * 60 * 60_000;
/** Bounds memory whatever the login rate; the oldest sessions go first. */
const MAX_SESSIONS = 10_000;

export interface Session {
  readonly reviewerId: string;
  readonly csrf: string;
  readonly createdAt: number;
  lastSeen: number;
}

const digest = (id: string) => createHash('sha256').update(id).digest('base64url');

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
  readonly #sessions = new Map<string, Session>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Starts a session and returns the id to put in the cookie. */
  create(reviewerId: string): { id: string; session: Session } {
    this.#prune();
    const id = randomToken();
    const at = this.now();
    const session: Session = { reviewerId, csrf: randomToken(), createdAt: at, lastSeen: at };
    this.#sessions.set(digest(id), session);
    return { id, session };
  }

  /** The live session for a cookie value, refreshing its idle timer; undefined when expired. */
  get(id: string): Session | undefined {
    const key = digest(id);
    const session = this.#sessions.get(key);
    if (!session) return undefined;
    const at = this.now();
    if (at - session.lastSeen > IDLE_MS || at - session.createdAt > MAX_AGE_MS) {
      this.#sessions.delete(key);
      return undefined;
    }
    session.lastSeen = at;
    return session;
  }

  delete(id: string): void {
    this.#sessions.delete(digest(id));
  }

  get size(): number {
    return this.#sessions.size;
  }

  #prune(): void {
    const at = this.now();
    for (const [key, s] of this.#sessions) {
      if (at - s.lastSeen > IDLE_MS || at - s.createdAt > MAX_AGE_MS) this.#sessions.delete(key);
    }
    // Map iteration is insertion order: the first keys are the oldest sessions.
    for (const key of this.#sessions.keys()) {
      if (this.#sessions.size < MAX_SESSIONS) break;
      this.#sessions.delete(key);
    }
  }
}
