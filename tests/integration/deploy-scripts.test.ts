import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createScratchDatabase, type ScratchDatabase } from '@scrai/devstack';
import { deleteNamespace, testNatsUrl, testPgAdminUrl, uniqueNamespace } from '../harness/test-namespace.js';

/**
 * The two scripts the containers run besides the services, against the real nats-server and
 * Postgres: deploy/health-probe.mjs (the k8s exec probes and the Docker HEALTHCHECK) answers for
 * its own instance only, and deploy/migrate.mjs (the migrations Job) migrates and exits.
 */
const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

function runNode(args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
  });
}

describe('deploy/health-probe.mjs', () => {
  const namespace = uniqueNamespace('probe');
  const instance = `llm-gateway-${namespace}`;
  const base = { NATS_URL: testNatsUrl(), SCRAI_NAMESPACE: namespace, SCRAI_PROBE_WAIT_MS: '1500' };
  let service: ChildProcess;

  beforeAll(async () => {
    service = spawn(process.execPath, [join(repoRoot, 'services', 'llm-gateway', 'dist', 'main.js')], {
      cwd: repoRoot,
      env: { ...process.env, ...base, SCRAI_INSTANCE_ID: instance, LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      let out = '';
      service.stdout?.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('llm-gateway ready')) resolve();
      });
      service.on('exit', (code) => reject(new Error(`llm-gateway exited (${code}) before it was ready`)));
    });
  });

  afterAll(async () => {
    if (service.exitCode === null) {
      const gone = new Promise((r) => service.once('exit', r));
      service.kill('SIGTERM');
      await gone;
    }
    await deleteNamespace(namespace);
  });

  it('passes for a ready instance that answers the NATS health ping', async () => {
    const r = await runNode(['deploy/health-probe.mjs'], { ...base, SCRAI_INSTANCE_ID: instance });
    expect([r.code, r.out]).toEqual([0, '']);
  });

  it('fails for an instance id that does not answer (another pod answering is not enough)', async () => {
    const r = await runNode(['deploy/health-probe.mjs'], { ...base, SCRAI_INSTANCE_ID: 'some-other-pod' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('no health reply from some-other-pod');
  });

  it('fails readiness but passes liveness when NATS is unreachable', async () => {
    const down = { ...base, NATS_URL: 'nats://127.0.0.1:1', SCRAI_INSTANCE_ID: instance };
    const ready = await runNode(['deploy/health-probe.mjs'], down);
    expect(ready.code).toBe(1);
    expect(ready.out).toContain('NATS unreachable');
    const live = await runNode(['deploy/health-probe.mjs', '--liveness'], down);
    expect(live.code).toBe(0);
  });
});

describe('deploy/migrate.mjs', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase(testPgAdminUrl(), 'scrai_migrate');
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('applies every migration to an empty database, exits 0, and is a no-op the second time', async () => {
    const first = await runNode(['deploy/migrate.mjs'], { DATABASE_URL: db.url });
    expect(first.code).toBe(0);
    const report = JSON.parse(first.out.trim().split('\n').pop() ?? '{}') as { applied: string[]; pending: string[] };
    expect(report.applied.length).toBeGreaterThan(0);
    expect(report.pending).toEqual([]);

    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      const rows = await client.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY id');
      expect(rows.rows.map((r) => r.name)).toEqual(report.applied);
    } finally {
      await client.end();
    }

    const second = await runNode(['deploy/migrate.mjs'], { DATABASE_URL: db.url });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out.trim())).toMatchObject({ applied: [], pending: [] });
  });

  it('exits 1 with a message when Postgres cannot be reached', async () => {
    const r = await runNode(['deploy/migrate.mjs'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', SCRAI_MIGRATE_WAIT_MS: '500' });
    expect(r.code).toBe(1);
    expect(r.out).toContain('migrate: cannot connect to Postgres');
  });
});
