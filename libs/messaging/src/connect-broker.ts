import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@scrai/observability';

export interface ConnectOptions {
  url: string;
  name: string;
  log: Logger;
  /** Keep trying while the server is not up yet (services may start before NATS). */
  waitOnFirstConnect?: boolean;
}

export async function connectBroker(o: ConnectOptions): Promise<NatsConnection> {
  const nc = await connect({
    servers: o.url.split(','),
    name: o.name,
    waitOnFirstConnect: o.waitOnFirstConnect ?? true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 500,
    // nats.js otherwise builds an Error per request just to keep an async stack trace; on the hot
    // path (KV, publish acks, pulls) that was the largest single CPU cost of the orchestrator.
    noAsyncTraces: true,
  });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect' || s.type === 'reconnect' || s.type === 'error') {
        o.log.warn({ nats_status: s.type }, `nats ${s.type}`);
      }
    }
  })();
  return nc;
}
