/**
 * The review API (DESIGN §9), reviewer token as bearer:
 *   GET  /api/review/decisions?state=&product=&scanner=&action=&from=&to=&limit=&cursor=
 *   GET  /api/review/decisions/:id
 *   POST /api/review/decisions/:id/labels  {"verdict", "note"}
 *   GET  /api/review/stats?from=&to=&since=
 *   GET  /api/review/export?stage=input|output   (JSONL, `parapet eval` schema)
 */
import express, { type Request, type Response } from 'express';
import { GatewayError } from '../errors.js';
import { requireReviewerToken, reviewerOf } from './auth.js';
import { decisionQuery, parseFilters, statsQuery } from './query.js';
import type { ReviewDeps } from './router.js';
import { exportLines, labelDecision, parseLabel, parseStage } from './service.js';
import { eventJson, labelJson, statsRowJson, summaryJson } from './wire.js';

const noStore = (_req: Request, res: Response, next: () => void) => {
  // Decisions hold (redacted) customer text: no cache may keep them.
  res.setHeader('cache-control', 'no-store');
  next();
};

export function reviewApi(deps: ReviewDeps): express.Router {
  const api = express.Router();
  // Authenticate before reading a body: strangers learn nothing about our validation.
  api.use(requireReviewerToken(deps.reviewers));
  api.use(noStore);
  api.use(express.json({ limit: '16kb', strict: true }));

  api.get('/decisions', async (req, res) => {
    const reviewer = reviewerOf(res);
    const query = decisionQuery(parseFilters(req.query), reviewer.scope);
    const page = await deps.review.listDecisions(query);
    res.json({ items: page.items.map(summaryJson), next_cursor: page.nextCursor });
  });

  api.get('/decisions/:id', async (req, res) => {
    const found = await deps.review.getDecision(req.params.id, reviewerOf(res).scope);
    if (!found) throw new GatewayError('decision_not_found');
    res.json({ decision: eventJson(found.event), labels: found.labels.map(labelJson) });
  });

  api.post('/decisions/:id/labels', async (req, res) => {
    const label = await labelDecision(
      deps.review,
      reviewerOf(res),
      req.params.id,
      parseLabel(req.body),
    );
    res.status(201).json({ label: labelJson(label) });
  });

  api.get('/stats', async (req, res) => {
    const query = statsQuery(parseFilters(req.query), reviewerOf(res).scope);
    const rows = await deps.review.stats(query);
    res.json({
      bucket: query.bucket,
      from: query.from ?? null,
      to: query.to ?? null,
      rows: rows.map(statsRowJson),
    });
  });

  api.get('/export', async (req, res) => {
    const stage = parseStage(req.query.stage);
    await sendJsonl(res, exportLines(deps.review, reviewerOf(res), stage), `labels-${stage}`);
  });

  return api;
}

/** Streams JSONL, respecting back-pressure; used by the API and the pages' export link. */
export async function sendJsonl(
  res: Response,
  lines: AsyncIterable<string>,
  name: string,
): Promise<void> {
  res.setHeader('content-type', 'application/x-ndjson; charset=utf-8');
  res.setHeader('content-disposition', `attachment; filename="${name}.jsonl"`);
  for await (const line of lines) {
    if (!res.write(line)) await new Promise((resolve) => res.once('drain', resolve));
  }
  res.end();
}
