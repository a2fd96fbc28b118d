import { isTerminalStatus, TERMINAL_EVENT_TYPES, type EventPage, type LiveTokenPart, type RunEvent, type RunRecord } from '@scrai/contracts';
import type { QueryClient } from '../persistence/query-client.js';
import type { LiveRunEvents } from './live-run-events.js';

export interface RunEventFeedDeps {
  queries: QueryClient;
  live: LiveRunEvents;
  pageSize?: number;
}

export const isTerminalEvent = (e: RunEvent): boolean => TERMINAL_EVENT_TYPES.includes(e.type);

/** Subscribes to a run's token parts until the returned function is called. */
export type LiveTokenSource = (onPart: (part: LiveTokenPart) => void) => () => void;

/** A run's events, and its live token parts while it is still going (absent once it has ended). */
export interface RunEventFeed {
  events: AsyncGenerator<RunEvent>;
  tokens?: LiveTokenSource;
}

/**
 * A run's events after `afterSeq`, in order and without repeats: first the stored ones (persistence),
 * then the live log (JetStream), skipping what was already sent. Ends after the terminal event, or
 * after the stored events when the run had already ended. The caller looks the run up first, so an
 * unknown run fails before a stream starts. Aborting the signal ends a wait for live events. A run
 * still going also offers its live token parts (`tokens`; gRPC's WatchRun has no token messages and ignores them).
 */
export function runEventFeed(deps: RunEventFeedDeps, run: RunRecord, afterSeq: number, signal: AbortSignal): RunEventFeed {
  const events = storedThenLive(deps, run, afterSeq, signal);
  const tokens = deps.live.tokens?.bind(deps.live);
  return tokens && !isTerminalStatus(run.status) ? { events, tokens: (onPart) => tokens(run.id, onPart) } : { events };
}

async function* storedThenLive(deps: RunEventFeedDeps, run: RunRecord, afterSeq: number, signal: AbortSignal): AsyncGenerator<RunEvent> {
  const pageSize = deps.pageSize ?? 500;
  let last = afterSeq;
  for (;;) {
    const page = await deps.queries.query<EventPage<RunEvent>>('events.list', { run_id: run.id, after_seq: last, limit: pageSize });
    for (const e of page.items) {
      if (e.seq <= last) continue;
      last = e.seq;
      yield e;
      if (isTerminalEvent(e)) return;
    }
    if (signal.aborted || page.next_after_seq === null || page.items.length === 0) break;
  }
  if (signal.aborted || isTerminalStatus(run.status)) return;
  for await (const e of deps.live.follow(run.id, signal)) {
    if (e.seq <= last) continue;
    last = e.seq;
    yield e;
    if (isTerminalEvent(e)) return;
  }
}
