import { describe, expect, it } from '@jest/globals';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { DISABLED_TRACING, createTracing, newTraceparent, otlpTracesUrlFromEnv, spanContextOf, traceIdOf } from '../src/index.js';

describe('tracing', () => {
  it('makes a span the child of the traceparent it was started from, and hands on its own traceparent', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = createTracing({ service: 'orchestrator', instanceId: 'o-1', exporter, exportDelayMs: 10 });
    const incoming = newTraceparent();
    const span = tracing.startSpan('run.input', { parent: incoming, kind: 'consumer', attributes: { 'scrai.run_id': 'r1' } });
    expect(span.traceId).toBe(traceIdOf(incoming));
    expect(span.traceparent).not.toBe(incoming);
    const child = tracing.startSpan('publish', { parent: span.traceparent });
    child.end();
    span.end();
    await tracing.flush();
    const [c, p] = exporter.getFinishedSpans();
    expect(p!.name).toBe('run.input');
    expect(p!.parentSpanContext?.spanId).toBe(spanContextOf(incoming)!.spanId);
    expect(c!.parentSpanContext?.spanId).toBe(p!.spanContext().spanId);
    expect(p!.attributes['scrai.run_id']).toBe('r1');
    expect(p!.resource.attributes['service.name']).toBe('orchestrator');
  });

  it('marks a span failed when the work in it throws, and rethrows', async () => {
    const exporter = new InMemorySpanExporter();
    const tracing = createTracing({ service: 's', instanceId: 'i', exporter });
    await expect(tracing.inSpan('work', {}, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await tracing.flush();
    expect(exporter.getFinishedSpans()[0]!.status).toEqual({ code: 2, message: 'boom' });
  });

  it('starts a new trace from a missing or malformed traceparent', () => {
    const tracing = createTracing({ service: 's', instanceId: 'i', exporter: new InMemorySpanExporter() });
    expect(tracing.startSpan('a', { parent: 'garbage' }).traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(spanContextOf('00-00000000000000000000000000000000-0000000000000001-01')).toBeUndefined();
  });

  it('is off without an endpoint: no exporter, the parent traceparent passes through', () => {
    expect(otlpTracesUrlFromEnv({})).toBeUndefined();
    expect(otlpTracesUrlFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).toBe('http://c:4318/v1/traces');
    expect(otlpTracesUrlFromEnv({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://c/t', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x' })).toBe('http://c/t');
    expect(otlpTracesUrlFromEnv({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://x' })).toBeUndefined();
    const tracing = createTracing({ service: 's', instanceId: 'i' });
    expect(tracing).toBe(DISABLED_TRACING);
    const parent = newTraceparent();
    expect(tracing.startSpan('x', { parent }).traceparent).toBe(parent);
  });
});
