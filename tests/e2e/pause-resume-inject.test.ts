import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { SERVICE_NAMES, taskAttemptRecordSchema, type EngineTask, type EventWithAttempts, type RunEvent, type TaskAttemptRecord } from '@scrai/contracts';
import { startStackFixture, type StackFixture } from '../harness/stack-fixture.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const turnsOf = (events: RunEvent[]) => events.filter((e) => e.type === 'actor.turn');

async function until<T>(what: string, probe: () => Promise<T | undefined | null | false>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * Pause, resume, live injection and the task lifecycle, through the whole stack. The mock LLM
 * answers in 250 ms, so a turn takes a visible while and a task can be caught in flight; the actor
 * engine's visibility timeout is 2 s, so a task whose worker is killed comes back quickly.
 */
describe('pause, resume, injection and task attempts end to end', () => {
  let fx: StackFixture;
  let nc: NatsConnection;

  beforeAll(async () => {
    fx = await startStackFixture({
      name: 'e2e-ctl',
      env: { SCRAI_MOCK_LATENCY: 'fixed:250' },
      services: SERVICE_NAMES.map((name) => (name === 'engine-actor' ? { name, env: { SCRAI_TASK_ACK_WAIT_MS: '2000' } } : { name })),
    });
    nc = await connect({ servers: fx.natsUrl });
  }, 120_000);

  afterAll(async () => {
    await nc?.close();
    await fx?.close();
  });

  const startRun = async (seed: number, maxTurns = 12) => {
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed, max_turns: maxTurns } });
    await until('the first actor turn', async () => turnsOf(await fx.client.allEvents(id)).length >= 1);
    return id;
  };

  it('pauses a running run: nothing new happens until resume, then it completes', async () => {
    const id = await startRun(21);
    await expect(fx.client.resumeRun(id)).rejects.toMatchObject({ status: 409 }); // running, not paused
    expect(await fx.client.pauseRun(id, 'coffee')).toEqual({ id, status: 'pausing' });
    await until('status paused', async () => (await fx.client.getRun(id)).status === 'paused');
    await expect(fx.client.pauseRun(id)).rejects.toMatchObject({ status: 409 }); // already paused

    await sleep(600); // a task that was in flight when the pause came completes and is recorded
    const before = turnsOf(await fx.client.allEvents(id)).length;
    await sleep(1200);
    const during = await fx.client.allEvents(id);
    expect(turnsOf(during)).toHaveLength(before);
    expect(during.filter((e) => e.type === 'run.paused')).toHaveLength(1);
    expect(during.find((e) => e.type === 'run.paused')!.payload).toMatchObject({ reason: 'coffee' });

    expect(await fx.client.resumeRun(id)).toEqual({ id, status: 'resuming' });
    const run = await fx.client.waitForRun(id, { timeoutMs: 60_000, pollMs: 200 });
    expect(run.status).toBe('completed');
    const events = await fx.client.allEvents(id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    const resumed = events.find((e) => e.type === 'run.resumed')!;
    expect(resumed.payload.paused_ms).toBeGreaterThanOrEqual(1500);
    expect(turnsOf(events).filter((e) => e.seq > resumed.seq).length).toBeGreaterThan(0);
    expect(run.turn_count).toBe(turnsOf(events).length);
    await expect(fx.client.pauseRun(id)).rejects.toMatchObject({ status: 409 });
    await expect(fx.client.resumeRun(id)).rejects.toMatchObject({ status: 409 });

    // a pause changes nothing the agents see: the same seed without a pause gives the same story
    const { id: plain } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 21, max_turns: 12 } });
    await fx.client.waitForRun(plain, { timeoutMs: 60_000, pollMs: 200 });
    const story = (es: typeof events) =>
      es.filter((e) => !['run.started', 'run.paused', 'run.resumed'].includes(e.type)).map((e) => ({ type: e.type, agent_id: e.agent_id, payload: e.payload }));
    expect(story(events)).toEqual(story(await fx.client.allEvents(plain)));
  });

  it('stops a paused run', async () => {
    const id = await startRun(22, 40);
    await fx.client.pauseRun(id);
    await until('status paused', async () => (await fx.client.getRun(id)).status === 'paused');
    await fx.client.stopRun(id, 'done here');
    const run = await fx.client.waitForRun(id, { timeoutMs: 30_000, pollMs: 100 });
    expect(run.status).toBe('stopped');
  });

  it('injects a narrator twist into a live run: recorded, then in the transcript of the actor tasks that follow', async () => {
    const id = await startRun(23);
    // the actor tasks as the engine receives them (a plain subscription sees what the TASKS stream stores)
    const taskSub = nc.subscribe(`${fx.namespace}.task.actor.${id}`);
    const tasks: EngineTask[] = [];
    const collecting = (async () => {
      for await (const m of taskSub) tasks.push(m.json<EngineTask>());
    })();
    const accepted = await fx.client.injectEvent(id, { kind: 'narrator_twist', content: 'The power fails and the hall goes dark.' });
    expect(accepted.id).toBe(id);
    const run = await fx.client.waitForRun(id, { timeoutMs: 60_000, pollMs: 200 });
    taskSub.unsubscribe();
    await collecting;
    expect(run.status).toBe('completed');
    const events = await fx.client.allEvents(id);
    const injected = events.filter((e) => e.type === 'run.injected');
    expect(injected).toHaveLength(1);
    const agents = events[0]!.payload.agents as Array<{ id: string; engine_type: string }>;
    expect(injected[0]!.payload).toEqual({
      injection_id: accepted.injection_id,
      kind: 'narrator_twist',
      content: 'The power fails and the hall goes dark.',
      author: agents.find((a) => a.engine_type === 'narrator')!.id, // told as the narrator's line
      target: null,
    });
    expect(turnsOf(events).filter((e) => e.seq > injected[0]!.seq).length).toBeGreaterThan(0);
    // actor tasks scheduled after the injection carry it as a narrator line of their transcript window
    const seeing = tasks.filter((t) => t.transcript.some((l) => l.seq === injected[0]!.seq && l.kind === 'injected.narrator_twist' && l.text === 'The power fails and the hall goes dark.'));
    expect(seeing.length).toBeGreaterThan(0);
    expect(seeing.every((t) => t.kind === 'actor.turn')).toBe(true);
    await expect(fx.client.injectEvent(id, { kind: 'user_message', content: 'too late' })).rejects.toMatchObject({ status: 409 });
  });

  it('refuses a bad injection with 400 and the field paths', async () => {
    const id = await startRun(24, 40);
    const err = await fx.client.injectEvent(id, { kind: 'shout', content: '' } as never).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400 });
    expect((err as { details: Array<{ path: string }> }).details.map((d) => d.path).sort()).toEqual(['content', 'kind']);
    await fx.client.stopRun(id);
  });

  it('shows the processing attempts of a task on the event it produced', async () => {
    const id = await startRun(25, 3);
    await fx.client.waitForRun(id, { timeoutMs: 60_000, pollMs: 200 });
    const turn = turnsOf(await fx.client.allEvents(id))[0]!;
    expect(turn.task_seq).toBeGreaterThan(0);
    const e = await until('three attempt records', async () => {
      const got = await fx.client.getEvent(id, turn.id);
      return got.processed_by_engines.length >= 3 ? got : null;
    });
    expect(e).toMatchObject({ id: turn.id, type: 'actor.turn', task_seq: turn.task_seq });
    expect(e.processed_by_engines.map((a) => [a.status, a.retry_count, a.engine_type])).toEqual([
      ['queued', 0, 'actor'],
      ['processing', 0, 'actor'],
      ['completed', 0, 'actor'],
    ]);
    const [queued, processing, completed] = e.processed_by_engines;
    expect(queued!.engine_id).toBeNull();
    expect(processing!.engine_id).toMatch(/^engine-actor-/);
    expect(completed!.engine_id).toBe(processing!.engine_id);
    expect(Date.parse(completed!.timestamp)).toBeGreaterThanOrEqual(Date.parse(processing!.timestamp));
    expect((await fx.client.getEvent(id, 1)).processed_by_engines).toEqual([]); // run.started: no task
    await expect(fx.client.getEvent(id, 9999)).rejects.toMatchObject({ status: 404 });
    await expect(fx.client.getEvent(id, 'stream-of-nonsense')).rejects.toMatchObject({ status: 404 });
  });

  it('records a task whose worker was killed mid-task: two processing attempts, the second a retry on the restarted worker', async () => {
    const { id } = await fx.client.createRun({ scenario: 'town-hall-debate', overrides: { seed: 26, max_turns: 6 } });
    // catch the actor in the middle of its first task (the mock answers after 250 ms)
    const sub = nc.subscribe(`${fx.namespace}.attempt.${id}`);
    let victim: TaskAttemptRecord | undefined;
    for await (const m of sub) {
      const r = taskAttemptRecordSchema.parse(m.json());
      if (r.engine_type === 'actor' && r.status === 'processing') {
        fx.stack.kill('engine-actor', 0, 'SIGKILL');
        victim = r;
        break;
      }
    }
    sub.unsubscribe();
    await fx.stack.restart('engine-actor', 0);
    const run = await fx.client.waitForRun(id, { timeoutMs: 60_000, pollMs: 200 });
    expect(run.status).toBe('completed');
    const turn = (await fx.client.allEvents(id)).find((e) => e.task_seq === victim!.task_seq)!;
    expect(turn.type).toBe('actor.turn');
    const e: EventWithAttempts = await until('the retried attempt records', async () => {
      const got = await fx.client.getEvent(id, turn.seq);
      return got.processed_by_engines.some((a) => a.status === 'completed') ? got : null;
    });
    const steps = e.processed_by_engines.map((a) => [a.status, a.retry_count]);
    expect(steps).toEqual([
      ['queued', 0],
      ['processing', 0],
      ['processing', 1],
      ['completed', 1],
    ]);
    const [, first, second] = e.processed_by_engines;
    expect(first!.engine_id).toBe(victim!.engine_id);
    expect(second!.engine_id).toMatch(/^engine-actor-/); // the restarted process (devstack keeps the instance's id)
    expect(turnsOf(await fx.client.allEvents(id)).filter((t) => t.task_seq === victim!.task_seq)).toHaveLength(1);
  });
});
