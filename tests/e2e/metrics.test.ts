import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SERVICE_NAMES } from '@scrai/contracts';
import { freePort } from '@scrai/devstack';
import { startStackFixture, type StackFixture } from '../harness/stack-fixture.js';
import { waitUntil } from '../harness/wait-until.js';

/** Sums the samples of one metric whose labels include all of `labels`. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const m = /^[^{\s]+(?:\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!m) continue;
    const have = Object.fromEntries([...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) sum += Number(m[2]);
  }
  return sum;
}

/** Every service serves Prometheus metrics; after a run the counters agree with what was stored. */
describe('metrics: /metrics on every service, matching the stored run', () => {
  let fx: StackFixture;
  const ports: Record<string, number> = {};

  beforeAll(async () => {
    for (const name of SERVICE_NAMES) ports[name] = await freePort();
    fx = await startStackFixture({
      name: 'e2e-metrics',
      services: SERVICE_NAMES.map((name) => ({ name, env: { METRICS_PORT: String(ports[name]) } })),
    });
  }, 120_000);

  afterAll(async () => {
    await fx?.close();
  });

  const scrape = async (service: string) => {
    const res = await fetch(`http://127.0.0.1:${ports[service]}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };

  it('counts the turns, tokens, tasks and stored events of a run', async () => {
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 42 } });
    const run = await fx.client.waitForRun(id, { timeoutMs: 60_000 });
    expect(run.status).toBe('completed');
    const llm = await scrape('llm-gateway');
    // call records reach Postgres on their own stream, just after the reply: wait for the last ones
    const usage = await waitUntil('the run\'s call records in Postgres', async () => {
      const u = await fx.client.getUsage(id);
      return u.totals.calls >= sample(llm, 'scrai_llm_gateway_calls_total') ? u : null;
    }, { timeoutMs: 10_000 });

    const orchestrator = await scrape('orchestrator');
    expect(sample(orchestrator, 'scrai_turns_total')).toBe(run.turn_count);
    expect(sample(orchestrator, 'scrai_events_total')).toBe(run.event_count);
    expect(sample(orchestrator, 'scrai_llm_tokens_total', { direction: 'in' })).toBe(usage.totals.tokens_in);
    expect(sample(orchestrator, 'scrai_llm_tokens_total', { direction: 'out' })).toBe(usage.totals.tokens_out);
    expect(sample(orchestrator, 'scrai_runs_ended_total', { status: 'completed' })).toBe(1);

    const actor = await scrape('engine-actor');
    expect(sample(actor, 'scrai_messages_total', { consumer: 'engine-actor', disposition: 'ack' })).toBe(run.turn_count);
    expect(sample(actor, 'scrai_handle_seconds_count', { consumer: 'engine-actor' })).toBe(run.turn_count);

    const persistence = await scrape('persistence');
    expect(sample(persistence, 'scrai_persisted_total', { stream: 'events' })).toBe(run.event_count);

    // the llm-gateway's counters equal the run's stored calls (GET /usage sums the llm_calls rows)
    expect(sample(llm, 'scrai_llm_gateway_calls_total')).toBe(usage.totals.calls);
    expect(sample(llm, 'scrai_llm_gateway_calls_total', { cached: 'true' })).toBe(usage.totals.cached_calls);
    expect(sample(llm, 'scrai_llm_gateway_calls_total', { status: 'error' })).toBe(usage.totals.failed_calls);
    expect(sample(llm, 'scrai_llm_gateway_attempts_total')).toBe(usage.totals.attempts);
    expect(sample(llm, 'scrai_llm_gateway_tokens_total', { direction: 'in' })).toBe(usage.totals.tokens_in);
    expect(sample(llm, 'scrai_llm_gateway_tokens_total', { direction: 'out' })).toBe(usage.totals.tokens_out);
    expect(sample(llm, 'scrai_llm_gateway_call_seconds_count', { provider: 'mock' })).toBe(usage.totals.calls);

    // broker-side gauges, read at scrape time: the run has ended, nothing waits
    expect(sample(orchestrator, 'scrai_task_queue_depth', { engine_type: 'actor', state: 'pending' })).toBe(0);
    expect(orchestrator).toMatch(/^scrai_dead_letters(\{[^}]*\})? 0$/m);

    for (const service of SERVICE_NAMES) {
      const text = await scrape(service);
      expect(text).toContain(`service="${service}"`);
      expect(sample(text, 'scrai_process_resident_memory_bytes')).toBeGreaterThan(0);
      // the same port answers the Kubernetes probes
      const ready = await fetch(`http://127.0.0.1:${ports[service]}/readyz`);
      expect([service, ready.status]).toEqual([service, 200]);
      expect(((await ready.json()) as { checks: Record<string, { ok: boolean }> }).checks.broker).toEqual({ ok: true });
      expect((await fetch(`http://127.0.0.1:${ports[service]}/livez`)).status).toBe(200);
    }
  });
});
