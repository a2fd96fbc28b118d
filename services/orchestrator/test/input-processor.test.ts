import { describe, expect, it } from '@jest/globals';
import { brokerNames, type EngineTask, type OrchestratorInput, type RunEvent, type RunSpec } from '@scrai/contracts';
import { createLogger } from '@scrai/observability';
import { decide, type RunState } from '@scrai/scenario-core';
import { createInputProcessor, type InputOutcome, type RunInput } from '../src/input-processor.js';
import { RunStore } from '../src/run-store.js';
import { encodeRunRecord } from '../src/run-record.js';
import { FakeJetStream, FakeKv } from './fake-broker.js';
import { RUN_ID, T0, resultOf, tasksOf, townHallSpec } from './town-hall-run.js';

const names = brokerNames('unit');
const log = createLogger({ service: 'orchestrator-test', instanceId: 'test', level: 'silent' });
const NOW = T0 + 1000;
const start = (spec: RunSpec): OrchestratorInput => ({ kind: 'start', run_id: spec.run_id, spec });

/** One orchestrator replica over a shared bucket and broker. */
function replica(kv: FakeKv, js: FakeJetStream, maxRecordBytes = Number.POSITIVE_INFINITY) {
  const store = new RunStore(kv.asKv(), { specCacheSize: 100, maxRecordBytes: () => maxRecordBytes });
  const states: RunState[] = [];
  const process = createInputProcessor({ store, js: js.asJs(), names, log, now: () => NOW, onState: (s) => states.push(s) });
  return { process, store, states, apply: (inputs: OrchestratorInput[]) => process(RUN_ID, inputs.map((input): RunInput => ({ input }))) };
}

const stateOf = (kv: FakeKv) => (kv.raw(`state.${RUN_ID}`) as { state: RunState } | undefined)?.state;
const eventsOf = (js: FakeJetStream): RunEvent[] => js.commands.filter((p) => p.subject.includes('.evt.')).map((p) => JSON.parse(p.body) as RunEvent);
const tasksPublished = (js: FakeJetStream): EngineTask[] => js.commands.filter((p) => p.subject.includes('.task.')).map((p) => JSON.parse(p.body) as EngineTask);

/**
 * Plays a run to its end as engines would: every published task is answered, in publish order;
 * `chunk(i)` says how many of the waiting inputs the orchestrator takes in one pass. `repeat` adds a
 * second delivery of some results (at-least-once).
 */
async function playRun(spec: RunSpec, chunk: (pass: number) => number, repeat: (seq: number) => boolean = () => false) {
  const kv = new FakeKv();
  const js = new FakeJetStream();
  const r = replica(kv, js);
  const waiting: OrchestratorInput[] = [start(spec)];
  let answered = 0;
  for (let pass = 0; waiting.length > 0 && pass < 10_000; pass++) {
    const outcomes = await r.apply(waiting.splice(0, Math.max(1, chunk(pass))));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const tasks = tasksPublished(js);
    for (const task of tasks.slice(answered)) {
      waiting.push(resultOf(task));
      if (repeat(task.seq)) waiting.push(resultOf(task));
    }
    answered = tasks.length;
  }
  return { kv, js, state: stateOf(kv)! };
}

