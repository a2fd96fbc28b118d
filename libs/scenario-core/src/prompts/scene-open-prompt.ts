import type { EngineTask } from '@scrai/contracts';
import type { Prompt } from './prompt.js';
import { JSON_ONLY, renderContext } from './render-context.js';
import { NARRATION_ANSWER, narratorSystem } from './narrator-frame.js';
import { responseFormatOf } from './response-formats.js';
import { hintsOf } from './prompt-hints.js';

/** scene.open: the narrator sets the scene before the first round. */
export function buildSceneOpenPrompt(task: EngineTask): Prompt {
  const user = [
    renderContext(task),
    `The scene is about to begin: at most ${task.max_rounds} rounds and ${task.max_turns} actor turns.`,
    'Open the scene: describe the setting and the situation the characters find themselves in, so that they can act.',
    NARRATION_ANSWER,
    JSON_ONLY,
  ].join('\n\n');
  return { system: narratorSystem(task), messages: [{ role: 'user', content: user }], responseFormat: responseFormatOf(task.kind), hints: hintsOf(task) };
}
