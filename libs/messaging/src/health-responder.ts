import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { healthReplySchema, type BrokerNames, type HealthReply, type ServiceName } from '@scrai/contracts';
import type { Logger } from '@scrai/observability';
import { serveRaw } from './request-reply.js';

export interface HealthSource {
  service: ServiceName;
  instanceId: string;
  version: string;
  /** Named readiness checks of this instance; the instance is ready when all pass. */
  checks(): Promise<HealthReply['checks']> | HealthReply['checks'];
}

const startedAt = Date.now();

/** Every instance answers the health subject (no queue group), so the gateway hears all of them. */
export function serveHealth(nc: NatsConnection, names: BrokerNames, src: HealthSource, log: Logger): Subscription {
  return serveRaw({ nc, subject: names.subjects.health(), log }, async () => {
    const checks = await src.checks();
    const reply: HealthReply = {
      service: src.service,
      instance_id: src.instanceId,
      ready: Object.values(checks).every((c) => c.ok),
      version: src.version,
      pid: process.pid,
      uptime_s: Math.round((Date.now() - startedAt) / 1000),
      checks,
    };
    return reply;
  });
}

/** Scatter-gather: every instance that answers within maxWaitMs. */
export async function collectHealth(nc: NatsConnection, names: BrokerNames, maxWaitMs: number): Promise<HealthReply[]> {
  const out: HealthReply[] = [];
  const it = await nc.requestMany(names.subjects.health(), '{}', { strategy: 'timer', maxWait: maxWaitMs });
  try {
    for await (const m of it) {
      const r = healthReplySchema.safeParse(m.json());
      if (r.success) out.push(r.data);
    }
  } catch {
    // no responders: nobody is up
  }
  return out;
}
