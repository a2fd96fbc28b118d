import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/** The readiness of the process: every registered check, and whether all pass. */
export interface ReadinessSource {
  ready(): Promise<{ ok: boolean; checks: Record<string, { ok: boolean; detail?: string }> }>;
}

/**
 * The process's operations port: `GET /metrics` (Prometheus text format), and, with `health`,
 * `GET /livez` (200 while the process serves HTTP: its event loop runs) and `GET /readyz` (200 when
 * every readiness check passes, else 503; the checks as JSON either way) for Kubernetes httpGet probes.
 * Everything else is a 404.
 */
export async function startMetricsServer(registry: Registry, port: number, host = '0.0.0.0', health?: ReadinessSource): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET') return send(res, 405, 'text/plain', 'only GET\n');
    if (path === '/metrics') {
      registry
        .metrics()
        .then((body) => send(res, 200, registry.contentType, body))
        .catch((e: unknown) => send(res, 500, 'text/plain', String(e)));
      return;
    }
    if (health && path === '/livez') return send(res, 200, 'text/plain', 'ok\n');
    if (health && path === '/readyz') {
      health
        .ready()
        .then((r) => send(res, r.ok ? 200 : 503, 'application/json', JSON.stringify(r)))
        .catch((e: unknown) => send(res, 503, 'application/json', JSON.stringify({ ok: false, error: String(e) })));
      return;
    }
    send(res, 404, 'text/plain', `not found: metrics are at /metrics${health ? ', health at /livez and /readyz' : ''}\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

function send(res: import('node:http').ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
}
