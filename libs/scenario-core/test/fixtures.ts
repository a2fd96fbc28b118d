import type { EngineTask, OrchestratorInput, RunAgent, RunEvent, RunSpec } from '@scrai/contracts';
import { decide, type Command, type RunState } from '../src/index.js';

export const RUN_ID = '00000000-0000-4000-8000-000000000001';

const agent = (id: string, engine_type: RunAgent['engine_type']): RunAgent => ({
  id,
  template_name: `${id}-template`,
  engine_type,
  persona: { role: id, backstory: '', goals: [], traits: {}, instructions: [], constraints: [] },
  llm: { provider: 'mock', model: 'mock-1', temperature: 0.7, max_tokens: 256 },
  settings: {},
}) as RunAgent;

export function makeSpec(over: Partial<RunSpec['scenario']> = {}, opts: { actors?: number; narrator?: boolean; analyst?: boolean; seed?: number } = {}): RunSpec {
  const actors = Array.from({ length: opts.actors ?? 3 }, (_, i) => agent(`actor${i + 1}`, 'actor'));
  const agents = [...actors];
  if (opts.narrator !== false) agents.push(agent('narrator', 'narrator'));
  if (opts.analyst !== false) agents.push(agent('analyst', 'analyst'));
  return {
    run_id: RUN_ID,
    name: null,
    scenario: {
      id: null,
      name: 'test',
      description: '',
      opening_situation: 'A room.',
      turn_policy: 'round_robin',
      max_turns: 6,
      timeout_seconds: 600,
      analysis_every_n_turns: 0,
      completion_conditions: [{ type: 'narrator_concludes' }, { type: 'all_actors_done' }],
      context_window: 10,
      ...over,
    },
    seed: opts.seed ?? 42,
    agents,
    created_at: '2026-01-01T00:00:00.000Z',
  };
}

/** A scripted engine: answers a task with a valid output, deterministic in the task. */
export type Answer = (task: EngineTask) => unknown;

export const defaultAnswer: Answer = (t) => {
  switch (t.kind) {
    case 'actor.turn':
      return { action: 'speak', content: `${t.agent.id} speaks (seed ${t.seed})`, target: null };
    case 'scene.open':
    case 'round.resolve':
      return { narration: `round ${t.round} narration`, scene_concluded: false };
    case 'analysis.checkpoint':
      return { summary: `checkpoint at ${t.turn}`, metrics: { turns: t.turn } };
    case 'analysis.report':
      return { report: `report after ${t.turn}`, highlights: [], metrics: {} };
  }
};

export interface Simulation {
  state: RunState;
  events: RunEvent[];
  tasks: EngineTask[];
  now: number;
}

/**
 * Drives decide() to the end: every scheduled task is answered (in a shuffled order per batch when
 * `shuffle` is given, to prove the log does not depend on arrival order).
 */
export function simulate(spec: RunSpec, o: { answer?: Answer; shuffle?: (n: number) => number[]; maxSteps?: number; stepMs?: number; inject?: (sim: Simulation) => OrchestratorInput | null } = {}): Simulation {
  const answer = o.answer ?? defaultAnswer;
  let now = Date.parse('2026-01-01T00:00:00Z');
  const first = decide(undefined, { kind: 'start', run_id: spec.run_id, spec }, spec, { now });
  const sim: Simulation = { state: first.state, events: [], tasks: [], now };
  let queue: EngineTask[] = [];
  const take = (cmds: Command[]) => {
    for (const c of cmds) {
      if (c.type === 'emit') sim.events.push(c.event);
      else {
        sim.tasks.push(c.task);
        queue.push(c.task);
      }
    }
  };
  take(first.commands);
  for (let step = 0; step < (o.maxSteps ?? 10_000) && queue.length > 0; step++) {
    const batch = queue;
    queue = [];
    const order = o.shuffle ? o.shuffle(batch.length) : batch.map((_, i) => i);
    for (const i of order) {
      const t = batch[i]!;
      now += o.stepMs ?? 1000;
      sim.now = now;
      const injected = o.inject?.(sim);
      if (injected) {
        const d = decide(sim.state, injected, spec, { now });
        sim.state = d.state;
        take(d.commands);
      }
      const d = decide(sim.state, { kind: 'task_result', run_id: spec.run_id, seq: t.seq, engine_id: 'e1', output: answer(t), usage: null }, spec, { now });
      sim.state = d.state;
      take(d.commands);
    }
  }
  return sim;
}

export const types = (sim: Simulation) => sim.events.map((e) => e.type);
export const actorTurns = (sim: Simulation) => sim.events.filter((e) => e.type === 'actor.turn');
