import { liveTokenPartSchema, runEventSchema, type BrokerNames, type LiveTokenPart, type RunEvent } from '@scrai/contracts';
import { errorMessage, type JetStreamClient, type NatsConnection } from '@scrai/messaging';
import type { Logger } from '@scrai/observability';

/** The run's event log as it is written, from its first event on, until the signal aborts. */
export interface LiveRunEvents {
  follow(runId: string, signal: AbortSignal): AsyncIterable<RunEvent>;
  /**
   * The run's answers while they are generated (live-tokens.ts): `onPart` gets each token part from
   * now on, until the returned function is called. Absent: no token parts (e.g. a test double).
   */
  tokens?(runId: string, onPart: (part: LiveTokenPart) => void): () => void;
}

/**
 * Follows the EVENTS stream with an ordered (ephemeral, ack-less) consumer filtered on the run's
 * subjects. The filter is passed as one string: nats-server 2.9 knows only `filter_subject`
 * (an array would need 2.10's `filter_subjects`). Aborting the signal closes the consumer.
 * Token parts come from a core NATS subscription on the run's token subject (nothing stores them).
 */
export function jetStreamLiveRunEvents(js: JetStreamClient, names: BrokerNames, log: Logger, nc: NatsConnection): LiveRunEvents {
  return {
    tokens(runId, onPart) {
      const sub = nc.subscribe(names.subjects.liveTokens(runId), {
        callback: (err, m) => {
          if (err) return;
          const parsed = liveTokenPartSchema.safeParse(safeJson(m.data));
          if (parsed.success) onPart(parsed.data);
          else log.debug({ run_id: runId, subject: m.subject }, 'skipping an undecodable token part');
        },
      });
      return () => sub.unsubscribe();
    },
    async *follow(runId, signal) {
      if (signal.aborted) return;
      const consumer = await js.consumers.get(names.streams.events, { filter_subjects: names.subjects.eventsOfRun(runId) });
      const messages = await consumer.consume({ max_messages: 256 });
      const close = () => void messages.close().catch(() => undefined);
      signal.addEventListener('abort', close, { once: true });
      try {
        if (signal.aborted) return;
        for await (const m of messages) {
          const parsed = runEventSchema.safeParse(safeJson(m.data));
          if (parsed.success) yield parsed.data;
          else log.warn({ run_id: runId, subject: m.subject, stream_seq: m.seq }, 'skipping an undecodable run event');
        }
      } finally {
        signal.removeEventListener('abort', close);
        await messages.close().catch(() => undefined);
        await consumer.delete().catch((e: unknown) => log.debug({ run_id: runId, err: errorMessage(e) }, 'ordered consumer already gone'));
      }
    },
  };
}

function safeJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(data));
  } catch {
    return undefined;
  }
}
