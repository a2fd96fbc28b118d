import type { BrokerNames } from '@scrai/contracts';
import type { NatsConnection } from '@scrai/messaging';
import type { Logger } from '@scrai/observability';
import type { PublishDelta } from './live-token-writer.js';

/**
 * Token parts on core NATS, on the run's `<ns>.live.<run_id>.tokens`: ephemeral by design (no stream
 * keeps them; a viewer not listening misses them and reads the stored event). Publishing only
 * buffers on the connection; a failure (connection closing) is logged and the call goes on.
 */
export function natsDeltaPublisher(nc: NatsConnection, names: BrokerNames, log: Logger): PublishDelta {
  return (part) => {
    try {
      nc.publish(names.subjects.liveTokens(part.run_id), JSON.stringify(part));
    } catch (e) {
      log.debug({ run_id: part.run_id, request_id: part.request_id, err: e instanceof Error ? e.message : String(e) }, 'token part not published');
    }
  };
}
