import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { credentials, loadPackageDefinition, Metadata, status as GrpcStatus, type Client, type ServiceClientConstructor, type ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { brokerNames, DomainError, SERVICE_NAMES, type HealthReport, type RunEvent, type RunRecord, type RunSpec, type TemplateRecord } from '@scrai/contracts';
import { freePort } from '@scrai/devstack';
import { connectBroker, jetstream, jetstreamManager, publishJson, serveQuery, type NatsConnection, type Subscription } from '@scrai/messaging';
import { createLogger } from '@scrai/observability';
import { ScraiApiError, ScraiClient } from '@scrai/sdk';

/**
 * The gateway as its own process against the real NATS, with none of the other services running:
 * everything the gateway decides by itself (validation, errors, docs, health), then, with a
 * stand-in persistence answering queries over the real broker, the run commands it publishes and
 * the events it streams (SSE and gRPC).
 */

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'services', 'gateway', 'dist', 'main.js');
const NATS_URL = process.env.SCRAI_TEST_NATS_URL ?? 'nats://127.0.0.1:4222';
const namespace = `t-gw-${randomBytes(4).toString('hex')}`;
const names = brokerNames(namespace);
const log = createLogger({ service: 'gateway-api-test', instanceId: 'test', level: 'silent' });

let gateway: ChildProcess;
let output = '';
let base = '';
let grpcPort = 0;
let sdk: ScraiClient;
let nc: NatsConnection;

async function waitForGateway(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (gateway.exitCode !== null) throw new Error(`gateway exited (${gateway.exitCode}):\n${output}`);
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`gateway did not come up:\n${output}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const post = (path: string, body: string, contentType = 'application/json') =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': contentType }, body });

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} not found: build first (pnpm build)`);
  const port = await freePort();
  grpcPort = await freePort();
  base = `http://127.0.0.1:${port}`;
  gateway = spawn(process.execPath, ['--enable-source-maps', MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NATS_URL,
      SCRAI_NAMESPACE: namespace,
      PORT: String(port),
      HOST: '127.0.0.1',
      GRPC_PORT: String(grpcPort),
      SCRAI_QUERY_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  gateway.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  gateway.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await waitForGateway(`${base}/api/docs-json`, 30_000);
  sdk = new ScraiClient({ baseUrl: base });
  nc = await connectBroker({ url: NATS_URL, name: 'gateway-api-test', log, waitOnFirstConnect: false });
});

afterAll(async () => {
  if (gateway && gateway.exitCode === null) {
    await new Promise<void>((resolve) => {
      const kill = setTimeout(() => gateway.kill('SIGKILL'), 10_000);
      gateway.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      gateway.kill('SIGTERM');
    });
  }
  if (nc) {
    const jsm = await jetstreamManager(nc);
    for (const stream of Object.values(names.streams)) await jsm.streams.delete(stream).catch(() => undefined);
    await nc.drain();
  }
});

