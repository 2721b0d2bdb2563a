/** Server-sent events for OpenAI-style streams, with backpressure: a slow client slows us down. */
import { once } from 'node:events';
import type { Response } from 'express';

export function startSse(res: Response): void {
  res.status(200);
  res.setHeader('content-type', 'text/event-stream; charset=utf-8');
  res.setHeader('cache-control', 'no-store, no-transform');
  res.setHeader('connection', 'keep-alive');
  res.setHeader('x-accel-buffering', 'no'); // tell nginx-style proxies not to buffer the stream
  res.flushHeaders();
}

export async function sendEvent(res: Response, data: unknown): Promise<void> {
  if (res.writableEnded || res.destroyed) return;
  const ok = res.write(`data: ${JSON.stringify(data)}\n\n`);
  if (!ok) await Promise.race([once(res, 'drain'), once(res, 'close')]);
}

export function endSse(res: Response): void {
  if (res.writableEnded || res.destroyed) return;
  res.end('data: [DONE]\n\n');
}
