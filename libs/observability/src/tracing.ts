import { SpanKind, SpanStatusCode, type Attributes, type Span, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
export type { Attributes } from '@opentelemetry/api';
import { contextOfTraceparent, traceparentOf } from './traceparent-context.js';
import { newTraceparent, traceIdOf } from './trace-id.js';

export type TraceSpanKind = 'server' | 'client' | 'producer' | 'consumer' | 'internal';

export interface StartSpanOptions {
  /** The W3C traceparent of the work that caused this (a message header); absent: a new trace. */
  parent?: string;
  kind?: TraceSpanKind;
  attributes?: Attributes;
}

/** One unit of work. Its `traceparent` goes on every message the work publishes, so the next hop is its child. */
export interface TraceSpan {
  readonly traceparent: string;
  readonly traceId: string | undefined;
  setAttributes(attributes: Attributes): void;
  /** Marks the span failed with the error's message (and records it as an exception event). */
  fail(err: unknown): void;
  end(): void;
}

/**
 * Spans of one service process. Off (no exporter configured) it records nothing and costs a string:
 * spans hand the parent's traceparent through unchanged, so trace ids still reach logs and messages.
 */
export interface Tracing {
  readonly enabled: boolean;
  startSpan(name: string, o?: StartSpanOptions): TraceSpan;
  /** Runs `fn` in a span that ends when it settles, failed if it throws. */
  inSpan<T>(name: string, o: StartSpanOptions, fn: (span: TraceSpan) => Promise<T>): Promise<T>;
  /** Exports what is buffered. */
  flush(): Promise<void>;
  /** Exports what is buffered and stops. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  service: string;
  instanceId: string;
  version?: string;
  /** OTLP/HTTP traces endpoint (`…/v1/traces`); absent and no exporter: tracing is off. */
  otlpTracesUrl?: string;
  /** An exporter to use instead of OTLP (tests: the SDK's InMemorySpanExporter). */
  exporter?: SpanExporter;
  /** Batch export delay in ms (default 1000). */
  exportDelayMs?: number;
}

const KINDS: Record<TraceSpanKind, SpanKind> = {
  server: SpanKind.SERVER,
  client: SpanKind.CLIENT,
  producer: SpanKind.PRODUCER,
  consumer: SpanKind.CONSUMER,
  internal: SpanKind.INTERNAL,
};

/**
 * The environment's OTLP traces URL, as the OpenTelemetry spec names it: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT as
 * is, else OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`; none (or OTEL_SDK_DISABLED=true): undefined (off).
 */
export function otlpTracesUrlFromEnv(env: Record<string, string | undefined>): string | undefined {
  if (env.OTEL_SDK_DISABLED === 'true') return undefined;
  if (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) return env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT;
  return base ? `${base.replace(/\/+$/, '')}/v1/traces` : undefined;
}

export function createTracing(o: TracingOptions): Tracing {
  const exporter = o.exporter ?? (o.otlpTracesUrl ? new OTLPTraceExporter({ url: o.otlpTracesUrl }) : undefined);
  if (!exporter) return DISABLED_TRACING;
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': o.service, 'service.instance.id': o.instanceId, 'service.version': o.version ?? '0.1.0' }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: o.exportDelayMs ?? 1000, maxQueueSize: 8192 })],
  });
  const tracer = provider.getTracer('scrai', o.version);
  const tracing: Tracing = {
    enabled: true,
    startSpan: (name, so = {}) => recordingSpan(tracer, name, so),
    inSpan: (name, so, fn) => runInSpan(tracing, name, so, fn),
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
  return tracing;
}

function recordingSpan(tracer: Tracer, name: string, o: StartSpanOptions): TraceSpan {
  const span: Span = tracer.startSpan(name, { kind: KINDS[o.kind ?? 'internal'], attributes: o.attributes }, contextOfTraceparent(o.parent));
  const sc = span.spanContext();
  return {
    traceparent: traceparentOf(sc),
    traceId: sc.traceId,
    setAttributes: (a) => void span.setAttributes(a),
    fail: (err) => {
      const message = err instanceof Error ? err.message : String(err);
      span.recordException(err instanceof Error ? err : { message });
      span.setStatus({ code: SpanStatusCode.ERROR, message });
    },
    end: () => span.end(),
  };
}

async function runInSpan<T>(t: Tracing, name: string, o: StartSpanOptions, fn: (span: TraceSpan) => Promise<T>): Promise<T> {
  const span = t.startSpan(name, o);
  try {
    return await fn(span);
  } catch (e) {
    span.fail(e);
    throw e;
  } finally {
    span.end();
  }
}

const noop = (): void => undefined;

/** Tracing off: no spans, the parent's traceparent passed on (a new one for a new trace). */
export const DISABLED_TRACING: Tracing = {
  enabled: false,
  startSpan(_name, o = {}) {
    const traceparent = o.parent ?? newTraceparent();
    return { traceparent, traceId: traceIdOf(traceparent), setAttributes: noop, fail: noop, end: noop };
  },
  inSpan(name, o, fn) {
    return fn(DISABLED_TRACING.startSpan(name, o));
  },
  flush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};
