import { describe, expect, it } from '@jest/globals';
import { SERVICE_NAMES, type HealthReply, type ServiceName } from '@scrai/contracts';
import { healthReport } from '../src/health/health-report.js';

const reply = (service: ServiceName, instance: string, ready = true): HealthReply => ({
  service,
  instance_id: instance,
  ready,
  version: '0.1.0',
  pid: 1,
  uptime_s: 1,
  checks: {},
});

describe('healthReport', () => {
  it('is ok only when every service has a ready instance', () => {
    const all = SERVICE_NAMES.map((s) => reply(s, `${s}-1`));
    expect(healthReport(all).status).toBe('ok');
    const r = healthReport([...all.filter((x) => x.service !== 'persistence'), reply('persistence', 'p-1', false)]);
    expect(r.status).toBe('degraded');
    expect(r.services.persistence).toEqual({ ready: false, instances: [reply('persistence', 'p-1', false)] });
  });

  it('lists every service, also those that did not answer', () => {
    const r = healthReport([reply('gateway', 'g-2'), reply('gateway', 'g-1', false)]);
    expect(Object.keys(r.services)).toEqual([...SERVICE_NAMES]);
    expect(r.services.gateway.ready).toBe(true);
    expect(r.services.gateway.instances.map((i) => i.instance_id)).toEqual(['g-1', 'g-2']);
    expect(r.services.orchestrator).toEqual({ ready: false, instances: [] });
  });
});
