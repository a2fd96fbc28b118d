import { afterEach, describe, expect, it } from '@jest/globals';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { counter, createMetricsRegistry, startMetricsServer } from '../src/index.js';

describe('operations port: /metrics, /livez, /readyz', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  const start = async (checks: Record<string, { ok: boolean; detail?: string }>) => {
    const registry = createMetricsRegistry('engine-actor', 'a-1');
    counter(registry, 'scrai_turns_total', 'turns').inc(3);
    server = await startMetricsServer(registry, 0, '127.0.0.1', { ready: async () => ({ ok: Object.values(checks).every((c) => c.ok), checks }) });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it('serves the metrics, liveness, and readiness with every check', async () => {
    const url = await start({ broker: { ok: true }, 'task-consumer': { ok: true } });
    expect(await (await fetch(`${url}/metrics`)).text()).toMatch(/^scrai_turns_total\{service="engine-actor",instance="a-1"\} 3$/m);
    expect((await fetch(`${url}/livez`)).status).toBe(200);
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, checks: { broker: { ok: true }, 'task-consumer': { ok: true } } });
  });

  it('answers 503 with the failing check while not ready, and stays live', async () => {
    const url = await start({ broker: { ok: false, detail: 'disconnected' }, db: { ok: true } });
    const ready = await fetch(`${url}/readyz`);
    expect(ready.status).toBe(503);
    expect(((await ready.json()) as { checks: Record<string, unknown> }).checks.broker).toEqual({ ok: false, detail: 'disconnected' });
    expect((await fetch(`${url}/livez`)).status).toBe(200);
    expect((await fetch(`${url}/nope`)).status).toBe(404);
  });
});