describe('input processor: batches of one run', () => {
  it('publishes the very events and tasks one-by-one processing does (seqs, ids, bodies, order)', async () => {
    const spec = townHallSpec(7, { max_turns: 21 });
    const single = await playRun(spec, () => 1);
    expect(single.state.status).toBe('completed');
    const sizes = [5, 2, 9, 1, 3, 7, 4];
    const batched = await playRun(spec, (pass) => sizes[pass % sizes.length]!, (seq) => seq % 4 === 0);
    expect(batched.kv.writes).toBeLessThan(single.kv.writes); // batching saved writes
    expect(batched.js.commands).toEqual(single.js.commands);
    expect(JSON.stringify(batched.state)).toBe(JSON.stringify(single.state));
    const seqs = eventsOf(batched.js).map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => i + 1)); // gap-free, each once
  });

  it('applies what it can when decide() rejects one input of a batch, and fails only that one', async () => {
    const kv = new FakeKv();
    const js = new FakeJetStream();
    const spec = townHallSpec(3);
    // a result that arrives before its run's start: decide() cannot apply it (yet)
    const early: OrchestratorInput = { kind: 'task_result', run_id: RUN_ID, seq: 1, engine_id: 'narrator-1', output: { narration: 'x', scene_concluded: false }, usage: null };
    const outcomes = await replica(kv, js).apply([early, start(spec)]);
    expect(outcomes[0]).toMatchObject({ ok: false, error: expect.objectContaining({ message: expect.stringMatching(/no state/) }) });
    expect(outcomes[1]).toEqual({ ok: true });
    expect(eventsOf(js).map((e) => e.type)).toEqual(['run.started']);
    // its redelivery is applied now that the run exists
    expect(await replica(kv, js).apply([early])).toEqual([{ ok: true }]);
    expect(eventsOf(js).map((e) => e.type)).toEqual(['run.started', 'scene.opened']);
  });

  it('acks nothing before the write and the publish: a crash redelivers the batch and the end is the same', async () => {
    const spec = townHallSpec(5);
    const reference = new FakeJetStream();
    const kvRef = new FakeKv();
    await replica(kvRef, reference).apply([start(spec)]);
    const opening = tasksPublished(reference);
    await replica(kvRef, reference).apply(opening.map(resultOf));
    const round = tasksPublished(reference).slice(opening.length);
    await replica(kvRef, reference).apply(round.map(resultOf));

    const kv = new FakeKv();
    const js = new FakeJetStream();
    await replica(kv, js).apply([start(spec)]);
    await replica(kv, js).apply(opening.map(resultOf));
    // crash before the write: the batch fails as a whole, nothing written or published
    kv.failNextWrites = 1;
    const before = js.all.length;
    await expect(replica(kv, js).apply(round.map(resultOf))).rejects.toThrow(/TIMEOUT/);
    expect(js.all.length).toBe(before);
    // crash after the write, before the publishes were acked: the batch fails, its record holds the outbox
    js.failPublishes = true;
    await expect(replica(kv, js).apply(round.map(resultOf))).rejects.toThrow(/connection closed/);
    js.failPublishes = false;
    // the redelivery (another replica): the outbox is published again, every input is a duplicate
    const outcomes = await replica(kv, js).apply(round.map(resultOf));
    expect(outcomes.every((o: InputOutcome) => o.ok)).toBe(true);
    expect(js.commands).toEqual(reference.commands);
    expect(stateOf(kv)).toEqual(stateOf(kvRef));
  });
});

