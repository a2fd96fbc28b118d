import { ENGINE_TYPES, type BrokerNames } from '@scrai/contracts';
import type { JetStreamManager } from '@scrai/messaging';
import { Gauge, type Logger, type Registry } from '@scrai/observability';

/**
 * Broker-side gauges read at scrape time: per engine type, tasks waiting (the consumer's pending
 * count, what KEDA scales on) and tasks held by workers (ack pending); and the dead-letter stream's
 * size. The broker's numbers, so every orchestrator replica reports the same values (use max, not sum).
 */
export function registerQueueDepthMetrics(registry: Registry, jsm: JetStreamManager, names: BrokerNames, log: Logger): void {
  new Gauge({
    name: 'scrai_task_queue_depth',
    help: 'Engine tasks on the broker by engine type and state (pending: waiting for a worker; in_flight: delivered, not acked).',
    labelNames: ['engine_type', 'state'],
    registers: [registry],
    async collect() {
      for (const engine_type of ENGINE_TYPES) {
        try {
          const info = await jsm.consumers.info(names.streams.tasks, names.consumers.engine(engine_type));
          this.set({ engine_type, state: 'pending' }, info.num_pending);
          this.set({ engine_type, state: 'in_flight' }, info.num_ack_pending);
        } catch (e) {
          log.debug({ engine_type, err: String(e) }, 'queue depth unavailable');
        }
      }
    },
  });
  new Gauge({
    name: 'scrai_dead_letters',
    help: 'Messages in the dead-letter stream.',
    registers: [registry],
    async collect() {
      try {
        this.set((await jsm.streams.info(names.streams.dlq)).state.messages);
      } catch (e) {
        log.debug({ err: String(e) }, 'dead-letter stream size unavailable');
      }
    },
  });
}
