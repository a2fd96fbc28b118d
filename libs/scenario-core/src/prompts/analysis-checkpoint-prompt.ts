import type { EngineTask } from '@scrai/contracts';
import type { Prompt } from './prompt.js';
import { JSON_ONLY, renderContext } from './render-context.js';
import { METRICS_FIELD, analystSystem, renderStats } from './analyst-frame.js';
import { responseFormatOf } from './response-formats.js';
import { hintsOf } from './prompt-hints.js';

const CHECKPOINT_ANSWER = [
  'Answer with a JSON object with these fields:',
  '- "summary": what has happened since the start and where the scene is heading (one short paragraph)',
  METRICS_FIELD,
].join('\n');

/** analysis.checkpoint: the analyst's interim summary and metrics every N turns. */
export function buildAnalysisCheckpointPrompt(task: EngineTask): Prompt {
  const user = [
    renderContext(task),
    renderStats(task.stats),
    `Checkpoint after turn ${task.turn} of at most ${task.max_turns} (round ${task.round} of at most ${task.max_rounds}).`,
    'Write an interim analysis of the scenario so far.',
    CHECKPOINT_ANSWER,
    JSON_ONLY,
  ].join('\n\n');
  return { system: analystSystem(task), messages: [{ role: 'user', content: user }], responseFormat: responseFormatOf(task.kind), hints: hintsOf(task) };
}
