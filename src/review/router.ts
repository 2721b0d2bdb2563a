/**
 * The reviewer pages at /review: server-rendered HTML, plain forms, one small static script for
 * keyboard shortcuts. They set a CSP stricter than helmet's default (no inline script or style at
 * all, forms only to ourselves, no framing), and render failures as pages rather than JSON.
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import { fileURLToPath } from 'node:url';
import { GatewayError, ERROR_CODES, toGatewayError } from '../errors.js';
import type { Logger } from '../log.js';
import type { PolicyStore } from '../policy/types.js';
import { sendJsonl } from './api.js';
import {
  checkLoginCsrf,
  endSession,
  issueLoginCsrf,
  requireCsrf,
  requireSession,
  reviewerOf,
  sessionOf,
  startSession,
} from './auth.js';
import { decisionPage } from './pages/decision.js';
import { errorPage } from './pages/layout.js';
import { loginPage } from './pages/login.js';
import { queuePage } from './pages/queue.js';
import { statsPage } from './pages/stats.js';
import { decisionQuery, filterString, parseFilters, statsQuery } from './query.js';
import type { Reviewer, ReviewerStore } from './reviewers.js';
import {
  exportLines,
  labelDecision,
  nextDecision,
  parseLabel,
  parseStage,
  statsForPage,
} from './service.js';
import { SessionStore } from './sessions.js';
import type { ReviewStore } from '../audit/review-types.js';
import type { ReviewSessionStore } from '../audit/session-types.js';

export interface ReviewDeps {
  readonly review: ReviewStore;
  /** Where sign-ins live (the audit store's session side), so they outlive a restart. */
  readonly sessions: ReviewSessionStore;
  readonly reviewers: ReviewerStore;
  readonly policies: PolicyStore;
  readonly logger: Logger;
}

const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

export const REVIEW_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

function headers(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('content-security-policy', REVIEW_CSP);
  res.setHeader('cache-control', 'no-store');
  next();
}

/** Loaded products the reviewer may see, and the scanners their policies use (filter menus). */
function menus(policies: PolicyStore, reviewer: Reviewer) {
  const visible = policies
    .list()
    .filter((p) => reviewer.scope === 'all' || reviewer.scope.includes(p.product));
  const scanners = visible.flatMap((p) => [...p.input, ...p.output].map((r) => r.scanner));
  return {
    products: visible.map((p) => p.product).sort(),
    scanners: [...new Set(scanners)].sort(),
  };
}

type Handler = (req: Request, res: Response) => Promise<void>;

function queueRoute(deps: ReviewDeps): Handler {
  return async (req, res) => {
    const reviewer = reviewerOf(res);
    const filters = parseFilters({ state: 'pending', ...req.query });
    const result = await deps.review.listDecisions(decisionQuery(filters, reviewer.scope));
    const csrf = sessionOf(res).csrf;
    res.send(queuePage({ reviewer, csrf, filters, result, ...menus(deps.policies, reviewer) }));
  };
}

function decisionRoute(deps: ReviewDeps): Handler {
  return async (req, res) => {
    const reviewer = reviewerOf(res);
    const filters = parseFilters({ state: 'pending', ...req.query });
    const found = await deps.review.getDecision(String(req.params.id), reviewer.scope);
    if (!found) throw new GatewayError('decision_not_found');
    const nextId = await nextDecision(deps.review, reviewer, filters, found.event);
    const done = parseDone(req.query.done);
    const view = { ...found, reviewer, csrf: sessionOf(res).csrf, query: filterString(filters) };
    res.send(decisionPage({ ...view, nextId, done }));
  };
}