describe('input processor: a run record too large to store', () => {
  /** The records' sizes one-by-one processing writes up to the first round's tasks. */
  function recordSizes(spec: RunSpec) {
    const first = decide(undefined, start(spec), spec, { now: NOW });
    const opened = decide(first.state, resultOf(tasksOf(first.commands)[0]!), spec, { now: NOW });
    const size = (d: { state: RunState; commands: unknown[] }) => encodeRunRecord({ state: d.state, outbox: d.commands as never }).length;
    return { start: size(first), round: size(opened) };
  }

  for (const where of ['over the computed limit', 'refused by the broker'] as const) {
    it(`fails the run at once with the reason when the record is ${where}`, async () => {
      // short personas: the spec itself (stored beside the state) must fit where the round does not
      const big = townHallSpec(12);
      const spec: RunSpec = { ...big, agents: big.agents.map((a) => ({ ...a, persona: { ...a.persona, backstory: '', goals: [], instructions: [], constraints: [], traits: {} } })) };
      const sizes = recordSizes(spec);
      expect(JSON.stringify(spec).length).toBeLessThan(sizes.start);
      const limit = Math.floor((sizes.start + sizes.round) / 2);
      const kv = where === 'refused by the broker' ? new FakeKv(limit) : new FakeKv();
      const js = new FakeJetStream();
      const r = replica(kv, js, where === 'refused by the broker' ? Number.POSITIVE_INFINITY : limit);
      await r.apply([start(spec)]);
      const [opening] = tasksPublished(js);
      const outcomes = await r.apply([resultOf(opening!)]);
      expect(outcomes).toEqual([{ ok: true }]); // consumed: no retries
      const state = stateOf(kv)!;
      expect(state).toMatchObject({ status: 'failed', end_reason: 'error', pending: {} });
      const why = where === 'refused by the broker' ? 'refused by the broker \\(max_payload\\)' : `> ${limit} bytes allowed \\(the broker's max_payload less 4096`;
      expect(state.error).toMatch(new RegExp(`^run state too large: ${sizes.round} bytes ${why}.*; reduce the actors or the context_window$`));
      // the narrator's opening is recorded, then the failure; the actors' tasks are never sent
      expect(eventsOf(js).map((e) => [e.seq, e.type])).toEqual([
        [1, 'run.started'],
        [2, 'scene.opened'],
        [3, 'run.failed'],
      ]);
      expect(eventsOf(js)[2]!.payload).toMatchObject({ error: state.error });
      expect(tasksPublished(js).map((t) => t.kind)).toEqual(['scene.open']);
      expect(r.states.at(-1)?.status).toBe('failed');
    });
  }

  it("fails the run from the state before the input when even that decision's events do not fit", async () => {
    const spec = townHallSpec(3, { context_window: 1 });
    const kv = new FakeKv();
    const js = new FakeJetStream();
    const started = decide(undefined, start(spec), spec, { now: NOW });
    const limit = encodeRunRecord({ state: started.state, outbox: started.commands }).length + 1500;
    const r = replica(kv, js, limit);
    await r.apply([start(spec)]);
    const huge: OrchestratorInput = {
      kind: 'inject',
      run_id: RUN_ID,
      injection_id: '00000000-0000-4000-8000-000000000099',
      injection: { kind: 'user_message', content: 'x'.repeat(4000), author: null, target: null },
    };
    expect(await r.apply([huge])).toEqual([{ ok: true }]);
    expect(stateOf(kv)).toMatchObject({ status: 'failed', error: expect.stringMatching(/^run state too large/) });
    expect(eventsOf(js).map((e) => [e.seq, e.type])).toEqual([
      [1, 'run.started'],
      [2, 'run.failed'],
    ]);
  });

  it('splits a batch whose inputs fit one by one but not together, and fails nothing', async () => {
    const spec = townHallSpec(3, { context_window: 2 });
    const injections: OrchestratorInput[] = Array.from({ length: 6 }, (_, i) => ({
      kind: 'inject',
      run_id: RUN_ID,
      injection_id: `00000000-0000-4000-8000-0000000000${String(i + 10)}`,
      injection: { kind: 'user_message', content: `${i}: ${'a long question from the floor '.repeat(120)}`, author: null, target: null },
    }));
    // the largest record one-by-one processing writes, and the one record of the whole batch
    let d = decide(undefined, start(spec), spec, { now: NOW });
    let alone = 0;
    const commands = [];
    for (const input of injections) {
      d = decide(d.state, input, spec, { now: NOW });
      commands.push(...d.commands);
      alone = Math.max(alone, encodeRunRecord({ state: d.state, outbox: d.commands }).length);
    }
    const together = encodeRunRecord({ state: d.state, outbox: commands }).length;
    expect(together).toBeGreaterThan(alone + 1000);

    const kv = new FakeKv();
    const js = new FakeJetStream();
    const r = replica(kv, js, alone);
    await r.apply([start(spec)]);
    expect(await r.apply(injections)).toEqual(injections.map(() => ({ ok: true })));
    expect(stateOf(kv)?.status).toBe('running');
    expect(eventsOf(js).map((e) => e.type)).toEqual(['run.started', ...injections.map(() => 'run.injected')]);
  });
});
