import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export { Gauge };
export type { Counter, Histogram, Registry };

/**
 * One Prometheus registry per service process, labelled with the service and instance, with the
 * process's default metrics (CPU, memory, event-loop lag, GC).
 */
export function createMetricsRegistry(service: string, instance: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service, instance });
  collectDefaultMetrics({ register: registry, prefix: 'scrai_' });
  return registry;
}

/** Gets or creates a counter (the same name twice returns the first: providers may ask independently). */
export function counter(registry: Registry, name: string, help: string, labelNames: string[] = []): Counter<string> {
  return (registry.getSingleMetric(name) as Counter<string> | undefined) ?? new Counter({ name, help, labelNames, registers: [registry] });
}

export function histogram(registry: Registry, name: string, help: string, labelNames: string[] = [], buckets?: number[]): Histogram<string> {
  return (
    (registry.getSingleMetric(name) as Histogram<string> | undefined) ??
    new Histogram({ name, help, labelNames, registers: [registry], ...(buckets ? { buckets } : {}) })
  );
}

export function gauge(registry: Registry, name: string, help: string, labelNames: string[] = []): Gauge<string> {
  return (registry.getSingleMetric(name) as Gauge<string> | undefined) ?? new Gauge({ name, help, labelNames, registers: [registry] });
}
