import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../harness/otlp-receiver.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, startStackFixture, type StackFixture } from '../harness/stack-fixture.js';
import { waitUntil } from '../harness/wait-until.js';

const SEVEN = ['gateway', 'orchestrator', 'engine-actor', 'engine-narrator', 'engine-analyst', 'llm-gateway', 'persistence'];

/**
 * Issue 6 point 8: every service exports its spans over OTLP/HTTP to an in-process receiver; one run
 * is one trace whose tree goes REST call → orchestrator → engine → llm-gateway, with the
 * orchestrator's events written by persistence, and spans for each turn and each LLM call.
 */
describe('tracing: one run is one trace across the seven services', () => {
  let receiver: OtlpReceiver;
  let fx: StackFixture;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    fx = await startStackFixture({ name: 'e2e-trace', env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  }, 120_000);

  afterAll(async () => {
    await fx?.close();
    await receiver?.close();
  });

  it('links spans from all seven services under the run\'s root span, each hop the child of the one before', async () => {
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 7, max_turns: 4 } });
    const run = await fx.client.waitForRun(id, { timeoutMs: 60_000 });
    expect(run.status).toBe('completed');

    const root = await waitUntil('the gateway span of the run', async () => receiver.spans.find((s) => s.name === 'gateway run.start' && s.attributes['scrai.run_id'] === id), { timeoutMs: 15_000 });
    const inTrace = (): ReceivedSpan[] => receiver.spans.filter((s) => s.traceId === root.traceId);
    // services export in batches about every second: wait until every service's spans have arrived
    await waitUntil(`spans of ${SEVEN.join(', ')}`, async () => SEVEN.every((svc) => inTrace().some((s) => s.service === svc)), { timeoutMs: 20_000 });
    const spans = inTrace();
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const parentOf = (s: ReceivedSpan) => (s.parentSpanId ? byId.get(s.parentSpanId) : undefined);

    expect(root.parentSpanId).toBeUndefined();
    expect(new Set(spans.map((s) => s.service))).toEqual(new Set(SEVEN));
    // every span but the root hangs on a span of the same trace: one tree
    expect(spans.filter((s) => s !== root && !parentOf(s)).map((s) => `${s.service}:${s.name}`)).toEqual([]);

    const start = spans.find((s) => s.service === 'orchestrator' && s.name === 'orchestrator start')!;
    expect(parentOf(start)).toBe(root);
    const engineSpans = spans.filter((s) => s.service.startsWith('engine-'));
    expect(engineSpans.length).toBeGreaterThanOrEqual(4 + 2); // 4 actor turns, the scene opening, the report
    for (const e of engineSpans) expect(parentOf(e)?.service).toBe('orchestrator');
    const turns = engineSpans.filter((s) => s.name === 'actor actor.turn');
    expect(turns.length).toBeGreaterThanOrEqual(4);

    const llm = spans.filter((s) => s.service === 'llm-gateway');
    expect(llm.length).toBeGreaterThanOrEqual(engineSpans.length);
    for (const l of llm) expect(parentOf(l)?.service).toMatch(/^engine-/);
    const call = llm[0]!;
    expect(call.attributes).toMatchObject({ 'llm.provider': 'mock' });
    expect(typeof call.attributes['llm.model']).toBe('string');
    expect(typeof call.attributes['llm.tokens_in']).toBe('number');
    expect(typeof call.attributes['llm.cached']).toBe('boolean');
    expect(typeof call.attributes['llm.attempts']).toBe('number');

    // results come back: an orchestrator span whose parent is an engine span
    expect(spans.some((s) => s.service === 'orchestrator' && parentOf(s)?.service.startsWith('engine-'))).toBe(true);
    const writes = spans.filter((s) => s.service === 'persistence');
    for (const w of writes) expect(['orchestrator', 'gateway', 'llm-gateway', 'engine-actor', 'engine-narrator', 'engine-analyst']).toContain(parentOf(w)?.service);
    expect(writes.some((w) => parentOf(w)?.service === 'orchestrator')).toBe(true);

    // log lines of the run's work carry its run id, trace id and the span id of the work they belong to
    const lines = readFileSync(join(repoRoot, 'var', 'test-logs', fx.namespace, 'orchestrator-0.log'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .filter((l) => l.run_id === id);
    const ended = lines.find((l) => l.msg === 'run completed');
    expect(ended).toMatchObject({ service: 'orchestrator', trace_id: root.traceId });
    expect(byId.get(String(ended!.span_id))?.service).toBe('orchestrator');
  });
});
