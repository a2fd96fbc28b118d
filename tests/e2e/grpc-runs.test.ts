import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { repoRoot, startStackFixture, type StackFixture } from '../harness/stack-fixture.js';

interface GrpcRunEvent {
  id: string;
  seq: number;
  type: string;
  agent_id?: string;
  payload_json: string;
}

type Unary<Req, Res> = (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => void;
interface RunServiceClient extends grpc.Client {
  StartRun: Unary<Record<string, unknown>, { id: string }>;
  GetRun: Unary<{ run_id: string }, { id: string; status: string; turn_count: number; event_count: number }>;
  ListRunEvents: Unary<{ run_id: string; after_seq?: number; limit?: number }, { events: GrpcRunEvent[]; next_after_seq?: number }>;
  StopRun: Unary<{ run_id: string; reason?: string }, { id: string; status: string }>;
  WatchRun(req: { run_id: string; after_seq?: number }): grpc.ClientReadableStream<GrpcRunEvent>;
}

const call = <Req, Res>(fn: Unary<Req, Res>, client: grpc.Client, req: Req) =>
  new Promise<Res>((resolve, reject) => fn.call(client, req, (err, res) => (err ? reject(err) : resolve(res))));

/** The gRPC run API, called with a proto-loaded client against the full stack. */
describe('gRPC RunService (proto-loaded client, full stack)', () => {
  let fx: StackFixture;
  let client: RunServiceClient;

  beforeAll(async () => {
    fx = await startStackFixture({ name: 'e2e-grpc' });
    const def = protoLoader.loadSync(`${repoRoot}/proto/scrai/v1/runs.proto`, { keepCase: true, longs: Number, defaults: false, oneofs: true });
    const pkg = grpc.loadPackageDefinition(def) as unknown as { scrai: { v1: { RunService: new (addr: string, creds: grpc.ChannelCredentials) => RunServiceClient } } };
    client = new pkg.scrai.v1.RunService(`127.0.0.1:${fx.grpcPort}`, grpc.credentials.createInsecure());
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await fx?.close();
  });

  it('starts a run, watches it to the end, and reads the same events back', async () => {
    const { id } = await call(client.StartRun, client, { scenario_ref: 'town-hall-debate', overrides: { seed: 42 } });
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const watched: GrpcRunEvent[] = [];
    await new Promise<void>((resolve, reject) => {
      const stream = client.WatchRun({ run_id: id });
      stream.on('data', (e: GrpcRunEvent) => watched.push(e));
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    expect(watched.map((e) => e.seq)).toEqual(watched.map((_, i) => i + 1));
    expect(watched.at(-1)!.type).toBe('run.completed');
    expect(JSON.parse(watched.at(-1)!.payload_json)).toHaveProperty('reason');

    await fx.client.waitForRun(id, { timeoutMs: 30_000 });
    const run = await call(client.GetRun, client, { run_id: id });
    expect(run.status).toBe('completed');
    expect(run.event_count).toBe(watched.length);
    const page = await call(client.ListRunEvents, client, { run_id: id, after_seq: 0, limit: 1000 });
    expect(page.events.map((e) => e.id)).toEqual(watched.map((e) => e.id));
  });

  it('maps API errors to gRPC codes: unknown run → NOT_FOUND, bad id → INVALID_ARGUMENT, ended run → FAILED_PRECONDITION', async () => {
    await expect(call(client.GetRun, client, { run_id: '00000000-0000-4000-8000-0000000000ff' })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    await expect(call(client.GetRun, client, { run_id: 'nope' })).rejects.toMatchObject({ code: grpc.status.INVALID_ARGUMENT });
    await expect(call(client.StartRun, client, { scenario_ref: 'no-such-scenario' })).rejects.toMatchObject({ code: grpc.status.NOT_FOUND });
    const { id } = await call(client.StartRun, client, { scenario_ref: 'two-party-negotiation' });
    await fx.client.waitForRun(id, { timeoutMs: 30_000 });
    await expect(call(client.StopRun, client, { run_id: id })).rejects.toMatchObject({ code: grpc.status.FAILED_PRECONDITION });
  });

  it('stops a running run', async () => {
    const { id } = await call(client.StartRun, client, { scenario_ref: 'town-hall-debate', overrides: { max_turns: 100000 } });
    await new Promise((r) => setTimeout(r, 300));
    const res = await call(client.StopRun, client, { run_id: id, reason: 'enough' });
    expect(res).toEqual({ id, status: 'stopping' });
    expect((await fx.client.waitForRun(id, { timeoutMs: 30_000 })).status).toBe('stopped');
  });
});
