import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { DynamicModule, INestApplication, INestApplicationContext, Type } from '@nestjs/common';
import { serveHealth } from '@scrai/messaging';
import { startMetricsServer } from '@scrai/observability';
import { Readiness } from './readiness.js';
import type { ServiceContext } from './service-context.js';

export interface RunServiceOptions {
  /** Serve HTTP on this port (gateway); otherwise the service is an application context only. */
  http?: { port: number; host?: string; configure?(app: INestApplication): Promise<void> | void };
}

/**
 * Boot step 2: start the Nest module, answer health pings, and stop cleanly on SIGTERM/SIGINT
 * (providers' shutdown hooks run, then the broker connection drains).
 */
export async function runService(ctx: ServiceContext, module: Type<unknown> | DynamicModule, o: RunServiceOptions = {}): Promise<INestApplicationContext> {
  const app: INestApplicationContext = o.http
    ? await NestFactory.create(module, { logger: ['error', 'warn'], bodyParser: false, abortOnError: false })
    : await NestFactory.createApplicationContext(module, { logger: ['error', 'warn'], abortOnError: false });
  app.enableShutdownHooks();
  if (o.http) {
    const http = app as INestApplication;
    await o.http.configure?.(http);
    await http.listen(o.http.port, o.http.host ?? '0.0.0.0');
  } else {
    await app.init();
  }
  const readiness = app.get(Readiness);
  readiness.register('broker', () => ({ ok: !ctx.nc.isClosed() }));
  const ready = async () => {
    const checks = await readiness.report();
    return { ok: Object.values(checks).every((c) => c.ok), checks };
  };
  // METRICS_PORT is the operations port: /metrics, /livez and /readyz (Kubernetes httpGet probes)
  const metricsServer = ctx.config.METRICS_PORT > 0 ? await startMetricsServer(ctx.metrics, ctx.config.METRICS_PORT, '0.0.0.0', { ready }) : null;
  serveHealth(ctx.nc, ctx.names, { service: ctx.service, instanceId: ctx.instanceId, version: ctx.version, checks: () => readiness.report() }, ctx.log);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    ctx.log.info({ signal }, 'shutting down');
    try {
      metricsServer?.close();
      await app.close();
      await ctx.nc.drain();
      await ctx.tracing.shutdown();
    } catch (e) {
      ctx.log.error({ err: String(e) }, 'error during shutdown');
    }
    ctx.log.flush?.();
    process.exit(0);
  };
  process.removeAllListeners('SIGTERM');
  process.removeAllListeners('SIGINT');
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  ctx.log.info({ pid: process.pid }, `${ctx.service} ready`);
  return app;
}

/** Entry-point wrapper: a boot failure prints one clear line and exits 1. */
export function main(fn: () => Promise<unknown>): void {
  fn().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
