import { describe, expect, it } from '@jest/globals';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/**
 * deploy/grafana/scrai-overview.json charts only metrics the services actually register, so no
 * panel stays empty because of a renamed metric; the compose stack provisions it with Prometheus.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

interface Panel { type: string; title: string; targets?: Array<{ expr: string }> }

/** Metric names the source registers (`'scrai_…'` literals) plus prom-client's default process metrics (prefix scrai_). */
function registeredMetrics(): Set<string> {
  const names = new Set(['scrai_process_cpu_seconds_total', 'scrai_process_resident_memory_bytes']);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir)) {
      const p = join(dir, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/'(scrai_[a-z_]+)'/g)) names.add(m[1]!);
    }
  };
  for (const root of ['libs', 'services']) {
    for (const pkg of readdirSync(join(repoRoot, root))) {
      const src = join(repoRoot, root, pkg, 'src');
      try {
        walk(src);
      } catch {
        // a package without src
      }
    }
  }
  return names;
}

describe('Grafana dashboard', () => {
  const dashboard = JSON.parse(readFileSync(join(repoRoot, 'deploy', 'grafana', 'scrai-overview.json'), 'utf8')) as { uid: string; panels: Panel[] };
  const charts = dashboard.panels.filter((p) => p.type !== 'row');

  it('has panels for runs, queues, dead letters, LLM calls, tokens, cost, cache, rate-limit waits and persistence', () => {
    const exprs = charts.flatMap((p) => p.targets ?? []).map((t) => t.expr).join('\n');
    for (const metric of ['scrai_turns_total', 'scrai_task_queue_depth', 'scrai_redeliveries_total', 'scrai_dead_letters', 'scrai_llm_gateway_calls_total', 'scrai_llm_gateway_tokens_total', 'scrai_llm_gateway_cost_usd_total', 'scrai_llm_rate_limit_wait_seconds_bucket', 'scrai_persist_batch_size_sum', 'scrai_persist_lag_seconds_bucket']) {
      expect(exprs).toContain(metric);
    }
  });

  it('queries only metrics some service registers', () => {
    const known = registeredMetrics();
    const unknown = charts.flatMap((p) =>
      (p.targets ?? []).flatMap((t) => [...t.expr.matchAll(/\bscrai_[a-z_]+/g)].map((m) => m[0]))
        .filter((name) => !known.has(name) && !known.has(name.replace(/_(bucket|sum|count)$/, '')))
        .map((name) => `${p.title}: ${name}`),
    );
    expect(unknown).toEqual([]);
  });

  it('is provisioned in the compose stack with a Prometheus datasource', () => {
    const compose = parse(readFileSync(join(repoRoot, 'deploy', 'docker-compose.yml'), 'utf8')) as { services: Record<string, { volumes?: string[] }> };
    expect(compose.services.grafana?.volumes?.some((v) => v.includes('scrai-overview.json'))).toBe(true);
    const ds = parse(readFileSync(join(repoRoot, 'deploy', 'grafana', 'provisioning', 'datasources', 'prometheus.yml'), 'utf8')) as { datasources: Array<{ type: string; url: string }> };
    expect(ds.datasources[0]).toMatchObject({ type: 'prometheus', url: 'http://prometheus:9090' });
  });
});
