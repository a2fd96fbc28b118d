import type { Response } from 'express';
import type { LiveTokenPart, RunEvent } from '@scrai/contracts';
import { errorMessage } from '@scrai/messaging';
import type { Logger } from '@scrai/observability';
import { toErrorResponse } from '../http/api-exception-filter.js';
import type { RunEventFeed } from './run-event-feed.js';

export const SSE_KEEPALIVE_MS = 15_000;

/** One server-sent event: `id` is the event's seq, so a reconnecting client resumes with Last-Event-ID. */
export function sseFrame(e: RunEvent): string {
  return `id: ${e.seq}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`;
}

/** A token part (live-tokens.ts) as `event: token`, without an id: Last-Event-ID keeps naming the last stored event. */
export function tokenFrame(p: LiveTokenPart): string {
  return `event: token\ndata: ${JSON.stringify(p)}\n\n`;
}

export interface SseOptions {
  /** Aborted when the client goes away; the feed stops following the live log. */
  abort: AbortController;
  log: Logger;
  keepaliveMs?: number;
  bodyLimit: string;
}

/**
 * Writes a run's events as text/event-stream until the feed ends (after the terminal event) or the
 * client disconnects. A failure after the stream started is sent as an `error` event, then the stream ends.
 * While the stream is open, the run's token parts (streaming runs: actor text as it is generated)
 * are written as `token` events between the stored ones, from the moment the stream opens.
 */
export async function writeEventStream(res: Response, feed: RunEventFeed, o: SseOptions): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache, no-transform');
  // The socket closes with the stream: nothing to reuse it for, and a shutdown need not wait for it to idle out.
  res.setHeader('Connection', 'close');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write('retry: 2000\n\n');
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), o.keepaliveMs ?? SSE_KEEPALIVE_MS);
  const stopTokens = feed.tokens?.((p) => {
    if (!o.abort.signal.aborted && !res.writableEnded) res.write(tokenFrame(p));
  });
  try {
    for await (const e of feed.events) {
      if (o.abort.signal.aborted) break;
      res.write(sseFrame(e));
    }
  } catch (e) {
    if (!o.abort.signal.aborted) {
      const { status, body } = toErrorResponse(e, o.bodyLimit);
      if (status >= 500) o.log.warn({ err: errorMessage(e) }, 'event stream failed');
      res.write(`event: error\ndata: ${JSON.stringify({ status, ...body })}\n\n`);
    }
  } finally {
    stopTokens?.();
    clearInterval(keepalive);
    o.abort.abort();
    res.end();
  }
}
