/**
 * Reviewer authentication. The JSON API takes the token as a bearer (no cookies, so no CSRF
 * exposure); the pages use a server-side session (sessions.ts) in an HttpOnly, SameSite=Strict
 * cookie, Secure (and `__Host-` prefixed) when served over https. Every POST of the pages carries
 * a CSRF synchronizer token bound to the session; the login form, which has no session yet, uses
 * a double-submit token in its own short-lived cookie. Tokens are compared in constant time.
 * When the session store cannot be read, pages answer 503 session_unavailable: never let in.
 */
import { parseCookie, stringifySetCookie } from 'cookie';
import type { NextFunction, Request, Response } from 'express';
import { GatewayError } from '../errors.js';
import type { Reviewer, ReviewerStore } from './reviewers.js';
import { MAX_AGE_MS, randomToken, sameToken, type Session, type SessionStore } from './sessions.js';

const SESSION = 'parapet_review';
const LOGIN_CSRF = 'parapet_login_csrf';

/** Behind a TLS-terminating proxy, x-forwarded-proto says https; it can only make cookies stricter. */
function isHttps(req: Request): boolean {
  return req.secure || req.get('x-forwarded-proto') === 'https';
}

/** `__Host-` cookies must be Secure, Path=/ and host-only: the browser then refuses look-alikes. */
function sessionCookieName(req: Request): string {
  return isHttps(req) ? `__Host-${SESSION}` : SESSION;
}

function cookies(req: Request): Record<string, string | undefined> {
  return parseCookie(req.get('cookie') ?? '');
}

function setCookie(
  res: Response,
  req: Request,
  name: string,
  value: string,
  maxAgeS: number,
  path: string,
): void {
  res.append(
    'set-cookie',
    stringifySetCookie(name, value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: isHttps(req),
      path,
      maxAge: maxAgeS,
    }),
  );
}

export interface ReviewLocals {
  readonly reviewer: Reviewer;
  readonly session?: Session;
}

export function reviewerOf(res: Response): Reviewer {
  return (res.locals as { review: ReviewLocals }).review.reviewer;
}

export function sessionOf(res: Response): Session {
  const session = (res.locals as { review: ReviewLocals }).review.session;
  if (!session) throw new GatewayError('csrf_invalid');
  return session;
}

/** API: `Authorization: Bearer <reviewer token>`; product keys are not in the reviewers file. */
export function requireReviewerToken(reviewers: ReviewerStore) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    const reviewer = match?.[1] ? reviewers.lookup(match[1]) : undefined;
    if (!reviewer) throw new GatewayError('invalid_reviewer_token');
    res.locals.review = { reviewer } satisfies ReviewLocals;
    next();
  };
}

/** A session store failure as the catalogue's 503: the caller is refused, never let in. */
async function sessionStep<T>(step: Promise<T>): Promise<T> {
  try {
    return await step;
  } catch (error) {
    throw new GatewayError('session_unavailable', { cause: error });
  }
}

/**
 * Pages: a live session of a reviewer whose token is still active (revoking the token ends its
 * sessions), or a redirect to the login page.
 */
export function requireSession(reviewers: ReviewerStore, sessions: SessionStore) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const id = cookies(req)[sessionCookieName(req)];
    const session = id ? await sessionStep(sessions.get(id)) : undefined;
    const reviewer = session ? reviewers.active(session.reviewerId) : undefined;
    if (!id || !session || !reviewer) {
      if (id) await sessionStep(sessions.delete(id));
      res.redirect(303, '/review/login');
      return;
    }
    res.locals.review = { reviewer, session } satisfies ReviewLocals;
    next();
  };
}

/** Every POST of a signed-in page: the form's `_csrf` must equal the session's token. */
export function requireCsrf(req: Request, res: Response, next: NextFunction): void {
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf;
  if (typeof sent !== 'string' || !sameToken(sent, sessionOf(res).csrf)) {
    throw new GatewayError('csrf_invalid');
  }
  next();
}

/** The login form's token, also set as a cookie only the login path sees (double submit). */
export function issueLoginCsrf(req: Request, res: Response): string {
  const token = randomToken();
  setCookie(res, req, LOGIN_CSRF, token, 600, '/review/login');
  return token;
}

export function checkLoginCsrf(req: Request): void {
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf;
  const cookie = cookies(req)[LOGIN_CSRF];
  if (typeof sent !== 'string' || !cookie || !sameToken(sent, cookie)) {
    throw new GatewayError('csrf_invalid');
  }
}

export async function startSession(
  req: Request,
  res: Response,
  sessions: SessionStore,
  reviewer: Reviewer,
): Promise<void> {
  const { id } = await sessionStep(sessions.create(reviewer.id));
  setCookie(res, req, sessionCookieName(req), id, Math.floor(MAX_AGE_MS / 1000), '/');
  setCookie(res, req, LOGIN_CSRF, '', 0, '/review/login');
}

export async function endSession(
  req: Request,
  res: Response,
  sessions: SessionStore,
): Promise<void> {
  const id = cookies(req)[sessionCookieName(req)];
  // Not deleted means not signed out: the error page says so rather than a false success.
  if (id) await sessionStep(sessions.delete(id));
  setCookie(res, req, sessionCookieName(req), '', 0, '/');
}
