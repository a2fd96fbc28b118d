import { headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from '@nats-io/transport-node';
import { DomainError, queryReplySchema, type ErrorStatus, type QueryReply } from '@scrai/contracts';
import type { Logger } from '@scrai/observability';
import { errorMessage } from './failure.js';

export interface ServeOptions {
  nc: NatsConnection;
  subject: string;
  /** Queue group: one member answers each request. Omit to have every instance answer (health). */
  queue?: string;
  log: Logger;
  /** Most requests handled at once by this instance. */
  maxConcurrent?: number;
  /** The reply to a body that is not JSON (default: a 400 query error). */
  undecodableReply?: (message: string) => unknown;
}

const encode = (v: unknown) => JSON.stringify(v);

/**
 * Serves a request/reply subject whose handler returns any JSON value; the value is the reply.
 * Handlers run concurrently (up to maxConcurrent); a handler error is logged and answered as a 500 query error.
 */
export function serveRaw(o: ServeOptions, handler: (data: unknown, msg: Msg) => Promise<unknown>): Subscription {
  const sub = o.nc.subscribe(o.subject, o.queue ? { queue: o.queue } : {});
  const max = o.maxConcurrent ?? 256;
  let active = 0;
  const waiting: Array<() => void> = [];
  const slot = async () => {
    if (active < max) {
      active++;
      return;
    }
    await new Promise<void>((r) => waiting.push(r));
    active++;
  };
  const release = () => {
    active--;
    waiting.shift()?.();
  };
  void (async () => {
    for await (const m of sub) {
      await slot();
      void (async () => {
        try {
          let data: unknown;
          try {
            data = m.data.length ? m.json() : {};
          } catch {
            const message = 'request is not valid JSON';
            m.respond(encode(o.undecodableReply ? o.undecodableReply(message) : errorReply(new DomainError(400, message))));
            return;
          }
          const out = await handler(data, m);
          m.respond(encode(out));
        } catch (e) {
          o.log.error({ subject: o.subject, err: errorMessage(e) }, 'request handler failed');
          if (m.reply) m.respond(encode(errorReply(e)));
        } finally {
          release();
        }
      })();
    }
  })();
  return sub;
}

export function errorReply(e: unknown): QueryReply {
  if (e instanceof DomainError) return { ok: false, status: e.status, error: e.toBody() };
  return { ok: false, status: 500, error: { error: 'internal', message: errorMessage(e), details: [] } };
}

/** Serves a query: the handler's value is wrapped as `{ok: true, data}`, a DomainError as `{ok: false, ...}`. */
export function serveQuery(o: ServeOptions, handler: (data: unknown, msg: Msg) => Promise<unknown>): Subscription {
  return serveRaw(o, async (data, msg) => {
    try {
      return { ok: true, data: await handler(data, msg) } satisfies QueryReply;
    } catch (e) {
      if (!(e instanceof DomainError)) o.log.error({ subject: o.subject, err: errorMessage(e) }, 'query failed');
      return errorReply(e);
    }
  });
}

export interface RequestOptions {
  timeoutMs: number;
  traceparent?: string;
}

export async function requestJson(nc: NatsConnection, subject: string, data: unknown, o: RequestOptions): Promise<unknown> {
  const h = natsHeaders();
  if (o.traceparent) h.set('traceparent', o.traceparent);
  try {
    const r = await nc.request(subject, encode(data), { timeout: o.timeoutMs, headers: h });
    return r.json();
  } catch (e) {
    const msg = errorMessage(e);
    if (/no responders/i.test(msg)) throw new DomainError(503, `no service answers ${subject}`);
    if (/timeout/i.test(msg)) throw new DomainError(503, `${subject} did not answer within ${o.timeoutMs} ms`);
    throw e;
  }
}

/** Sends a query and returns its data, or throws the DomainError the server answered with. */
export async function requestQuery<T = unknown>(nc: NatsConnection, subject: string, data: unknown, o: RequestOptions): Promise<T> {
  const reply = queryReplySchema.parse(await requestJson(nc, subject, data, o));
  if (reply.ok) return reply.data as T;
  const status = ([400, 404, 409, 413, 415, 422, 500, 503] as const).includes(reply.status as ErrorStatus)
    ? (reply.status as ErrorStatus)
    : 500;
  throw new DomainError(status, reply.error.message, reply.error.details);
}
