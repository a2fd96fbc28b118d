import { SERVICE_NAMES, type HealthReply, type HealthReport } from '@scrai/contracts';

/** Groups the instances that answered by service: the system is ok when every service has a ready instance. */
export function healthReport(replies: readonly HealthReply[]): HealthReport {
  const services = Object.fromEntries(
    SERVICE_NAMES.map((name) => {
      const instances = replies.filter((r) => r.service === name).sort((a, b) => a.instance_id.localeCompare(b.instance_id));
      return [name, { ready: instances.some((i) => i.ready), instances }];
    }),
  ) as HealthReport['services'];
  const ok = Object.values(services).every((s) => s.ready);
  return { status: ok ? 'ok' : 'degraded', services };
}
