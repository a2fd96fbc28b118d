import type { ScenarioTemplateInput } from '@scrai/contracts';

/** A long round-robin debate that can only end on max_turns: 300 actor turns, narration every round. */
export const chaosScenario = (turns: number): ScenarioTemplateInput => ({
  name: 'chaos-debate',
  description: 'The town-hall cast, run long and without early endings, for fault injection.',
  roles: {
    mayor: { agent: 'mayor-budget-defender' },
    business_owner: { agent: 'small-business-owner' },
    activist: { agent: 'housing-activist' },
    narrator: { agent: 'narrator-chronicler' },
    analyst: { agent: 'analyst-civic' },
  },
  turn_policy: 'round_robin',
  max_turns: turns,
  timeout_seconds: 3600,
  analysis_every_n_turns: 50,
  completion_conditions: [],
  opening_situation: 'Riverton City Hall. The budget hearing will run late into the night.',
  seed: 2026,
  context_window: 12,
  // nobody may leave: the run must go on to max_turns whatever the mock actors feel like
  actor_actions: ['speak', 'act', 'think'],
});
