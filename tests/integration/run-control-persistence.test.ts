import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { eventIdOf, type RunEvent, type TaskAttemptRecord } from '@scrai/contracts';
import { closeDataSource, createDataSource, createRepositories, runMigrations, type DataSource, type Repositories } from '@scrai/db';
import { createScratchDatabase, type ScratchDatabase } from '@scrai/devstack';
import { testPgAdminUrl } from '../harness/test-namespace.js';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const ev = (runId: string, seq: number, type: RunEvent['type'], payload: Record<string, unknown> = {}, taskSeq?: number): RunEvent => ({
  id: eventIdOf(runId, seq),
  run_id: runId,
  seq,
  type,
  at: at(seq),
  agent_id: taskSeq ? 'actor1' : null,
  ...(taskSeq ? { task_seq: taskSeq } : {}),
  payload,
});
const started = (runId: string) => ev(runId, 1, 'run.started', { scenario_name: 's', seed: 1, agents: [] });

/** The persistence side of pause/resume and of task attempts, on a real Postgres with every migration applied. */
describe('run control and task attempts in Postgres', () => {
  let db: ScratchDatabase;
  let ds: DataSource;
  let repos: Repositories;

  beforeAll(async () => {
    db = await createScratchDatabase(testPgAdminUrl(), 'scrai_ctl');
    ds = await createDataSource({ url: db.url });
    await runMigrations(ds);
    repos = createRepositories(ds);
  });

  afterAll(async () => {
    if (ds) await closeDataSource(ds);
    await db?.drop();
  });

  const status = async (runId: string) => (await repos.runs.get(runId)).status;

  it('follows run.paused and run.resumed, and never leaves a terminal status', async () => {
    const run = randomUUID();
    await repos.runs.applyEvents([started(run), ev(run, 2, 'run.paused', { reason: 'x', turns: 0, rounds: 0 })]);
    expect(await status(run)).toBe('paused');
    await repos.runs.applyEvents([ev(run, 3, 'run.injected', { kind: 'user_message' })]);
    expect(await status(run)).toBe('paused');
    await repos.runs.applyEvents([ev(run, 4, 'run.resumed', { paused_ms: 5 })]);
    expect(await status(run)).toBe('running');
    await repos.runs.applyEvents([ev(run, 5, 'run.paused'), ev(run, 6, 'run.stopped', { reason: 'r', turns: 0, rounds: 0 })]);
    expect(await status(run)).toBe('stopped');
    await repos.runs.applyEvents([ev(run, 7, 'run.resumed')]);
    expect(await status(run)).toBe('stopped');
    expect((await repos.runs.get(run)).event_count).toBe(7);
  });

  it('is not undone by a batch written late: the latest stored pause or resume wins', async () => {
    const run = randomUUID();
    await repos.runs.applyEvents([started(run), ev(run, 4, 'run.resumed')]);
    await repos.runs.applyEvents([ev(run, 3, 'run.paused')]); // an earlier batch, written after
    expect(await status(run)).toBe('running');
    const other = randomUUID();
    await repos.runs.applyEvents([ev(other, 2, 'run.paused')]);
    await repos.runs.applyEvents([started(other)]); // run.started written late does not unpause
    expect(await status(other)).toBe('paused');
  });

  it('stores the task seq of an event and finds the event by seq', async () => {
    const run = randomUUID();
    await repos.runs.applyEvents([started(run), ev(run, 2, 'actor.turn', { turn: 1 }, 7)]);
    expect(await repos.events.find(run, 2)).toMatchObject({ id: eventIdOf(run, 2), task_seq: 7 });
    expect(await repos.events.find(run, 1)).not.toHaveProperty('task_seq');
    expect(await repos.events.find(run, 3)).toBeNull();
    expect((await repos.events.page(run, { after_seq: 1, limit: 10 })).items[0]!.task_seq).toBe(7);
  });

  it('stores task attempts once each and reads them back in lifecycle order', async () => {
    const run = randomUUID();
    const a = (status: TaskAttemptRecord['status'], delivery: number, second: number, engine: string | null = 'w'): TaskAttemptRecord => ({
      run_id: run,
      task_seq: 3,
      task_id: `${run}:3`,
      engine_id: engine,
      engine_type: 'actor',
      status,
      delivery,
      error: status === 'failed' ? 'boom' : null,
      at: at(second),
    });
    const records = [a('completed', 2, 9), a('processing', 1, 2), a('queued', 0, 1, null), a('processing', 2, 8), a('failed', 1, 3)];
    expect(await repos.taskAttempts.insertMany(records)).toBe(5);
    expect(await repos.taskAttempts.insertMany(records.slice(0, 2))).toBe(0);
    const got = await repos.taskAttempts.ofTask(run, 3);
    expect(got.map((r) => `${r.delivery}:${r.status}`)).toEqual(['0:queued', '1:processing', '1:failed', '2:processing', '2:completed']);
    expect(got[0]).toEqual(a('queued', 0, 1, null));
    expect(await repos.taskAttempts.ofTask(run, 4)).toEqual([]);
  });
});
