import { jetstream, type ConsumerMessages, type JsMsg } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { LLM_QUEUE_HEADERS } from '@scrai/contracts';
import { LocalSlots } from './local-slots.js';

/** The log lines the server writes (pino's shape). */
export interface QueueLog {
  debug(o: object, msg: string): void;
  warn(o: object, msg: string): void;
  error(o: object, msg: string): void;
}

/** What the handler of one request gets besides its body. */
export interface LlmRequestCall {
  /** Aborted when the server stops and the grace period for calls in flight has run out. */
  signal: AbortSignal;
  /** The caller's W3C traceparent, when it sent one. */
  traceparent?: string;
  /** 1 on the first delivery; more when a replica died holding the request (or gave it back). */
  deliveryCount: number;
}

/** Answers one request body; any value it returns is the reply (it should not throw). */
export type LlmRequestHandler = (data: unknown, call: LlmRequestCall) => Promise<unknown>;

export interface LlmQueueServerOptions {
  nc: NatsConnection;
  /** The request stream (`names.streams.llmRequests`). */
  stream: string;
  /** The durables to pull from (the topology's consumers: one per provider, and the unrouted one). */
  consumers: ReadonlyArray<{ durable_name: string; max_ack_pending: number }>;
  /** The consumers' ack_wait: a request in hand is kept with `working()` every third of it. */
  ackWaitMs: number;
  /** Requests this replica handles at once, across all its consumers (SCRAI_LLM_MAX_CONCURRENCY). */
  maxConcurrent: number;
  log: QueueLog;
  /** Replies the server builds itself: to a body that is not JSON, and when the handler threw. */
  replies: { undecodable(message: string): unknown; failed(message: string): unknown };
  /** Wall clock (epoch ms) compared with the caller's deadline header. */
  now?: () => number;
}

export interface LlmQueueServer {
  /** Requests being handled by this replica right now. */
  readonly active: number;
  /**
   * Stops pulling (requests already delivered but not started are given back with a nak, for
   * another replica), lets calls in flight finish, aborts them after `graceMs`, and resolves when
   * every one has been answered and acked.
   */
  stop(graceMs: number): Promise<void>;
}

/** At most this many requests per consumer wait in the client's buffer (their ack_wait runs there too). */
const MAX_PREFETCH = 16;
const RETRY_PULL_MS = 1_000;

const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const safely = (f: () => void): void => {
  try {
    f();
  } catch {
    // the connection is closing: the broker redelivers what was not acked
  }
};

/**
 * The llm-gateway side of the request queue: pulls from every provider's shared durable (so the
 * broker's max_ack_pending caps a provider across all replicas), answers each request on the
 * inbox its caller named in `Scrai-Reply-To`, then acks it. While a call runs the request is kept
 * with `working()`; a request whose `Scrai-Deadline` has passed is acked without a call (its
 * caller has given up); a body that is not JSON is answered by `replies.undecodable` (or
 * terminated when it names no inbox). A replica that dies holding requests gives them back to the
 * others after ack_wait.
 */
export async function serveLlmRequestQueue(o: LlmQueueServerOptions, handle: LlmRequestHandler): Promise<LlmQueueServer> {
  const js = jetstream(o.nc);
  const now = o.now ?? Date.now;
  const slots = new LocalSlots(o.maxConcurrent);
  const aborting = new AbortController();
  const pulls = new Set<ConsumerMessages>();
  const inFlight = new Set<Promise<void>>();
  const keepAliveMs = Math.max(100, Math.floor(o.ackWaitMs / 3));
  let stopping = false;

  const header = (m: JsMsg, name: string): string | undefined => m.headers?.get(name) || undefined;
  const send = (subject: string, reply: unknown) => safely(() => o.nc.publish(subject, JSON.stringify(reply)));

  async function answer(m: JsMsg): Promise<void> {
    const replyTo = header(m, LLM_QUEUE_HEADERS.replyTo);
    const deadline = Number(header(m, LLM_QUEUE_HEADERS.deadline));
    const requestId = header(m, 'Nats-Msg-Id');
    if (Number.isFinite(deadline) && now() > deadline) {
      o.log.debug({ request_id: requestId, subject: m.subject, late_ms: now() - deadline }, 'LLM request past its deadline: acked without a call');
      return safely(() => m.ack());
    }
    let data: unknown;
    try {
      data = m.data.length ? m.json() : {};
    } catch {
      o.log.warn({ request_id: requestId, subject: m.subject, has_inbox: replyTo !== undefined }, 'LLM request is not valid JSON');
      if (!replyTo) return safely(() => m.term());
      send(replyTo, o.replies.undecodable('request is not valid JSON'));
      return safely(() => m.ack());
    }
    if (!replyTo) {
      o.log.warn({ request_id: requestId, subject: m.subject }, `LLM request without a ${LLM_QUEUE_HEADERS.replyTo} header: dropped`);
      return safely(() => m.term());
    }
    let reply: unknown;
    try {
      reply = await handle(data, { signal: aborting.signal, traceparent: header(m, 'traceparent'), deliveryCount: m.info.deliveryCount });
    } catch (e) {
      o.log.error({ request_id: requestId, subject: m.subject, err: errorMessage(e) }, 'LLM request handler failed');
      reply = o.replies.failed(errorMessage(e));
    }
    send(replyTo, reply);
    safely(() => m.ack());
  }

  /** Takes a delivered request: keeps it alive, waits for a local slot, then answers it in the background. */
  async function dispatch(m: JsMsg): Promise<void> {
    if (stopping) return safely(() => m.nak());
    const keepAlive = setInterval(() => safely(() => m.working()), keepAliveMs);
    await slots.acquire();
    if (stopping) {
      clearInterval(keepAlive);
      slots.release();
      return safely(() => m.nak());
    }
    const p = answer(m).finally(() => {
      clearInterval(keepAlive);
      slots.release();
      inFlight.delete(p);
    });
    inFlight.add(p);
  }

  async function pump(c: { durable_name: string; max_ack_pending: number }): Promise<void> {
    const batch = Math.max(1, Math.min(c.max_ack_pending, o.maxConcurrent, MAX_PREFETCH));
    while (!stopping) {
      let msgs: ConsumerMessages | undefined;
      try {
        const consumer = await js.consumers.get(o.stream, c.durable_name);
        if (stopping) break;
        msgs = await consumer.consume({ max_messages: batch });
        pulls.add(msgs);
        for await (const m of msgs) await dispatch(m);
      } catch (e) {
        if (!stopping) o.log.warn({ consumer: c.durable_name, err: errorMessage(e) }, 'pulling LLM requests failed; retrying');
      } finally {
        if (msgs) pulls.delete(msgs);
      }
      if (!stopping) await sleep(RETRY_PULL_MS);
    }
  }

  const loops = o.consumers.map((c) => pump(c));

  return {
    get active() {
      return slots.inUse;
    },
    async stop(graceMs) {
      stopping = true;
      for (const msgs of pulls) msgs.stop();
      const grace = setTimeout(() => aborting.abort(new Error('llm-gateway shutting down')), graceMs);
      try {
        await Promise.allSettled([...inFlight]);
        await Promise.race([Promise.allSettled(loops), sleep(RETRY_PULL_MS)]);
      } finally {
        clearTimeout(grace);
      }
    },
  };
}
