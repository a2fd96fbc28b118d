import { randomUUID } from 'node:crypto';
import { LLM_QUEUE_HEADERS, type BrokerNames } from '@scrai/contracts';
import { RetryableError, errorMessage, jetstream, publishJson, type JetStreamClient, type NatsConnection } from '@scrai/messaging';
import { openReplyInbox, ReplyTimeoutError, type ReplyInbox } from './llm-reply-inbox.js';

export interface LlmQueueClientOptions {
  nc: NatsConnection;
  names: BrokerNames;
  /** How long a request may take, queueing included: the deadline the gateway sees, and how long this client waits. */
  timeoutMs: number;
  /** Prefix of the reply inbox (default `_INBOX`; set it when the account's permissions need another). */
  inboxPrefix?: string;
}

/** Where a request goes and under which id. */
export interface LlmRoute {
  provider: string;
  model: string;
  /** The request's id: its Nats-Msg-Id, so a repeated publish of it is dropped by the broker. */
  requestId: string;
  traceparent?: string;
}

export interface LlmQueueClient {
  /** Queues any body for the llm-gateway and returns its reply (parsed JSON, unchecked). */
  send(body: unknown, route: LlmRoute): Promise<unknown>;
  /** Closes the reply inbox; requests still waiting fail with a RetryableError. */
  close(): void;
}

/** The broker answered "no responders": no stream holds the subject (or JetStream is off). */
const isNoStream = (e: unknown): boolean =>
  (e instanceof Error && e.name === 'JetStreamNotEnabled') || /no responders|jetstream is not enabled/i.test(errorMessage(e));

type PubAck = Awaited<ReturnType<typeof publishJson>>;

const isTimeout = (e: unknown): boolean => (e instanceof Error && e.name === 'TimeoutError') || /timeout/i.test(errorMessage(e));

/** Longest wait for the broker's PubAck of one request. */
const PUBLISH_TIMEOUT_MS = 5_000;

/**
 * The engine's side of the LLM request queue (libs/llm-limits request-queue.ts): publishes each
 * request to the WorkQueue stream on `<ns>.llm.req.<provider>.<model>` with headers naming this
 * client's reply inbox and the request's deadline, then waits on the inbox. The gateway replicas
 * pull requests within each provider's broker-enforced concurrency cap and answer there.
 *
 * A provider id the gateway was not configured with has no subject on the stream: the request is
 * re-sent to the unrouted subject and answered `provider_not_configured`. No stream at all (no
 * llm-gateway has booted), a failed publish, a timeout or an unreadable reply throw a RetryableError
 * (`llm_unavailable` / `llm_bad_reply`).
 *
 * The message id is the request id, so a publish retried after a lost PubAck is queued once. An id
 * an earlier call already queued inside the stream's 2-minute duplicate window (a requeued
 * dead letter's task asks under its first ids again) is re-sent under a fresh message id.
 */
export function createLlmQueueClient(o: LlmQueueClientOptions): LlmQueueClient {
  const js: JetStreamClient = jetstream(o.nc, { timeout: Math.min(o.timeoutMs, PUBLISH_TIMEOUT_MS) });
  let inbox: ReplyInbox | undefined;
  const unavailable = (e: unknown) => new RetryableError(`llm-gateway unreachable: ${errorMessage(e)}`, 'llm_unavailable');

  /** Publishes once; a lost PubAck is retried under the same message id, which the broker dedupes. */
  async function publishTo(subject: string, msgID: string, body: unknown, route: LlmRoute, headers: Record<string, string>): Promise<{ ack: PubAck; retried: boolean }> {
    const publish = () => publishJson(js, subject, body, { msgID, traceparent: route.traceparent, headers });
    try {
      return { ack: await publish(), retried: false };
    } catch (e) {
      if (isNoStream(e) || !isTimeout(e)) throw e;
      return { ack: await publish(), retried: true };
    }
  }

  async function enqueue(body: unknown, route: LlmRoute, replyTo: string, deadline: number): Promise<void> {
    const headers = { [LLM_QUEUE_HEADERS.replyTo]: replyTo, [LLM_QUEUE_HEADERS.deadline]: String(deadline) };
    let subject = o.names.subjects.llmRequest(route.provider, route.model);
    let sent;
    try {
      sent = await publishTo(subject, route.requestId, body, route, headers);
    } catch (e) {
      if (!isNoStream(e)) throw unavailable(e);
      subject = o.names.subjects.llmUnrouted();
      try {
        sent = await publishTo(subject, route.requestId, body, route, headers);
      } catch (e2) {
        if (!isNoStream(e2)) throw unavailable(e2);
        throw new RetryableError(`llm-gateway unreachable: no LLM request queue ${o.names.streams.llmRequests} on the broker (no llm-gateway of namespace ${o.names.namespace} has started)`, 'llm_unavailable');
      }
    }
    if (sent.ack.duplicate && !sent.retried) {
      // The id was queued by an earlier call inside the duplicate window (a dead-lettered task that
      // was requeued asks again under its first ids); that answer went to that caller: ask anew.
      try {
        await publishTo(subject, `${route.requestId}~${randomUUID()}`, body, route, headers);
      } catch (e) {
        throw unavailable(e);
      }
    }
  }

  return {
    async send(body, route) {
      const deadline = Date.now() + o.timeoutMs;
      inbox ??= openReplyInbox(o.nc, o.inboxPrefix);
      const wait = inbox.expect(o.timeoutMs);
      wait.reply.catch(() => undefined);
      try {
        await enqueue(body, route, wait.subject, deadline);
      } catch (e) {
        wait.cancel();
        throw e;
      }
      let m;
      try {
        m = await wait.reply;
      } catch (e) {
        if (e instanceof ReplyTimeoutError) {
          throw new RetryableError(`llm-gateway did not answer request ${route.requestId} within ${o.timeoutMs} ms (queued or in a provider call)`, 'llm_unavailable');
        }
        throw unavailable(e);
      }
      try {
        return m.json();
      } catch {
        throw new RetryableError(`llm-gateway sent an unreadable reply: ${m.string().slice(0, 300)}`, 'llm_bad_reply');
      }
    },
    close() {
      inbox?.close();
      inbox = undefined;
    },
  };
}
