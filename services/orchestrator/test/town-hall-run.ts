import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { agentTemplateSchema, type EngineTask, type OrchestratorInput, type RunAgent, type RunSpec } from '@scrai/contracts';
import { decide, type Command, type RunState } from '@scrai/scenario-core';

// the YAML parser the contracts library depends on (this service has no YAML of its own)
const { parse: parseYaml } = createRequire(new URL('../../../libs/contracts/package.json', import.meta.url))('yaml') as { parse(text: string): unknown };

const templates = new URL('../../../templates/', import.meta.url);
const ACTOR_TEMPLATES = ['mayor-budget-defender', 'small-business-owner', 'housing-activist'];

export const RUN_ID = '00000000-0000-4000-8000-00000000a11e';
export const T0 = Date.parse('2026-01-01T00:00:00Z');

function runAgent(id: string, template: string): RunAgent {
  const t = agentTemplateSchema.parse(parseYaml(readFileSync(new URL(`agents/${template}.yaml`, templates), 'utf8')));
  return { id, template_name: t.name, engine_type: t.engine_type, persona: t.persona, llm: t.llm, settings: t.settings } as RunAgent;
}

/**
 * The shipped town hall grown to `n` actors as the critical-path benchmark grows it: its three actor
 * templates repeated in turn, its narrator and analyst kept, simultaneous turns, context window 20.
 */
export function townHallSpec(n: number, over: Partial<RunSpec['scenario']> = {}): RunSpec {
  const width = String(n).length;
  const actors = Array.from({ length: n }, (_, i) => runAgent(`speaker-${String(i + 1).padStart(width, '0')}`, ACTOR_TEMPLATES[i % ACTOR_TEMPLATES.length]!));
  return {
    run_id: RUN_ID,
    name: null,
    scenario: {
      id: null,
      name: `town-hall-${n}`,
      description: "A town hall on Riverton's proposed budget, grown to many speakers.",
      opening_situation:
        "Riverton City Hall, Tuesday, 7 p.m. The council chamber is full and people are standing at the back. The mayor has just presented next year's budget: a 3.2 million dollar deficit closed by a 4% commercial property tax increase, a hiring freeze, and two million dollars moved from parks into road repair and a housing-voucher pilot for sixty families.",
      turn_policy: 'simultaneous',
      max_turns: n * 10,
      timeout_seconds: 3600,
      analysis_every_n_turns: 0,
      completion_conditions: [],
      context_window: 20,
      actor_actions: ['speak', 'act', 'think'],
      ...over,
    },
    seed: 1,
    agents: [...actors, runAgent('narrator', 'narrator-chronicler'), runAgent('analyst', 'analyst-civic')],
    created_at: '2026-01-01T00:00:00.000Z',
  };
}

/** An answer in the size of the mock provider's: a few sentences in the persona's voice. */
export function answerTo(task: EngineTask): unknown {
  const line = `${task.agent.persona.role} (${task.agent.id}) in round ${task.round}: the numbers do not add up, and the people in this room deserve a straight answer about the deficit, the parks money and who pays the commercial tax increase.`;
  switch (task.kind) {
    case 'actor.turn':
      return { action: 'speak', content: `${line} ${line}`, target: null };
    case 'scene.open':
    case 'round.resolve':
      return { narration: `Round ${task.round}: the chamber murmurs. ${line}`, scene_concluded: false };
    default:
      return { report: 'report', highlights: [], metrics: {}, summary: 'summary' };
  }
}

export const resultOf = (task: EngineTask): OrchestratorInput => ({
  kind: 'task_result',
  run_id: task.run_id,
  seq: task.seq,
  engine_id: `${task.engine_type}-1`,
  output: answerTo(task),
  usage: null,
});

export const tasksOf = (commands: readonly Command[]): EngineTask[] => commands.flatMap((c) => (c.type === 'schedule' ? [c.task] : []));

/**
 * Drives decide() until the narrator resolved round `rounds`: the decision that schedules the next
 * round (every actor at once, each task with the full transcript window) is the largest outbox a
 * simultaneous run writes. Answers with the state before it and the input that caused it.
 */
export function largeRoundDecision(spec: RunSpec, rounds = 2): { before: RunState; input: OrchestratorInput; state: RunState; commands: Command[] } {
  const ctx = { now: T0 + 1000 };
  const first = decide(undefined, { kind: 'start', run_id: spec.run_id, spec }, spec, ctx);
  let state = first.state;
  const queue = tasksOf(first.commands);
  let resolved = 0;
  while (queue.length > 0) {
    const task = queue.shift()!;
    const input = resultOf(task);
    const d = decide(state, input, spec, ctx);
    if (task.kind === 'round.resolve' && ++resolved === rounds) return { before: state, input, state: d.state, commands: d.commands };
    state = d.state;
    queue.push(...tasksOf(d.commands));
  }
  throw new Error(`the run ended before round ${rounds} was resolved`);
}