/** Labels, then opens the next older decision of the same queue (or the queue when none is left). */
function labelRoute(deps: ReviewDeps): Handler {
  return async (req, res) => {
    const reviewer = reviewerOf(res);
    const body = req.body as Record<string, unknown>;
    // Parsed before labeling: a tampered form fails without recording anything.
    const q = typeof body.q === 'string' ? body.q : '';
    const filters = parseFilters({
      state: 'pending',
      ...Object.fromEntries(new URLSearchParams(q)),
    });
    const input = parseLabel(body);
    const label = await labelDecision(deps.review, reviewer, String(req.params.id), input);
    const found = await deps.review.getDecision(label.decisionId, reviewer.scope);
    const nextId = found && (await nextDecision(deps.review, reviewer, filters, found.event));
    const keep = filterString(filters);
    const next = `/review/decisions/${encodeURIComponent(nextId ?? '')}`;
    res.redirect(
      303,
      nextId ? `${next}?${keep ? `${keep}&` : ''}done=${label.verdict}` : `/review?${keep}`,
    );
  };
}

function statsRoute(deps: ReviewDeps): Handler {
  return async (req, res) => {
    const reviewer = reviewerOf(res);
    const filters = parseFilters({ since: '7d', ...req.query });
    const { query, rows } = await statsForPage(deps.review, statsQuery(filters, reviewer.scope));
    res.send(statsPage({ reviewer, csrf: sessionOf(res).csrf, filters, query, rows }));
  };
}

function signedIn(deps: ReviewDeps, sessions: SessionStore): express.Router {
  const r = express.Router();
  r.use(requireSession(deps.reviewers, sessions));
  r.post('/logout', requireCsrf, async (req, res) => {
    await endSession(req, res, sessions);
    res.redirect(303, '/review/login');
  });
  r.get('/', queueRoute(deps));
  r.get('/decisions/:id', decisionRoute(deps));
  r.post('/decisions/:id/labels', requireCsrf, labelRoute(deps));
  r.get('/stats', statsRoute(deps));
  r.get('/export', async (req, res) => {
    const stage = parseStage(req.query.stage);
    await sendJsonl(res, exportLines(deps.review, reviewerOf(res), stage), `labels-${stage}`);
  });
  return r;
}

const parseDone = (v: unknown) =>
  v === 'correct' || v === 'false_positive' || v === 'missed' ? v : undefined;

export function reviewPages(deps: ReviewDeps): express.Router {
  const sessions = new SessionStore(deps.sessions);
  const pages = express.Router();
  pages.use(headers);
  pages.use('/static', express.static(STATIC_DIR, { index: false }), () => {
    throw new GatewayError('not_found');
  });
  pages.use(express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 20 }));
  pages.get('/login', (req, res) => {
    res.send(loginPage(issueLoginCsrf(req, res), false));
  });
  pages.post('/login', async (req, res) => {
    checkLoginCsrf(req);
    const token = (req.body as Record<string, unknown>).token;
    const reviewer = typeof token === 'string' ? deps.reviewers.lookup(token.trim()) : undefined;
    if (!reviewer) {
      res.status(401).send(loginPage(issueLoginCsrf(req, res), true));
      return;
    }
    await startSession(req, res, sessions, reviewer);
    deps.logger.info('reviewer signed in', { reviewer: reviewer.id });
    res.redirect(303, '/review');
  });
  pages.use(signedIn(deps, sessions));
  pages.use(() => {
    throw new GatewayError('not_found');
  });
  pages.use(pageErrors(deps.logger));
  return pages;
}

function pageErrors(logger: Logger) {
  return (err: unknown, _req: Request, res: Response, _next: NextFunction): void => {
    const error = toGatewayError(err);
    logger.log(error.httpStatus >= 500 ? 'error' : 'info', 'review page failed', {
      request_id: String(res.locals.requestId ?? 'unknown'),
      code: error.code,
      status: error.httpStatus,
      cause: error.cause instanceof Error ? error.cause.name : undefined,
    });
    if (res.headersSent) {
      res.end();
      return;
    }
    const message = error.expose ? error.message : ERROR_CODES[error.code].message;
    const signed = (res.locals as { review?: unknown }).review !== undefined;
    res.status(error.httpStatus).send(errorPage(error.httpStatus, error.code, message, signed));
  };
}
