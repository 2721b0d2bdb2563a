/**
 * Reviewer sign-in sessions kept in the audit store (issue 18 item 12), beside the labels those
 * reviewers write: a restart keeps reviewers signed in, and with Postgres every replica sees the
 * same sessions, so the review UI needs no sticky routing. The store holds only the sha256 of
 * the cookie value; reading the table never yields a working cookie.
 */

export interface StoredSession {
  /** sha256 (base64url) of the session cookie's value. */
  readonly hash: string;
  /** Reviewer token id (never the token). */
  readonly reviewer: string;
  /** Milliseconds since the epoch. */
  readonly createdAt: number;
  readonly lastSeen: number;
}

/** Every method rejects when the store cannot be read or written: callers then refuse entry. */
export interface ReviewSessionStore {
  putSession(session: StoredSession): Promise<void>;
  getSession(hash: string): Promise<StoredSession | undefined>;
  touchSession(hash: string, lastSeen: number): Promise<void>;
  deleteSession(hash: string): Promise<void>;
  /** Deletes sessions idle since before `idleBefore` or started before `startedBefore`. */
  purgeSessions(idleBefore: number, startedBefore: number): Promise<number>;
}

/** What each audit store offers besides the trail: its sessions side. */
export interface WithSessions {
  readonly sessions: ReviewSessionStore;
}
