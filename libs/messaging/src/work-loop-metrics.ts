import { counter, histogram, type Registry } from '@scrai/observability';
import type { Disposition } from './disposition.js';

export interface WorkLoopMetrics {
  settled(consumer: string, d: Disposition, deliveryCount: number): void;
  handled(consumer: string, seconds: number): void;
}

/** Per-consumer counters of what happened to its messages, and how long handlers took. */
export function workLoopMetrics(registry: Registry | undefined): WorkLoopMetrics {
  if (!registry) return { settled: () => undefined, handled: () => undefined };
  const messages = counter(registry, 'scrai_messages_total', 'Messages settled by a work loop, by consumer and disposition (ack, nak, dead_letter).', ['consumer', 'disposition']);
  const redeliveries = counter(registry, 'scrai_redeliveries_total', 'Deliveries after the first (a worker died, hung or nak-ed), by consumer.', ['consumer']);
  const deadLetters = counter(registry, 'scrai_dead_letters_total', 'Messages dead-lettered by a worker, by consumer and reason.', ['consumer', 'reason']);
  const handle = histogram(registry, 'scrai_handle_seconds', 'Time a handler spent on one delivery, by consumer.', ['consumer'], [0.001, 0.005, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60]);
  return {
    settled(consumer, d, deliveryCount) {
      messages.inc({ consumer, disposition: d.type });
      if (deliveryCount > 1) redeliveries.inc({ consumer });
      if (d.type === 'dead_letter') deadLetters.inc({ consumer, reason: d.reason.split(':')[0]! });
    },
    handled(consumer, seconds) {
      handle.observe({ consumer }, seconds);
    },
  };
}
