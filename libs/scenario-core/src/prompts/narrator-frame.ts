import type { EngineTask } from '@scrai/contracts';
import { renderPersona } from './render-persona.js';
import { narratorSettingsOf, renderNarratorSettings } from './narrator-settings.js';

/** The narrator's system prompt: the role of a narrator, its persona and its settings. */
export function narratorSystem(task: EngineTask): string {
  return [
    'You are the narrator of a multi-agent role-play scenario. You describe the scene and the consequences ' +
      "of what the characters do. You never speak or decide for the characters; they are played by others.",
    renderPersona(task.agent),
    renderNarratorSettings(narratorSettingsOf(task)),
  ].join('\n\n');
}

export const NARRATION_ANSWER = [
  'Answer with a JSON object with these fields:',
  '- "narration": your narration (one or two short paragraphs)',
  '- "scene_concluded": true only if the scene has reached its natural end, otherwise false',
].join('\n');
