import type { EngineTask } from '@scrai/contracts';
import type { Prompt } from './prompt.js';
import { JSON_ONLY, renderContext } from './render-context.js';
import { NARRATION_ANSWER, narratorSystem } from './narrator-frame.js';
import { responseFormatOf } from './response-formats.js';
import { hintsOf } from './prompt-hints.js';

/** round.resolve: the narrator closes a round by narrating what came of the characters' actions. */
export function buildRoundResolvePrompt(task: EngineTask): Prompt {
  const user = [
    renderContext(task),
    `Round ${task.round} of at most ${task.max_rounds} has ended; ${task.turn} of at most ${task.max_turns} actor turns have been taken.`,
    "Resolve the round: narrate the consequences of the characters' actions and how the situation has changed.",
    NARRATION_ANSWER,
    JSON_ONLY,
  ].join('\n\n');
  return { system: narratorSystem(task), messages: [{ role: 'user', content: user }], responseFormat: responseFormatOf(task.kind), hints: hintsOf(task) };
}
