import type { EngineTask, TaskKind } from '@scrai/contracts';
import type { Prompt } from './prompt.js';
import { buildActorTurnPrompt } from './actor-turn-prompt.js';
import { buildSceneOpenPrompt } from './scene-open-prompt.js';
import { buildRoundResolvePrompt } from './round-resolve-prompt.js';
import { buildAnalysisCheckpointPrompt } from './analysis-checkpoint-prompt.js';
import { buildAnalysisReportPrompt } from './analysis-report-prompt.js';

const BUILDERS: Record<TaskKind, (task: EngineTask) => Prompt> = {
  'scene.open': buildSceneOpenPrompt,
  'actor.turn': buildActorTurnPrompt,
  'round.resolve': buildRoundResolvePrompt,
  'analysis.checkpoint': buildAnalysisCheckpointPrompt,
  'analysis.report': buildAnalysisReportPrompt,
};

/** The prompt of any task, chosen by its kind. */
export function promptFor(task: EngineTask): Prompt {
  return BUILDERS[task.kind](task);
}
