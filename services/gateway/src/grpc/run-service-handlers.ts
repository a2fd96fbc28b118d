import { status as GrpcStatus, type sendUnaryData, type ServerUnaryCall, type ServerWritableStream, type UntypedServiceImplementation } from '@grpc/grpc-js';
import { errorMessage } from '@scrai/messaging';
import type { Logger } from '@scrai/observability';
import { toErrorResponse } from '../http/api-exception-filter.js';
import type { ActiveStreams } from '../runs/active-streams.js';
import type { RunsService } from '../runs/runs-service.js';
import { toCreateRunBody, toRunEventMessage, type RunEventMessage, type StartRunMessage } from './grpc-messages.js';
import { toServiceError } from './grpc-status.js';

export interface RunServiceHandlerDeps {
  runs: RunsService;
  streams: ActiveStreams;
  log: Logger;
  bodyLimit: string;
}

const zeroAsUnset = (n: number | undefined): number | undefined => (n === 0 ? undefined : n);

/** scrai.v1.RunService over the same RunsService as the REST controllers. */
export function runServiceHandlers(d: RunServiceHandlerDeps): UntypedServiceImplementation {
  const fail = (e: unknown) => {
    const res = toErrorResponse(e, d.bodyLimit);
    if (res.status >= 500) d.log.warn({ err: errorMessage(e), status: res.status }, 'grpc call failed');
    return toServiceError(res);
  };
  const unary =
    <Req, Res>(fn: (req: Req) => Promise<Res>) =>
    (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      fn(call.request).then(
        (value) => callback(null, value),
        (e: unknown) => callback(fail(e), null),
      );
    };

  return {
    StartRun: unary(async (req: StartRunMessage) => d.runs.createRun(toCreateRunBody(req))),
    GetRun: unary(async (req: { run_id: string }) => d.runs.getRun(req.run_id)),
    ListRunEvents: unary(async (req: { run_id: string; after_seq?: number; limit?: number }) => {
      const page = await d.runs.listEvents(req.run_id, { after_seq: req.after_seq, limit: zeroAsUnset(req.limit) });
      return { events: page.items.map(toRunEventMessage), ...(page.next_after_seq !== null ? { next_after_seq: page.next_after_seq } : {}) };
    }),
    StopRun: unary(async (req: { run_id: string; reason?: string }) => d.runs.stopRun(req.run_id, req.reason !== undefined ? { reason: req.reason } : {})),
    WatchRun: (call: ServerWritableStream<{ run_id: string; after_seq?: number }, RunEventMessage>) => {
      void watchRun(call, d, fail);
    },
  };
}

async function watchRun(
  call: ServerWritableStream<{ run_id: string; after_seq?: number }, RunEventMessage>,
  d: RunServiceHandlerDeps,
  fail: (e: unknown) => ReturnType<typeof toServiceError>,
): Promise<void> {
  const abort = new AbortController();
  let cancelled = false;
  call.on('cancelled', () => {
    cancelled = true;
    abort.abort();
  });
  d.streams.track(abort);
  try {
    const { events: feed } = await d.runs.watchEvents(call.request.run_id, call.request.after_seq ?? 0, abort.signal);
    for await (const e of feed) {
      if (abort.signal.aborted) break;
      if (!call.write(toRunEventMessage(e))) await new Promise<void>((resolve) => call.once('drain', resolve));
    }
    if (cancelled) return;
    if (abort.signal.aborted) call.emit('error', { code: GrpcStatus.UNAVAILABLE, details: 'the gateway is shutting down; resume with after_seq' });
    else call.end();
  } catch (e) {
    if (!cancelled) call.emit('error', fail(e));
  } finally {
    abort.abort();
  }
}
