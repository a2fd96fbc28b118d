import type { Consumer, JetStreamClient, JsMsg } from '@nats-io/jetstream';
import type { z } from 'zod';
import { issuesToDetails, type BrokerNames } from '@scrai/contracts';
import { DISABLED_TRACING, withRun, type Attributes, type Logger, type Registry, type TraceSpan, type Tracing } from '@scrai/observability';
import { workLoopMetrics } from './work-loop-metrics.js';
import { copyToDeadLetters } from './dead-letter.js';
import { dispositionOf, isFinalDelivery, type Disposition, type RedeliveryPolicy } from './disposition.js';
import { errorMessage } from './failure.js';

export interface WorkContext {
  msg: JsMsg;
  deliveryCount: number;
  /** This delivery's retryable failure will be dead-lettered (its policy allows no further retry). */
  finalDelivery: boolean;
  /** The traceparent of this delivery's span (a child of the message's): put it on what the handler publishes. */
  traceparent: string | undefined;
  /** This delivery's span (a no-op when tracing is off); add attributes to it. */
  span: TraceSpan;
  /** The loop's logger bound to the message's run id and trace id. */
  log: Logger;
}

export interface WorkLoopOptions<T> {
  js: JetStreamClient;
  names: BrokerNames;
  consumer: Consumer;
  schema: z.ZodType<T>;
  handle(data: T, ctx: WorkContext): Promise<void>;
  /** Parallel handlers. Each pulls one message at a time with next(): nothing waits in a prefetch buffer. */
  concurrency: number;
  policy: RedeliveryPolicy;
  /** The policy of one decoded message (e.g. by task kind); default `policy`. */
  policyOf?(data: T): RedeliveryPolicy;
  /** working() is sent this often while a handler runs (keep it under the consumer's ack_wait). */
  workingEveryMs: number;
  /**
   * How long each pull waits for a message (default 5 s). Keep it under the consumer's ack_wait: a
   * worker that hangs (alive but not running) still has its pulls registered at the server, and a
   * message delivered to one of them is stuck until ack_wait; pulls shorter than ack_wait guarantee
   * the redelivery goes to someone else.
   */
  pullExpiresMs?: number;
  /** Counters and timings of this loop go here (scrai_messages_total, scrai_handle_seconds, ...). */
  metrics?: Registry;
  workerId: string;
  log: Logger;
  runIdOf?(subject: string, data: unknown): string | undefined;
  /** Spans of this process; each delivery is a consumer span, child of the message's `traceparent`. Default: off. */
  tracing?: Tracing;
  /** The span's name and attributes for a decoded message (default: the consumer's name). */
  spanOf?(data: T, subject: string): { name: string; attributes?: Attributes };
  onDisposition?(d: Disposition, m: JsMsg): void;
}

export interface WorkLoop {
  readonly inFlight: number;
  stop(): Promise<void>;
}

/**
 * Pull-based work loop: N independent next() loops on a shared durable consumer. Every message is
 * decoded against its schema; an undecodable one goes to the dead-letter stream with its reason.
 */
export function startWorkLoop<T>(o: WorkLoopOptions<T>): WorkLoop {
  let stopping = false;
  let inFlight = 0;
  const busy = new Set<Promise<void>>();
  const metrics = workLoopMetrics(o.metrics);

  async function settle(m: JsMsg, d: Disposition, runId: string | undefined): Promise<void> {
    o.onDisposition?.(d, m);
    metrics.settled(m.info.consumer, d, m.info.deliveryCount);
    switch (d.type) {
      case 'ack':
        m.ack();
        return;
      case 'nak':
        m.nak(d.delayMs);
        return;
      case 'dead_letter':
        await copyToDeadLetters(o.js, o.names, m, { reason: d.reason, error: d.error, workerId: o.workerId, runId });
        m.term();
        o.log.warn({ subject: m.subject, seq: m.seq, reason: d.reason, error: d.error, run_id: runId }, 'message dead-lettered');
        return;
    }
  }

  async function process(m: JsMsg): Promise<void> {
    let raw: unknown;
    try {
      raw = m.json();
    } catch (e) {
      await settle(m, { type: 'dead_letter', reason: 'undecodable', error: `not JSON: ${errorMessage(e)}` }, o.runIdOf?.(m.subject, undefined));
      return;
    }
    const runId = o.runIdOf?.(m.subject, raw);
    const parsed = o.schema.safeParse(raw);
    if (!parsed.success) {
      const why = issuesToDetails(parsed.error.issues).map((d) => `${d.path}: ${d.message}`).join('; ');
      await settle(m, { type: 'dead_letter', reason: 'undecodable', error: `schema: ${why}` }, runId);
      return;
    }
    const deliveryCount = m.info.deliveryCount;
    const policy = o.policyOf?.(parsed.data) ?? o.policy;
    const finalDelivery = isFinalDelivery(policy, deliveryCount);
    const parent = m.headers?.get('traceparent') || undefined;
    const named = o.spanOf?.(parsed.data, m.subject) ?? { name: m.info.consumer };
    const span = (o.tracing ?? DISABLED_TRACING).startSpan(named.name, {
      parent,
      kind: 'consumer',
      attributes: { ...named.attributes, 'messaging.destination': m.subject, 'messaging.delivery': deliveryCount, ...(runId ? { 'scrai.run_id': runId } : {}) },
    });
    const traceparent = o.tracing?.enabled ? span.traceparent : parent;
    const log = runId ? withRun(o.log, runId, traceparent) : o.log;
    const working = setInterval(() => m.working(), o.workingEveryMs);
    let outcome: { ok: true } | { ok: false; error: unknown };
    const started = performance.now();
    try {
      await o.handle(parsed.data, { msg: m, deliveryCount, finalDelivery, traceparent, span, log });
      outcome = { ok: true };
    } catch (error) {
      outcome = { ok: false, error };
      span.fail(error);
      log.warn({ subject: m.subject, delivery: deliveryCount, err: errorMessage(error) }, 'handler failed');
    } finally {
      clearInterval(working);
      metrics.handled(m.info.consumer, (performance.now() - started) / 1000);
    }
    try {
      await settle(m, dispositionOf(outcome, deliveryCount, policy), runId);
    } finally {
      span.end();
    }
  }

  for (let i = 0; i < o.concurrency; i++) {
    void (async () => {
      while (!stopping) {
        let m: JsMsg | null = null;
        try {
          m = await o.consumer.next({ expires: o.pullExpiresMs ?? 5_000 });
        } catch (e) {
          if (stopping) break;
          o.log.warn({ err: errorMessage(e) }, 'pull failed; retrying');
          await new Promise((r) => setTimeout(r, 500));
          continue;
        }
        if (!m) continue;
        if (stopping) {
          m.nak(); // pulled while stopping: hand it straight back to another worker
          break;
        }
        inFlight++;
        const job = process(m)
          .catch((e) => o.log.error({ err: errorMessage(e), subject: m.subject }, 'could not settle message; it will be redelivered'))
          .finally(() => {
            inFlight--;
            busy.delete(job);
          });
        busy.add(job);
        await job;
      }
    })();
  }
  return {
    get inFlight() {
      return inFlight;
    },
    /** Stops pulling and waits for the messages in hand to be settled (idle pulls are abandoned). */
    async stop() {
      stopping = true;
      await Promise.all([...busy]);
    },
  };
}

/** Pull expiry for a consumer's ack_wait: half of it, within what nats.js accepts (1 s) and 5 s. */
export const pullExpiresFor = (ackWaitMs: number): number => Math.max(1_000, Math.min(5_000, Math.floor(ackWaitMs / 2)));