describe('gateway on its own', () => {
  it('serves the JSON Schemas of template bodies', async () => {
    const agent = await sdk.getSchema('agent');
    expect(JSON.stringify(agent)).toContain('engine_type');
    const scenario = await sdk.getSchema('scenario');
    expect(scenario).toMatchObject({ type: 'object', properties: expect.objectContaining({ roles: expect.any(Object), max_turns: expect.any(Object) }) });
  });

  it('400s an invalid agent template with the field path, before any query', async () => {
    const err = await sdk
      .createAgent({ name: 'bad', engine_type: 'actor', persona: { role: 'x', goals: 'not a list' as unknown as string[] } })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScraiApiError);
    expect((err as ScraiApiError).status).toBe(400);
    expect((err as ScraiApiError).error).toBe('bad_request');
    expect((err as ScraiApiError).details.map((d) => d.path)).toContain('persona.goals');
  });

  it('400s an agent whose llm.provider is not a provider id, naming the field', async () => {
    const err = await sdk.createAgent({ name: 'bad-provider', engine_type: 'actor', persona: { role: 'x' }, llm: { provider: 'Open Router' } }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400 });
    expect((err as ScraiApiError).details.map((d) => d.path)).toContain('llm.provider');
  });

  it('400s an inline scenario with a bad field, naming it', async () => {
    const res = await post('/api/v1/runs', JSON.stringify({ scenario: { name: 's', opening_situation: 'x', roles: { a: { agent: 'a' } }, max_turns: 0 } }));
    expect(res.status).toBe(400);
    expect(((await res.json()) as { details: Array<{ path: string }> }).details.map((d) => d.path)).toContain('scenario.max_turns');
  });

  it('413s a 2 MB body in the error shape', async () => {
    const res = await post('/api/v1/agents', JSON.stringify({ name: 'big', blob: 'x'.repeat(2 * 1024 * 1024) }));
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({ error: 'payload_too_large', message: expect.stringContaining('1mb'), details: [] });
  });

  it('400s a body that is not JSON', async () => {
    const res = await post('/api/v1/agents', '{"name": ');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'bad_request', message: 'request body is not valid JSON', details: [] });
  });

  it('404s an unknown route as JSON', async () => {
    const res = await fetch(`${base}/api/v1/no-such-thing`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toEqual({ error: 'not_found', message: expect.stringContaining('/api/v1/no-such-thing'), details: [] });
  });

  it('400s a run id that is not a UUID', async () => {
    const err = (await sdk.getRun('not-a-uuid').catch((e: unknown) => e)) as ScraiApiError;
    expect(err.status).toBe(400);
    expect(err.details).toEqual([{ path: 'id', message: 'must be a UUID' }]);
  });

  it('publishes an OpenAPI 3.1 document with the runs paths, and Swagger UI', async () => {
    const doc = (await (await fetch(`${base}/api/docs-json`)).json()) as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/runs', '/api/v1/runs/{id}', '/api/v1/runs/{id}/events', '/api/v1/runs/{id}/events/stream', '/api/v1/runs/{id}/stop', '/api/v1/agents', '/api/v1/scenarios/{ref}', '/health']),
    );
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['AgentTemplate', 'ScenarioTemplate', 'CreateRunRequest', 'RunEvent', 'Run', 'Error']));
    const ui = await fetch(`${base}/api/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
  });

  it('answers /health with 503, listing the services that are missing', async () => {
    for (const path of ['/health', '/api/v1/health']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as HealthReport;
      expect(body.status).toBe('degraded');
      expect(Object.keys(body.services).sort()).toEqual([...SERVICE_NAMES].sort());
      expect(body.services.gateway.ready).toBe(true);
      expect(body.services.gateway.instances).toHaveLength(1);
      for (const s of SERVICE_NAMES.filter((n) => n !== 'gateway')) expect(body.services[s]).toEqual({ ready: false, instances: [] });
    }
    expect((await sdk.health()).status).toBe('degraded');
  });

  it('503s a query when no persistence answers, in the error shape', async () => {
    const res = await fetch(`${base}/api/v1/agents`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ error: 'unavailable', message: expect.stringContaining('query.templates.list'), details: [] });
    const err = (await sdk.getRun(randomUUID()).catch((e: unknown) => e)) as ScraiApiError;
    expect(err.status).toBe(503);
  });
});

// ---------------------------------------------------------------------------------------------------

interface StandIn {
  runs: Map<string, RunRecord>;
  events: Map<string, RunEvent[]>;
  created: Array<{ spec: RunSpec; scenario_id: string | null }>;
  templateBodies: unknown[];
}

const standIn: StandIn = { runs: new Map(), events: new Map(), created: [], templateBodies: [] };
const subs: Subscription[] = [];

const template = (kind: 'agent' | 'scenario', body: Record<string, unknown>): TemplateRecord => ({
  id: randomUUID(),
  kind,
  name: body.name as string,
  body,
  source: 'shipped',
  created_at: new Date().toISOString(),
  updated_at: new Date().toISOString(),
});
const templates: TemplateRecord[] = [
  template('agent', { name: 'alice', engine_type: 'actor', persona: { role: 'optimist' } }),
  template('agent', { name: 'bob', engine_type: 'actor', persona: { role: 'skeptic' } }),
  template('scenario', { name: 'debate', opening_situation: 'A town hall.', roles: { alice: { agent: 'alice' }, bob: { agent: 'bob' }, ghost: { agent: 'nobody', required: false } } }),
];

const runRecord = (id: string, status: RunRecord['status']): RunRecord => ({
  id,
  name: null,
  scenario_name: 'debate',
  status,
  seed: 1,
  turn_count: 0,
  event_count: 0,
  end_reason: null,
  error: null,
  created_at: new Date().toISOString(),
  started_at: null,
  ended_at: null,
});

const event = (runId: string, seq: number, type: RunEvent['type']): RunEvent => ({
  id: `${runId}:${seq}`,
  run_id: runId,
  seq,
  type,
  at: new Date().toISOString(),
  agent_id: type === 'actor.turn' ? 'alice' : null,
  payload: { n: seq },
});

function serveStandIn(): void {
  const on = (name: string, handler: (req: Record<string, unknown>) => unknown) =>
    subs.push(serveQuery({ nc, subject: names.subjects.query(name), queue: 'persistence', log }, async (d) => handler(d as Record<string, unknown>)));
  on('templates.get', ({ kind, ref }) => {
    const t = templates.find((x) => x.kind === kind && (x.name === ref || x.id === ref));
    if (!t) throw new DomainError(404, `${String(kind)} template "${String(ref)}" not found`);
    return t;
  });
  on('templates.create', ({ kind, body }) => {
    standIn.templateBodies.push(body);
    return template(kind as 'agent', body as Record<string, unknown>);
  });
  on('runs.create', (req) => {
    const r = req as unknown as { spec: RunSpec; scenario_id: string | null };
    standIn.created.push(r);
    standIn.runs.set(r.spec.run_id, runRecord(r.spec.run_id, 'pending'));
    return standIn.runs.get(r.spec.run_id);
  });
  on('runs.get', ({ run_id }) => {
    const r = standIn.runs.get(run_id as string);
    if (!r) throw new DomainError(404, `run ${String(run_id)} not found`);
    return r;
  });
  on('events.list', ({ run_id, after_seq, limit }) => {
    const all = (standIn.events.get(run_id as string) ?? []).filter((e) => e.seq > (after_seq as number));
    const items = all.slice(0, limit as number);
    return { items, next_after_seq: all.length > items.length ? items.at(-1)!.seq : null };
  });
}

async function lastCommand(runId: string, kind: 'start' | 'stop') {
  const jsm = await jetstreamManager(nc);
  const m = await jsm.streams.getMessage(names.streams.cmd, { last_by_subj: names.subjects.cmd(runId, kind) });
  return { input: m!.json<Record<string, unknown>>(), msgId: m!.header.get('Nats-Msg-Id'), traceparent: m!.header.get('traceparent') };
}

function publishEvents(events: RunEvent[]) {
  const js = jetstream(nc);
  return Promise.all(events.map((e) => publishJson(js, names.subjects.event(e.run_id, e.type), e, { msgID: e.id })));
}

function grpcClient(): Client & Record<string, (...args: unknown[]) => unknown> {
  const def = loadSync('scrai/v1/runs.proto', { keepCase: true, longs: Number, enums: String, defaults: false, oneofs: true, includeDirs: [join(ROOT, 'proto')] });
  const pkg = loadPackageDefinition(def) as unknown as { scrai: { v1: { RunService: ServiceClientConstructor } } };
  return new pkg.scrai.v1.RunService(`127.0.0.1:${grpcPort}`, credentials.createInsecure()) as unknown as Client & Record<string, (...args: unknown[]) => unknown>;
}

const unaryCall = <T>(client: Record<string, (...args: unknown[]) => unknown>, method: string, req: unknown) =>
  new Promise<T>((resolve, reject) => client[method]!(req, new Metadata(), (err: ServiceError | null, res: T) => (err ? reject(err) : resolve(res))));

describe('gateway with a stand-in persistence (no orchestrator)', () => {
  beforeAll(async () => {
    serveStandIn();
    await nc.flush();
  });
  afterAll(() => {
    for (const s of subs) s.unsubscribe();
  });

  it('validates a template, then hands the body as written to persistence', async () => {
    const body = { name: 'carol', engine_type: 'actor' as const, persona: { role: 'host' } };
    const created = await sdk.createAgent(body);
    expect(created.name).toBe('carol');
    expect(standIn.templateBodies.at(-1)).toEqual(body);
  });

  it("accepts an agent naming any provider id (one the llm-gateway's config defines, e.g. openrouter)", async () => {
    const body = { name: 'dora', engine_type: 'actor' as const, persona: { role: 'host' }, llm: { provider: 'openrouter', model: 'meta-llama/llama-3.1-8b' } };
    const created = await sdk.createAgent(body);
    expect(created.name).toBe('dora');
    expect(standIn.templateBodies.at(-1)).toEqual(body);
  });

  it('starts a run of a stored scenario: resolves agents, records it, queues the start command', async () => {
    const res = await post('/api/v1/runs', JSON.stringify({ scenario: 'debate', overrides: { seed: 11, llm: { model: 'forced-model' } } }));
    expect(res.status).toBe(202);
    const { id } = (await res.json()) as { id: string };
    expect(res.headers.get('location')).toBe(`/api/v1/runs/${id}`);
    const created = standIn.created.find((c) => c.spec.run_id === id)!;
    expect(created.scenario_id).toBe(templates[2]!.id);
    expect(created.spec.seed).toBe(11);
    expect(created.spec.agents.map((a) => [a.id, a.llm.provider, a.llm.model])).toEqual([
      ['alice', 'mock', 'forced-model'],
      ['bob', 'mock', 'forced-model'],
    ]);
    const cmd = await lastCommand(id, 'start');
    expect(cmd.msgId).toBe(`${id}:start`);
    expect(cmd.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(cmd.input).toEqual({ kind: 'start', run_id: id, spec: created.spec });
  });

  it('404s an unknown scenario with path "scenario", and 400s a missing required agent', async () => {
    const missing = (await sdk.createRun({ scenario: 'no-such-scenario' }).catch((e: unknown) => e)) as ScraiApiError;
    expect([missing.status, missing.details[0]?.path]).toEqual([404, 'scenario']);
    const inline = (await sdk
      .createRun({ scenario: { name: 'x', opening_situation: 'y', roles: { hero: { agent: 'nobody' } } } })
      .catch((e: unknown) => e)) as ScraiApiError;
    expect([inline.status, inline.details[0]?.path]).toEqual([400, 'scenario.roles.hero.agent']);
  });

  it('stops a running run (202) and refuses to stop an ended one (409)', async () => {
    const running = randomUUID();
    standIn.runs.set(running, runRecord(running, 'running'));
    expect(await sdk.stopRun(running, 'enough')).toEqual({ id: running, status: 'stopping' });
    expect((await lastCommand(running, 'stop')).input).toEqual({ kind: 'stop', run_id: running, reason: 'enough' });

    const done = randomUUID();
    standIn.runs.set(done, runRecord(done, 'completed'));
    const res = await post(`/api/v1/runs/${done}/stop`, '');
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({ error: 'conflict', message: `run ${done} is already completed`, details: [] });
    expect(((await sdk.stopRun(randomUUID()).catch((e: unknown) => e)) as ScraiApiError).status).toBe(404);
  });

  it('streams stored then live events over SSE and ends after the terminal event', async () => {
    const id = randomUUID();
    standIn.runs.set(id, runRecord(id, 'running'));
    const all = [event(id, 1, 'run.started'), event(id, 2, 'actor.turn'), event(id, 3, 'actor.turn'), event(id, 4, 'run.completed')];
    standIn.events.set(id, all.slice(0, 2));
    await publishEvents(all.slice(0, 2));

    const raw = await fetch(`${base}/api/v1/runs/${id}/events/stream`);
    expect(raw.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await raw.body!.cancel();

    const seen: RunEvent[] = [];
    for await (const e of sdk.streamEvents(id)) {
      seen.push(e);
      if (e.seq === 2) await publishEvents(all.slice(2));
    }
    expect(seen).toEqual(all);

    // Resuming after seq 2 (as Last-Event-ID would) gives only what follows.
    const text = await (await fetch(`${base}/api/v1/runs/${id}/events/stream`, { headers: { 'Last-Event-ID': '2' } })).text();
    expect(text).toContain(`id: 3\nevent: actor.turn\ndata: ${JSON.stringify(all[2])}\n\n`);
    expect(text).not.toContain('id: 2\n');
    expect(text.trimEnd().endsWith(`data: ${JSON.stringify(all[3])}`)).toBe(true);
  });

  it('removes its live consumer when the client goes away', async () => {
    const id = randomUUID();
    standIn.runs.set(id, runRecord(id, 'running'));
    standIn.events.set(id, []);
    const jsm = await jetstreamManager(nc);
    // the server's list can hold a null entry for a consumer deleted while it was being listed
    const liveConsumers = async () =>
      (await jsm.consumers.list(names.streams.events).next()).filter((c) => c?.config?.filter_subject === names.subjects.eventsOfRun(id)).length;
    const abort = new AbortController();
    const res = await fetch(`${base}/api/v1/runs/${id}/events/stream`, { signal: abort.signal });
    const reader = res.body!.getReader();
    await reader.read(); // the stream is open
    for (let i = 0; i < 50 && (await liveConsumers()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await liveConsumers()).toBe(1);
    abort.abort();
    for (let i = 0; i < 50 && (await liveConsumers()) > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(await liveConsumers()).toBe(0);
  });

  it('sends only the stored events of a run that has already ended, then closes', async () => {
    const id = randomUUID();
    standIn.runs.set(id, runRecord(id, 'stopped'));
    standIn.events.set(id, [event(id, 1, 'run.started'), event(id, 2, 'run.stopped')]);
    const seqs: number[] = [];
    for await (const e of sdk.streamEvents(id)) seqs.push(e.seq);
    expect(seqs).toEqual([1, 2]);
    expect((await sdk.allEvents(id)).map((e) => e.seq)).toEqual([1, 2]);
    expect(((await fetch(`${base}/api/v1/runs/${randomUUID()}/events/stream`)) as Response).status).toBe(404);
  });

  it('serves the same runs over gRPC', async () => {
    const client = grpcClient();
    try {
      const id = randomUUID();
      standIn.runs.set(id, runRecord(id, 'running'));
      const run = await unaryCall<Record<string, unknown>>(client, 'GetRun', { run_id: id });
      expect(run).toMatchObject({ id, status: 'running', scenario_name: 'debate' });
      expect(run.end_reason).toBeUndefined();

      const notFound = (await unaryCall(client, 'GetRun', { run_id: randomUUID() }).catch((e: unknown) => e)) as ServiceError;
      expect(notFound.code).toBe(GrpcStatus.NOT_FOUND);
      const invalid = (await unaryCall(client, 'StartRun', { scenario_json: JSON.stringify({ name: 's', opening_situation: 'x', roles: {}, max_turns: 0 }) }).catch(
        (e: unknown) => e,
      )) as ServiceError;
      expect(invalid.code).toBe(GrpcStatus.INVALID_ARGUMENT);
      expect(JSON.parse(invalid.metadata.get('scrai-error')[0] as string).details.map((d: { path: string }) => d.path)).toContain('scenario.max_turns');

      const started = await unaryCall<{ id: string }>(client, 'StartRun', { scenario_ref: 'debate', overrides: { seed: 5 } });
      expect((await lastCommand(started.id, 'start')).input).toMatchObject({ kind: 'start', run_id: started.id });

      const all = [event(id, 1, 'run.started'), event(id, 2, 'actor.turn'), event(id, 3, 'run.failed')];
      standIn.events.set(id, all.slice(0, 1));
      const page = await unaryCall<{ events: Array<{ seq: number; payload_json: string }> }>(client, 'ListRunEvents', { run_id: id });
      expect(page.events.map((e) => [e.seq, JSON.parse(e.payload_json)])).toEqual([[1, { n: 1 }]]);

      const call = (client.WatchRun as (req: unknown) => NodeJS.ReadableStream)({ run_id: id });
      const watched: number[] = [];
      await new Promise<void>((resolve, reject) => {
        call.on('data', (m: { seq: number }) => {
          watched.push(m.seq);
          if (m.seq === 1) void publishEvents(all);
        });
        call.on('end', resolve);
        call.on('error', reject);
      });
      expect(watched).toEqual([1, 2, 3]);
    } finally {
      client.close();
    }
  });

  it('ends open event streams and exits promptly on SIGTERM', async () => {
    const id = randomUUID();
    standIn.runs.set(id, runRecord(id, 'running'));
    standIn.events.set(id, []);
    const res = await fetch(`${base}/api/v1/runs/${id}/events/stream`);
    const body = res.text();
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    const exited = new Promise<number | null>((resolve) => gateway.once('exit', (code) => resolve(code)));
    gateway.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    await expect(body).resolves.toContain('retry:');
  });
});
