import type { EngineTask, RunAgent, TaskKind } from '@scrai/contracts';

export const RUN_ID = '00000000-0000-4000-8000-0000000000aa';

const ENGINE_OF: Record<TaskKind, RunAgent['engine_type']> = {
  'scene.open': 'narrator',
  'actor.turn': 'actor',
  'round.resolve': 'narrator',
  'analysis.checkpoint': 'analyst',
  'analysis.report': 'analyst',
};

const llm = { provider: 'mock', model: 'mock-1', temperature: 0.7, max_tokens: 256 } as const;

export const AGENTS: Record<string, RunAgent> = {
  alice: {
    id: 'alice',
    template_name: 'skeptic',
    engine_type: 'actor',
    persona: {
      role: 'Skeptical engineer',
      backstory: 'Twenty years of shipping software that others promised would be easy.',
      goals: ['Find the flaw in the plan', 'Keep the team honest'],
      traits: { temperament: 'dry', patience: 3 },
      instructions: ['Ask for evidence'],
      constraints: ['Never insult anyone'],
    },
    llm,
    settings: {},
  },
  bob: {
    id: 'bob',
    template_name: 'optimist',
    engine_type: 'actor',
    persona: { role: 'Product optimist', backstory: '', goals: ['Ship on Friday'], traits: {}, instructions: [], constraints: [] },
    llm,
    settings: {},
  },
  narrator: {
    id: 'narrator',
    template_name: 'narrator',
    engine_type: 'narrator',
    persona: { role: 'Chronicler of the meeting room', backstory: '', goals: ['Keep the scene moving'], traits: {}, instructions: [], constraints: [] },
    llm,
    settings: { narrative_style: 'dry and ironic', perspective: 'second_person' },
  },
  analyst: {
    id: 'analyst',
    template_name: 'analyst',
    engine_type: 'analyst',
    persona: { role: 'Organisational psychologist', backstory: '', goals: [], traits: {}, instructions: ['Cite turn numbers'], constraints: [] },
    llm,
    settings: { focus: 'who persuades whom', metrics: ['persuasion_score', 'consensus'] },
  },
};

const AGENT_OF: Record<TaskKind, string> = {
  'scene.open': 'narrator',
  'actor.turn': 'alice',
  'round.resolve': 'narrator',
  'analysis.checkpoint': 'analyst',
  'analysis.report': 'analyst',
};

export function makeTask(kind: TaskKind, over: Partial<EngineTask> = {}): EngineTask {
  const agent = AGENTS[AGENT_OF[kind]]!;
  return {
    task_id: `${RUN_ID}:7`,
    run_id: RUN_ID,
    seq: 7,
    kind,
    engine_type: ENGINE_OF[kind],
    agent,
    scenario: {
      name: 'release-meeting',
      description: 'A team decides whether to ship.',
      opening_situation: 'It is Thursday evening and the release is due tomorrow.',
      turn_policy: 'round_robin',
    },
    participants: Object.values(AGENTS).map((a) => ({ id: a.id, engine_type: a.engine_type, role: a.persona.role })),
    transcript: [
      { seq: 2, agent_id: 'narrator', kind: 'scene.opened', text: 'The room is quiet.' },
      { seq: 3, agent_id: 'bob', kind: 'actor.speak', text: 'We can ship tomorrow.' },
      { seq: 4, agent_id: 'alice', kind: 'actor.speak', text: 'Show me the test results.' },
    ],
    round: 2,
    turn: 3,
    max_turns: 12,
    max_rounds: 6,
    stats: { turns: 3, rounds: 2, turns_by_agent: { alice: 1, bob: 2 }, actions: { speak: 3 }, done_agents: [] },
    seed: 12345,
    ...over,
  };
}
